/**
 * The AWS half of the step: credentials, the BYOL check, the name lookup, the
 * import and the wait. It is loaded only once the inputs are valid, so a run
 * that fails validation does not load the AWS SDK.
 */
import * as core from '@actions/core';
import { ActionError } from './action-error.js';
import { isRetryableAwsError } from './aws-errors.js';
import { cancelledError } from './cancellation.js';
import { sleep } from './backoff.js';
import { webIdentityCredentials } from './credentials.js';
import { explainWorkSpacesError } from './explain.js';
import { ingestionErrorHint } from './ingestion-errors.js';
import type { ActionInputs } from './inputs.js';
import { formatDuration } from './poll-schedule.js';
import type { StepReport } from './summary.js';
import { waitForImage, type StateSpan } from './wait.js';
import { WorkSpacesApi, type ExistingImage } from './workspaces.js';

/** Progress of the import, which the caller reads when the step ends early. */
export interface ImportProgress {
  /** True while ImportWorkspaceImage is in flight, when a cancellation may still create the image. */
  importInFlight: boolean;
}

/**
 * Imports the image (or reuses or only checks it) and waits if asked,
 * filling `report` and setting outputs as values become known. Failures are thrown.
 */
export async function importWorkSpacesImage(
  inputs: ActionInputs,
  report: StepReport,
  progress: ImportProgress,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (inputs.manifestSource !== undefined) {
    const source = inputs.manifestSource;
    core.info(`Using ${inputs.ec2ImageId} from build "${source.buildName}" of ${source.path} (Packer run ${source.runUuid}).`);
  }
  const api = new WorkSpacesApi(inputs.region, createCredentials(inputs, signal));
  await api.resolveCredentials();
  await api.checkByolEnabled(signal);

  const lookupStartedAt = Date.now();
  core.info(`Looking up the image name "${inputs.imageName}" among the account's images (DescribeWorkspaceImages).`);
  const existing = await api.findOwnedImage(inputs.imageName, signal);
  let imageId: string;
  if (existing !== undefined) {
    imageId = reuseExistingImage(existing, inputs, report);
  } else if (inputs.dryRun) {
    reportDryRun(inputs, report);
    return;
  } else {
    progress.importInFlight = true;
    imageId = await importOrAdopt(api, inputs, lookupStartedAt, report, signal);
    progress.importInFlight = false;

    // Set at once, so the id survives a failed or cancelled wait.
    report.imageId = imageId;
    report.imageState = 'PENDING';
    core.setOutput('image-id', imageId);
    core.setOutput('image-state', 'PENDING');
    core.setOutput('created', 'true');
    report.outcome = 'started';
  }

  if (inputs.dryRun) {
    core.info(`Dry run: image ${imageId} already has the name "${inputs.imageName}" and would be reused; nothing was changed.`);
    report.outcome = 'dry-run';
    return;
  }
  if (inputs.waitForAvailable) {
    await waitUntilAvailable(api, inputs, imageId, existing?.created?.getTime() ?? lookupStartedAt, report, signal);
  }
}

/**
 * Handles an image that already has the name: fails with `if-exists: fail`,
 * or makes it the step's image with `reuse`. Returns the image id.
 */
function reuseExistingImage(existing: ExistingImage, inputs: ActionInputs, report: StepReport): string {
  const created = existing.created ? `, created ${existing.created.toISOString()}` : '';
  const described = `image ${existing.imageId} (state ${existing.state}${created})`;
  if (inputs.ifExists === 'fail') {
    throw new ActionError(`An image named "${inputs.imageName}" already exists: ${described}. Nothing was imported.`, {
      hints: [
        'Choose another image-name (for example with the release tag in it), or set if-exists: reuse to use the existing image.',
        'This is expected on a re-run of a release job whose import already succeeded.',
      ],
    });
  }

  if (!inputs.dryRun) {
    core.info(`Reusing ${described}, which already has the name "${inputs.imageName}"; nothing is imported.`);
  }
  report.imageId = existing.imageId;
  report.imageState = existing.state;
  report.reused = !inputs.dryRun;
  report.outcome = 'reused';
  core.setOutput('image-id', existing.imageId);
  core.setOutput('image-state', existing.state);
  core.setOutput('created', 'false');
  if (existing.state === 'ERROR') {
    // An image that failed ingestion can never become AVAILABLE, so reusing it would only pass the failure on.
    throw new ActionError(`Image ${existing.imageId} named "${inputs.imageName}" exists but failed ingestion (state ERROR).`, {
      hints: [
        'Delete the failed image in the WorkSpaces console, or import under another image-name.',
        `See why it failed with: aws workspaces describe-workspace-images --image-ids ${existing.imageId} --region ${inputs.region}`,
      ],
    });
  }
  return existing.imageId;
}

function reportDryRun(inputs: ActionInputs, report: StepReport): void {
  core.setOutput('created', 'false');
  core.info('Dry run: BYOL is enabled and the name is free. This import would be requested:');
  core.info(`  Ec2ImageId:       ${inputs.ec2ImageId}`);
  core.info(`  IngestionProcess: ${inputs.ingestionProcess}`);
  core.info(`  ImageName:        ${inputs.imageName}`);
  core.info(`  ImageDescription: ${inputs.imageDescription}`);
  core.info(`  Applications:     ${inputs.applications.join(', ') || '(none)'}`);
  core.info(`  Tags:             ${inputs.tags.map((tag) => `${tag.Key}=${tag.Value}`).join(', ') || '(none)'}`);
  core.info('Nothing was imported.');
  report.outcome = 'dry-run';
}

/**
 * Clock difference allowed between the runner and AWS when deciding whether
 * an image was created after the name lookup of this run.
 */
const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** Name lookups after a failed import, and the pause between them, for a listing that lags behind. */
const ADOPTION_LOOKUPS = 3;
const ADOPTION_LOOKUP_DELAY_MS = 2_000;

/**
 * Imports the image. ImportWorkspaceImage has no idempotency token, so an
 * import whose response was lost may have made the image anyway: the SDK's
 * retry then gets `ResourceAlreadyExistsException`, or every attempt fails.
 * In both cases the name is looked up, and an image this run made is adopted.
 */
async function importOrAdopt(
  api: WorkSpacesApi,
  inputs: ActionInputs,
  lookupStartedAt: number,
  report: StepReport,
  signal: AbortSignal | undefined,
): Promise<string> {
  try {
    return await api.importImage(inputs, signal);
  } catch (error) {
    const alreadyExists = error instanceof ActionError && error.awsErrorName === 'ResourceAlreadyExistsException';
    const mayHaveSucceeded = error instanceof ActionError && isRetryableAwsError(error.cause);
    if (!(error instanceof ActionError) || !(alreadyExists || mayHaveSucceeded) || signal?.aborted) {
      throw error;
    }

    const found = await lookUpAfterFailedImport(api, inputs.imageName, signal);
    if (found !== undefined && madeByThisRun(found, inputs, lookupStartedAt, error)) {
      core.warning(
        `ImportWorkspaceImage failed with ${error.awsErrorName ?? 'an error'} after its response was lost, but image ` +
          `${found.imageId} was created${found.created ? ` at ${found.created.toISOString()}` : ''}, after this run found ` +
          'the name free and with this run\'s description. It comes from this run\'s own request and is used.',
      );
      report.adopted = true;
      return found.imageId;
    }
    if (found !== undefined && alreadyExists) {
      throw new ActionError(`${error.message} It is image ${found.imageId} (state ${found.state}), which this run did not create.`, {
        hints: error.hints,
        ...(error.requestId ? { requestId: error.requestId } : {}),
        awsErrorName: error.awsErrorName,
        cause: error,
      });
    }
    throw error;
  }
}

/** Looks the name up a few times, because a listing can lag behind an import that just succeeded. */
async function lookUpAfterFailedImport(
  api: WorkSpacesApi,
  imageName: string,
  signal: AbortSignal | undefined,
): Promise<ExistingImage | undefined> {
  for (let lookup = 1; ; lookup += 1) {
    core.info(`Looking up "${imageName}" in case the failed import created the image (lookup ${lookup} of ${ADOPTION_LOOKUPS}).`);
    const found = await api.findOwnedImage(imageName, signal);
    if (found !== undefined || lookup >= ADOPTION_LOOKUPS) {
      return found;
    }
    await sleep(ADOPTION_LOOKUP_DELAY_MS, signal);
  }
}

/**
 * Tells whether an image found after a failed import is this run's: created
 * after this run found the name free, and either sent more than once by the
 * SDK or carrying this run's description (the default one names the run).
 */
function madeByThisRun(found: ExistingImage, inputs: ActionInputs, lookupStartedAt: number, error: ActionError): boolean {
  const createdAt = found.created?.getTime();
  if (createdAt === undefined || createdAt < lookupStartedAt - CLOCK_SKEW_ALLOWANCE_MS) {
    return false;
  }
  const attempts = (error.cause as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
  // NOTE: a concurrent run that imports the same name with the same description between this run's
  // lookup and its import would also pass. The name lookup narrows that window but cannot close it.
  return attempts > 1 || found.description === inputs.imageDescription;
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

/**
 * Waits for the image and turns the outcome into the step's result.
 * `firstStateStartedAt` is when the image's first state began: the import
 * call, or the creation time of a reused image.
 */
async function waitUntilAvailable(
  api: WorkSpacesApi,
  inputs: ActionInputs,
  imageId: string,
  firstStateStartedAt: number,
  report: StepReport,
  signal: AbortSignal | undefined,
): Promise<void> {
  const timeoutMs = inputs.waitTimeoutMinutes * 60_000;
  const schedule = { minDelayMs: inputs.pollIntervalSeconds * 1000, maxDelayMs: inputs.pollIntervalSeconds * 2000 };
  core.info(
    `Waiting up to ${formatDuration(timeoutMs)} for image ${imageId} to become AVAILABLE ` +
      `(a check every ${formatDuration(schedule.minDelayMs)} to ${formatDuration(schedule.maxDelayMs)}).`,
  );

  // The report gets the timeline from the start, so a wait that throws still shows what it saw.
  const timeline: StateSpan[] = [];
  report.timeline = timeline;
  const waitStartedAt = Date.now();
  let result;
  try {
    result = await waitForImage(
      { imageId, timeoutMs, schedule, timeline, startedAtMs: firstStateStartedAt, ...(signal ? { signal } : {}) },
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
  } finally {
    report.waitedMs = Date.now() - waitStartedAt;
  }
  const waited = formatDuration(result.elapsedMs);

  switch (result.outcome.kind) {
    case 'available':
      report.outcome = 'available';
      core.info(`Image ${imageId} is AVAILABLE after ${waited} of waiting (${result.checks} ${result.checks === 1 ? 'check' : 'checks'}).`);
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
          details,
          hints: [
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
