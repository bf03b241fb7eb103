/**
 * Waiting for BYOL ingestion: checks the image state until it is AVAILABLE
 * or ERROR, the deadline passes, or the step is cancelled. The outcome is an
 * explicit value; only errors that end the wait at once (access denied, a
 * vanished image) are thrown.
 */
import { ActionError } from './action-error.js';
import { awsErrorInfo, isRetryableAwsError } from './aws-errors.js';
import { clampToDeadline, formatDuration, pollDelayMs, type PollScheduleOptions } from './poll-schedule.js';

export interface ImageErrorDetail {
  code: string | undefined;
  message: string | undefined;
}

/** The image as one DescribeWorkspaceImages call showed it. */
export interface ImageSnapshot {
  state: string;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  errorDetails: ImageErrorDetail[];
}

/** A stretch of time the image spent in one state. */
export interface StateSpan {
  state: string;
  startedAtMs: number;
  /** Undefined for the last state seen. */
  endedAtMs?: number;
}

export type WaitOutcome =
  | { kind: 'available'; image: ImageSnapshot }
  | { kind: 'error'; image: ImageSnapshot }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export interface WaitResult {
  outcome: WaitOutcome;
  timeline: StateSpan[];
  checks: number;
  elapsedMs: number;
}

export interface WaitOptions {
  imageId: string;
  /** Time from the start of the wait until it gives up. */
  timeoutMs: number;
  schedule: PollScheduleOptions;
  /** Empty DescribeWorkspaceImages results in a row before the image counts as gone. */
  maxMissingChecks?: number;
  /**
   * Time the image must stay unlisted, on top of `maxMissingChecks`, before it
   * counts as gone, so that short poll intervals do not mistake a listing that
   * lags behind the import for a deleted image.
   */
  minMissingMs?: number;
  /** Receives the states as they are seen, so the caller keeps them even when the wait throws. */
  timeline?: StateSpan[];
  /** When the image entered its first state (the import call), for the timeline. */
  startedAtMs?: number;
  signal?: AbortSignal;
}

export interface WaitDependencies {
  /** Returns the image, or undefined when DescribeWorkspaceImages returned no image. */
  describe: (signal?: AbortSignal) => Promise<ImageSnapshot | undefined>;
  /** Ends the call with an explained failure that must stop the wait. */
  explain: (error: unknown) => ActionError;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  log: (line: string) => void;
  /** Called with every state seen, so outputs always hold the last one. */
  onState: (state: string) => void;
  random?: () => number;
}

const DEFAULT_MAX_MISSING_CHECKS = 3;
const DEFAULT_MIN_MISSING_MS = 60_000;

/** Polls the image until a terminal state, the timeout or cancellation. */
export async function waitForImage(options: WaitOptions, deps: WaitDependencies): Promise<WaitResult> {
  const start = deps.now();
  const deadline = start + options.timeoutMs;
  const maxMissing = options.maxMissingChecks ?? DEFAULT_MAX_MISSING_CHECKS;
  const minMissingMs = options.minMissingMs ?? DEFAULT_MIN_MISSING_MS;
  const timeline: StateSpan[] = options.timeline ?? [];
  let checks = 0;
  let missing = 0;
  let missingSince = 0;

  const finish = (outcome: WaitOutcome): WaitResult => ({ outcome, timeline, checks, elapsedMs: deps.now() - start });

  for (;;) {
    if (options.signal?.aborted) {
      return finish({ kind: 'aborted' });
    }
    checks += 1;

    let snapshot: ImageSnapshot | undefined;
    let status: string | undefined;
    try {
      snapshot = await deps.describe(options.signal);
    } catch (error) {
      if (options.signal?.aborted) {
        return finish({ kind: 'aborted' });
      }
      if (!isRetryableAwsError(error)) {
        throw deps.explain(error);
      }
      const info = awsErrorInfo(error);
      const code = (error as { code?: string }).code;
      const cause = info.name === 'Error' && code !== undefined ? code : info.name;
      status = `could not be checked (${cause}${info.requestId ? `, request id ${info.requestId}` : ''}) and is still awaited`;
    }

    if (snapshot === undefined && status === undefined) {
      missing += 1;
      if (missing === 1) {
        missingSince = deps.now();
      }
      if (missing >= maxMissing && deps.now() - missingSince >= minMissingMs) {
        throw new ActionError(
          `DescribeWorkspaceImages returned no image ${options.imageId} in ${missing} checks in a row, ` +
            `over ${formatDuration(deps.now() - missingSince)}.`,
          { hints: ['The image may have been deleted while it was importing. Check the WorkSpaces console and import again.'] },
        );
      }
      status = 'is not listed yet';
    } else if (snapshot !== undefined) {
      missing = 0;
      recordState(timeline, snapshot.state, deps.now(), options.startedAtMs);
      deps.onState(snapshot.state);
      if (snapshot.state === 'AVAILABLE') {
        return finish({ kind: 'available', image: snapshot });
      }
      if (snapshot.state === 'ERROR') {
        return finish({ kind: 'error', image: snapshot });
      }
      status = `is ${snapshot.state}`;
    }

    const now = deps.now();
    if (now >= deadline) {
      return finish({ kind: 'timeout' });
    }
    const delay = clampToDeadline(pollDelayMs(checks, options.schedule, deps.random), now, deadline);
    deps.log(
      `Check ${checks}: image ${options.imageId} ${status ?? 'is in an unknown state'} after ${formatDuration(now - start)}; ` +
        `next check in ${formatDuration(delay)}, ${formatDuration(deadline - now)} left before the timeout.`,
    );
    try {
      await deps.sleep(delay, options.signal);
    } catch {
      return finish({ kind: 'aborted' });
    }
  }
}

/** Adds a span when the state differs from the last one seen. */
function recordState(timeline: StateSpan[], state: string, nowMs: number, firstStartMs: number | undefined): void {
  const last = timeline.at(-1);
  if (last?.state === state) {
    return;
  }
  if (last !== undefined) {
    last.endedAtMs = nowMs;
  }
  timeline.push({ state, startedAtMs: last === undefined && firstStartMs !== undefined ? firstStartMs : nowMs });
}
