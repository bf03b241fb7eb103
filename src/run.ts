/**
 * The step: read the inputs, obtain credentials, check BYOL, import, wait if
 * asked, and report through outputs and the job summary on every outcome.
 */
import * as core from '@actions/core';
import { ActionError, formatFailure } from './action-error.js';
import { sleep } from './backoff.js';
import { webIdentityCredentials } from './credentials.js';
import { explainWorkSpacesError } from './explain.js';
import { readRunContext } from './github-context.js';
import { ingestionErrorHint } from './ingestion-errors.js';
import { formatInputProblems, readInputs, type ActionInputs } from './inputs.js';
import { formatDuration } from './poll-schedule.js';
import { writeSummary, type StepReport } from './summary.js';
import { waitForImage } from './wait.js';
import { WorkSpacesApi } from './workspaces.js';

/** Runs the step; a failure is reported through `core.setFailed`, which sets the exit code. */
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
  core.setOutput('ec2-image-id', inputs.ec2ImageId);
  core.setOutput('image-name', inputs.imageName);

  let importInFlight = false;
  try {
    const api = new WorkSpacesApi(inputs.region, createCredentials(inputs, signal));
    await api.checkByolEnabled(signal);

    const importStartedAt = Date.now();
    importInFlight = true;
    const imageId = await api.importImage(inputs, signal);
    importInFlight = false;

    // Set at once, so the id survives a failed or cancelled wait.
    report.imageId = imageId;
    report.imageState = 'PENDING';
    core.setOutput('image-id', imageId);
    core.setOutput('image-state', 'PENDING');
    report.outcome = 'started';

    if (inputs.waitForAvailable) {
      await waitUntilAvailable(api, inputs, imageId, importStartedAt, report, signal);
    }
  } catch (error) {
    if (signal?.aborted && report.outcome !== 'cancelled') {
      report.outcome = 'cancelled';
      error = cancelledError(importInFlight, inputs);
    } else if (report.outcome === 'started') {
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

function createCredentials(inputs: ActionInputs, signal: AbortSignal | undefined) {
  if (inputs.roleToAssume === undefined) {
    core.info("No role-to-assume given: using the AWS SDK's default credential chain.");
    return undefined;
  }
  return webIdentityCredentials({
    roleArn: inputs.roleToAssume,
    roleSessionName: inputs.roleSessionName,
    durationSeconds: inputs.roleDurationSeconds,
    audience: inputs.audience,
    region: inputs.region,
    getIdToken: (audience) => core.getIDToken(audience),
    ...(signal ? { signal } : {}),
  });
}

async function waitUntilAvailable(
  api: WorkSpacesApi,
  inputs: ActionInputs,
  imageId: string,
  importStartedAt: number,
  report: StepReport,
  signal: AbortSignal | undefined,
): Promise<void> {
  const timeoutMs = inputs.waitTimeoutMinutes * 60_000;
  const schedule = { minDelayMs: inputs.pollIntervalSeconds * 1000, maxDelayMs: inputs.pollIntervalSeconds * 2000 };
  core.info(
    `Waiting up to ${formatDuration(timeoutMs)} for image ${imageId} to become AVAILABLE ` +
      `(a check every ${formatDuration(schedule.minDelayMs)} to ${formatDuration(schedule.maxDelayMs)}).`,
  );

  const result = await waitForImage(
    { imageId, timeoutMs, schedule, startedAtMs: importStartedAt, ...(signal ? { signal } : {}) },
    {
      describe: (callSignal) => api.describeImage(imageId, callSignal),
      explain: (error) => explainWorkSpacesError('DescribeWorkspaceImages', error),
      now: Date.now,
      sleep,
      log: (line) => core.info(line),
      onState: (state) => {
        if (state !== report.imageState) {
          report.imageState = state;
          core.setOutput('image-state', state);
        }
      },
    },
  );
  report.timeline = result.timeline;
  report.waitedMs = result.elapsedMs;
  const waited = formatDuration(result.elapsedMs);

  switch (result.outcome.kind) {
    case 'available':
      report.outcome = 'available';
      core.info(`Image ${imageId} is AVAILABLE after ${waited} of waiting (${result.checks} checks).`);
      return;
    case 'error': {
      report.outcome = 'ingestion-error';
      const image = result.outcome.image;
      report.errorImage = image;
      const details = image.errorDetails.map((detail) => {
        const hint = ingestionErrorHint(detail.code);
        return `${detail.code ?? '(no code)'}: ${detail.message ?? ''}${hint ? ` Fix: ${hint}` : ''}`;
      });
      throw new ActionError(
        `Image ${imageId} failed ingestion with ${image.errorCode ?? 'no error code'}: ${image.errorMessage ?? 'no message'}`,
        {
          hints: [
            ...details,
            'Fix the Windows VM, run the BYOL Checker on it, create a new AMI and import it under a new image-name. ' +
              'The failed image can be deleted in the WorkSpaces console.',
          ],
        },
      );
    }
    case 'timeout':
      report.outcome = 'timeout';
      throw new ActionError(
        `Timed out after ${waited}: image ${imageId} is still ${report.imageState ?? 'PENDING'}. It keeps importing in AWS.`,
        {
          hints: [
            `Follow it with: aws workspaces describe-workspace-images --image-ids ${imageId} --region ${inputs.region}`,
            'Raise wait-timeout-minutes (and the job\'s timeout-minutes) if imports regularly take longer: ' +
              'BYOL ingestion takes at least 90 minutes, 3 hours or more with Office.',
          ],
        },
      );
    case 'aborted':
      report.outcome = 'cancelled';
      throw cancelledError(false, inputs, imageId);
  }
}

function cancelledError(importInFlight: boolean, inputs: ActionInputs, imageId?: string): ActionError {
  if (imageId !== undefined) {
    return new ActionError(`Cancelled while waiting; image ${imageId} is still importing in AWS. Nothing was deleted.`, {
      hints: [`Follow it with: aws workspaces describe-workspace-images --image-ids ${imageId} --region ${inputs.region}`],
    });
  }
  if (importInFlight) {
    return new ActionError('Cancelled during the ImportWorkspaceImage call; AWS may have created the image anyway.', {
      hints: [`Look for an image named "${inputs.imageName}" in the WorkSpaces console in ${inputs.region} before importing again.`],
    });
  }
  return new ActionError('Cancelled before the import started; nothing was created in AWS.');
}
