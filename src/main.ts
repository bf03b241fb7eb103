/** Entry point of the action, run by the GitHub runner as `node dist/index.js`. */
import * as core from '@actions/core';
import { run } from './run.js';

try {
  await run();
} catch (error) {
  // run() reports its own failures; this catches only defects in the action itself.
  core.setFailed(`Unexpected error in the action: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
