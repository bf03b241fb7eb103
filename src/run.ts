/**
 * The step: read the inputs, obtain credentials, check BYOL, import, and
 * report through outputs and the job summary on every outcome.
 */
import * as core from '@actions/core';
import { ActionError, formatFailure } from './action-error.js';
import { webIdentityCredentials } from './credentials.js';
import { readRunContext } from './github-context.js';
import { formatInputProblems, readInputs } from './inputs.js';
import { writeSummary, type StepReport } from './summary.js';
import { checkByolEnabled, createWorkSpacesClient, importImage } from './workspaces.js';

/** Runs the step and sets the process exit code through `core.setFailed` on failure. */
export async function run(signal?: AbortSignal): Promise<void> {
  const runContext = readRunContext(process.env);
  const parsed = readInputs((name) => core.getInput(name), process.env, runContext);
  if (!parsed.ok) {
    core.setFailed(formatInputProblems(parsed.problems));
    await writeSummary({ outcome: 'failed', inputs: parsed.partial, run: runContext, inputProblems: parsed.problems });
    return;
  }

  const { inputs } = parsed;
  const report: StepReport = { outcome: 'failed', inputs, run: runContext };
  // The AMI is known from here on; a later failure keeps this output.
  core.setOutput('ec2-image-id', inputs.ec2ImageId);
  core.setOutput('image-name', inputs.imageName);

  try {
    const credentials =
      inputs.roleToAssume === undefined
        ? undefined
        : webIdentityCredentials({
            roleArn: inputs.roleToAssume,
            roleSessionName: inputs.roleSessionName,
            durationSeconds: inputs.roleDurationSeconds,
            audience: inputs.audience,
            region: inputs.region,
            getIdToken: (audience) => core.getIDToken(audience),
            ...(signal ? { signal } : {}),
          });
    if (credentials === undefined) {
      core.info("No role-to-assume given: using the AWS SDK's default credential chain.");
    }
    const client = createWorkSpacesClient(inputs.region, credentials);

    await checkByolEnabled(client, inputs.region, signal);
    const imageId = await importImage(client, inputs, signal);

    // Set at once, so the id is not lost if anything later fails.
    report.imageId = imageId;
    report.imageState = 'PENDING';
    core.setOutput('image-id', imageId);
    core.setOutput('image-state', 'PENDING');
    report.outcome = 'started';
  } catch (error) {
    const failure =
      error instanceof ActionError
        ? { message: error.message, hints: error.hints, ...(error.requestId ? { requestId: error.requestId } : {}) }
        : { message: error instanceof Error ? error.message : String(error), hints: [] };
    report.failure = failure;
    core.setFailed(formatFailure(error));
  } finally {
    await writeSummary(report);
  }
}
