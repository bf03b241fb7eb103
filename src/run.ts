/**
 * The step: read the inputs, obtain credentials, check BYOL, import, wait if
 * asked, and report through outputs and the job summary on every outcome.
 */
import * as core from '@actions/core';
import { ActionError, formatFailure } from './action-error.js';
import { cancelledError } from './cancellation.js';
import { readRunContext } from './github-context.js';
import { formatInputProblems, readInputs } from './inputs.js';
import { writeSummary, type StepReport } from './summary.js';

/** Runs the step; a failure is reported through `core.setFailed`, which sets the exit code. */
export async function run(signal?: AbortSignal): Promise<void> {
  const runContext = readRunContext(process.env);
  const parsed = readInputs((name) => core.getInput(name), process.env, runContext);
  if (!parsed.ok) {
    // The values that were valid are still given, as they are on every other outcome.
    if (parsed.partial.ec2ImageId !== undefined) {
      core.setOutput('ec2-image-id', parsed.partial.ec2ImageId);
    }
    if (parsed.partial.imageName !== undefined) {
      core.setOutput('image-name', parsed.partial.imageName);
    }
    core.setFailed(formatInputProblems(parsed.problems));
    await writeSummary({ outcome: 'failed', inputs: parsed.partial, run: runContext, inputProblems: parsed.problems });
    return;
  }

  const { inputs } = parsed;
  const report: StepReport = { outcome: 'failed', inputs, run: runContext };
  core.setOutput('ec2-image-id', inputs.ec2ImageId);
  core.setOutput('image-name', inputs.imageName);

  const progress = { importInFlight: false };
  try {
    const { importWorkSpacesImage } = await import('./import-flow.js');
    await importWorkSpacesImage(inputs, report, progress, signal);
  } catch (error) {
    if (signal?.aborted && report.outcome !== 'cancelled') {
      report.outcome = 'cancelled';
      error = cancelledError(progress.importInFlight, inputs);
    } else if (report.outcome === 'started' || report.outcome === 'reused') {
      report.outcome = 'failed';
    }
    report.failure = {
      message: error instanceof Error ? error.message : String(error),
      hints: error instanceof ActionError ? error.hints : [],
      ...(error instanceof ActionError && error.requestId ? { requestId: error.requestId } : {}),
    };
    core.setFailed(formatFailure(error));
  } finally {
    await writeSummary(report);
  }
}
