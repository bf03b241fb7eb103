/** Entry point of the action, run by the GitHub runner as `node dist/index.js`. */
import * as core from '@actions/core';
import { run } from './run.js';

/**
 * Once cancelled, the step must end before the runner's SIGKILL, which follows
 * SIGINT within seconds; this bounds the time left for the summary.
 */
const EXIT_DEADLINE_AFTER_SIGNAL_MS = 4_000;

const controller = new AbortController();

function onSignal(signal: NodeJS.Signals): void {
  if (controller.signal.aborted) {
    return;
  }
  core.info(`Received ${signal}: the workflow was cancelled. Stopping and writing the summary.`);
  controller.abort(new Error(`Cancelled by ${signal}`));
  setTimeout(() => process.exit(1), EXIT_DEADLINE_AFTER_SIGNAL_MS).unref();
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  await run(controller.signal);
} catch (error) {
  // run() reports its own failures; this catches only defects in the action itself.
  core.setFailed(`Unexpected error in the action: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
if (controller.signal.aborted) {
  // Exit now rather than wait for open sockets of the cancelled calls to close.
  process.exit(1);
}
