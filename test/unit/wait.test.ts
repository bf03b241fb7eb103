import { describe, expect, it, vi } from 'vitest';
import { ActionError } from '../../src/action-error.ts';
import {
  waitForImage,
  type ImageSnapshot,
  type StateSpan,
  type WaitDependencies,
  type WaitOptions,
  type WaitResult,
} from '../../src/wait.ts';

const IMAGE_ID = 'wsi-0123abcd9';
const START_MS = Date.UTC(2025, 0, 15, 9, 0, 0);
const IMPORT_STARTED_MS = START_MS - 30_000;
const MINUTE_MS = 60_000;

/** The schedule the action builds from the default poll-interval-seconds of 60. */
const SCHEDULE = { minDelayMs: 60_000, maxDelayMs: 120_000 };

/** One scripted DescribeWorkspaceImages result: an image, no image, or a thrown error. */
type Step = ImageSnapshot | undefined | Error;

function image(state: string): ImageSnapshot {
  return { state, errorDetails: [] };
}

const PENDING = image('PENDING');
const AVAILABLE = image('AVAILABLE');

function sdkError(name: string, httpStatusCode: number, requestId?: string): Error {
  const error = new Error(`${name} message`);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode, requestId } });
  return error;
}

interface FakeOptions {
  controller?: AbortController;
  /** Aborts the controller during this sleep (counting from 1), before the sleep rejects. */
  abortDuringSleep?: number;
  /** Aborts the controller during this describe call (counting from 1), before it throws. */
  abortDuringDescribe?: number;
  random?: () => number;
}

/** Fake dependencies on a fake clock, which the fake sleep advances by the requested delay. */
class Fakes {
  clockMs = START_MS;
  readonly describeTimes: number[] = [];
  readonly sleeps: number[] = [];
  readonly logs: string[] = [];
  readonly states: string[] = [];
  readonly explain = vi.fn((error: unknown) => new ActionError(`explained ${String(error)}`));
  readonly deps: WaitDependencies;

  constructor(script: readonly Step[], options: FakeOptions = {}) {
    const remaining = [...script];
    this.deps = {
      describe: async () => {
        this.describeTimes.push(this.clockMs);
        if (options.abortDuringDescribe === this.describeTimes.length) {
          options.controller?.abort();
          throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
        }
        if (remaining.length === 0) {
          throw new Error(`describe called ${this.describeTimes.length} times, more than the script has`);
        }
        const step = remaining.shift();
        if (step instanceof Error) {
          throw step;
        }
        return step;
      },
      explain: this.explain,
      now: () => this.clockMs,
      sleep: async (ms, signal) => {
        this.sleeps.push(ms);
        if (options.abortDuringSleep === this.sleeps.length) {
          options.controller?.abort();
        }
        if (signal?.aborted) {
          throw new Error('sleep aborted');
        }
        this.clockMs += ms;
      },
      log: (line) => {
        this.logs.push(line);
      },
      onState: (state) => {
        this.states.push(state);
      },
      random: options.random ?? (() => 0),
    };
  }
}

function waitOptions(overrides: Partial<WaitOptions> = {}): WaitOptions {
  return { imageId: IMAGE_ID, timeoutMs: 60 * MINUTE_MS, schedule: SCHEDULE, ...overrides };
}

async function failureOf(promise: Promise<WaitResult>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('waitForImage available', () => {
  const script = [PENDING, PENDING, PENDING, AVAILABLE];

  it('returns available', async () => {
    const result = await waitForImage(waitOptions(), new Fakes(script).deps);
    expect(result.outcome).toEqual({ kind: 'available', image: AVAILABLE });
  });

  it('counts the checks', async () => {
    const result = await waitForImage(waitOptions(), new Fakes(script).deps);
    expect(result.checks).toBe(4);
  });

  it('measures the elapsed time', async () => {
    const result = await waitForImage(waitOptions(), new Fakes(script).deps);
    expect(result.elapsedMs).toBe(3 * MINUTE_MS);
  });

  it('sleeps between checks only', async () => {
    const fakes = new Fakes(script);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.sleeps).toEqual([MINUTE_MS, MINUTE_MS, MINUTE_MS]);
  });

  it('records the timeline', async () => {
    const result = await waitForImage(waitOptions({ startedAtMs: IMPORT_STARTED_MS }), new Fakes(script).deps);
    expect(result.timeline).toEqual([
      { state: 'PENDING', startedAtMs: IMPORT_STARTED_MS, endedAtMs: START_MS + 3 * MINUTE_MS },
      { state: 'AVAILABLE', startedAtMs: START_MS + 3 * MINUTE_MS },
    ]);
  });

  it('starts the timeline at the first check by default', async () => {
    const result = await waitForImage(waitOptions(), new Fakes(script).deps);
    expect(result.timeline[0]?.startedAtMs).toBe(START_MS);
  });
});

describe('waitForImage error state', () => {
  const failed: ImageSnapshot = {
    state: 'ERROR',
    errorCode: 'ValidationError',
    errorMessage: 'The image failed validation.',
    errorDetails: [
      { code: 'FirewallEnabled', message: 'Windows Firewall is on.' },
      { code: 'AutoLogonEnabled', message: 'AutoLogon is on.' },
    ],
  };

  it('returns the image with its details', async () => {
    const result = await waitForImage(waitOptions(), new Fakes([PENDING, failed]).deps);
    expect(result.outcome).toEqual({ kind: 'error', image: failed });
  });

  it('ends the timeline with ERROR', async () => {
    const result = await waitForImage(waitOptions(), new Fakes([PENDING, failed]).deps);
    expect(result.timeline.map((span) => span.state)).toEqual(['PENDING', 'ERROR']);
  });
});

describe('waitForImage unknown state', () => {
  it('keeps waiting on UPDATING', async () => {
    const fakes = new Fakes([PENDING, image('UPDATING'), PENDING, AVAILABLE]);
    const result = await waitForImage(waitOptions(), fakes.deps);
    expect(result.outcome.kind).toBe('available');
    expect(result.checks).toBe(4);
  });

  it('records UPDATING in the timeline', async () => {
    const result = await waitForImage(waitOptions(), new Fakes([PENDING, image('UPDATING'), AVAILABLE]).deps);
    expect(result.timeline).toEqual([
      { state: 'PENDING', startedAtMs: START_MS, endedAtMs: START_MS + MINUTE_MS },
      { state: 'UPDATING', startedAtMs: START_MS + MINUTE_MS, endedAtMs: START_MS + 2 * MINUTE_MS },
      { state: 'AVAILABLE', startedAtMs: START_MS + 2 * MINUTE_MS },
    ]);
  });
});

describe('waitForImage missing image', () => {
  it('retries an empty result', async () => {
    const result = await waitForImage(waitOptions(), new Fakes([undefined, undefined, PENDING, AVAILABLE]).deps);
    expect(result.outcome.kind).toBe('available');
    expect(result.checks).toBe(4);
  });

  it('logs an empty result as not listed', async () => {
    const fakes = new Fakes([undefined, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('not listed yet');
  });

  it('starts the timeline when the image appears', async () => {
    const result = await waitForImage(waitOptions(), new Fakes([undefined, PENDING, AVAILABLE]).deps);
    expect(result.timeline[0]).toEqual({ state: 'PENDING', startedAtMs: START_MS + MINUTE_MS, endedAtMs: START_MS + 2 * MINUTE_MS });
  });

  it('resets the count when the image appears', async () => {
    const script = [undefined, undefined, PENDING, undefined, undefined, AVAILABLE];
    const result = await waitForImage(waitOptions(), new Fakes(script).deps);
    expect(result.outcome.kind).toBe('available');
  });

  it('throws after three empty results', async () => {
    const fakes = new Fakes([PENDING, undefined, undefined, undefined, AVAILABLE]);
    const failure = await failureOf(waitForImage(waitOptions(), fakes.deps));
    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).message).toContain(IMAGE_ID);
    expect((failure as ActionError).hints.length).toBeGreaterThan(0);
    expect(fakes.describeTimes).toHaveLength(4);
  });

  it('honours maxMissingChecks', async () => {
    const fakes = new Fakes([undefined, AVAILABLE]);
    const failure = await failureOf(waitForImage(waitOptions({ maxMissingChecks: 1, minMissingMs: 0 }), fakes.deps));
    expect(failure).toBeInstanceOf(ActionError);
    expect(fakes.describeTimes).toHaveLength(1);
  });

  it('keeps waiting while missing only briefly', async () => {
    const fakes = new Fakes([undefined, undefined, undefined, AVAILABLE]);
    const result = await waitForImage(waitOptions({ maxMissingChecks: 2, minMissingMs: 10 * MINUTE_MS }), fakes.deps);
    expect(result.outcome.kind).toBe('available');
  });

  it('fills a timeline the caller owns', async () => {
    const timeline: StateSpan[] = [];
    const fakes = new Fakes([PENDING, sdkError('AccessDeniedException', 400)]);
    await failureOf(waitForImage(waitOptions({ timeline }), fakes.deps));
    expect(timeline.map((span) => span.state)).toEqual(['PENDING']);
  });
});

describe('waitForImage retryable errors', () => {
  const retryable: [string, Error][] = [
    ['throttling', sdkError('ThrottlingException', 400, 'req-throttled')],
    ['HTTP 503', sdkError('ServiceUnavailableException', 503)],
    ['reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ];

  it.each(retryable)('keeps waiting after %s', async (_label, error) => {
    const result = await waitForImage(waitOptions(), new Fakes([PENDING, error, AVAILABLE]).deps);
    expect(result.outcome.kind).toBe('available');
    expect(result.checks).toBe(3);
  });

  it.each(retryable)('logs %s as not checked', async (_label, error) => {
    const fakes = new Fakes([error, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('could not be checked');
  });

  it.each(retryable)('does not explain %s', async (_label, error) => {
    const fakes = new Fakes([error, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.explain).not.toHaveBeenCalled();
  });

  it('logs the error name and request id', async () => {
    const fakes = new Fakes([sdkError('ThrottlingException', 400, 'req-throttled'), AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('ThrottlingException, request id req-throttled');
  });

  it('does not call onState for an error', async () => {
    const fakes = new Fakes([sdkError('ThrottlingException', 400), AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.states).toEqual(['AVAILABLE']);
  });

  it('logs an error as a sentence', async () => {
    const fakes = new Fakes([sdkError('ThrottlingException', 400), AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).not.toContain(`is could not be checked`);
  });

  // A socket error from Node has the name `Error` and carries its cause in `code`.
  it('logs the network error code', async () => {
    const fakes = new Fakes([Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('ECONNRESET');
  });
});

describe('waitForImage non-retryable error', () => {
  const denied = sdkError('AccessDeniedException', 400, 'req-denied');

  it('throws what explain returns', async () => {
    const fakes = new Fakes([PENDING, denied]);
    const failure = await failureOf(waitForImage(waitOptions(), fakes.deps));
    expect(failure).toBe(fakes.explain.mock.results[0]?.value);
  });

  it('passes the error to explain', async () => {
    const fakes = new Fakes([denied]);
    await failureOf(waitForImage(waitOptions(), fakes.deps));
    expect(fakes.explain).toHaveBeenCalledExactlyOnceWith(denied);
  });

  it('stops after one describe call', async () => {
    const fakes = new Fakes([denied, AVAILABLE]);
    await failureOf(waitForImage(waitOptions(), fakes.deps));
    expect(fakes.describeTimes).toHaveLength(1);
  });

  it('does not sleep', async () => {
    const fakes = new Fakes([denied, AVAILABLE]);
    await failureOf(waitForImage(waitOptions(), fakes.deps));
    expect(fakes.sleeps).toEqual([]);
  });
});

describe('waitForImage timeout', () => {
  // Checks run at 0, 1 and 2 minutes, and the 1-minute delay after them is cut to 30 s.
  const timeoutMs = 150_000;

  it('returns timeout', async () => {
    const result = await waitForImage(waitOptions({ timeoutMs }), new Fakes([PENDING, PENDING, PENDING, PENDING]).deps);
    expect(result.outcome).toEqual({ kind: 'timeout' });
  });

  it('clamps the last sleep to the deadline', async () => {
    const fakes = new Fakes([PENDING, PENDING, PENDING, PENDING]);
    await waitForImage(waitOptions({ timeoutMs }), fakes.deps);
    expect(fakes.sleeps).toEqual([MINUTE_MS, MINUTE_MS, 30_000]);
  });

  it('checks once more at the deadline', async () => {
    const fakes = new Fakes([PENDING, PENDING, PENDING, PENDING]);
    await waitForImage(waitOptions({ timeoutMs }), fakes.deps);
    expect(fakes.describeTimes.at(-1)).toBe(START_MS + timeoutMs);
  });

  it('reports the checks and elapsed time', async () => {
    const result = await waitForImage(waitOptions({ timeoutMs }), new Fakes([PENDING, PENDING, PENDING, PENDING]).deps);
    expect(result.checks).toBe(4);
    expect(result.elapsedMs).toBe(timeoutMs);
  });

  it('leaves the last span open', async () => {
    const result = await waitForImage(waitOptions({ timeoutMs }), new Fakes([PENDING, PENDING, PENDING, PENDING]).deps);
    expect(result.timeline).toEqual([{ state: 'PENDING', startedAtMs: START_MS }]);
  });

  it('returns available at the deadline check', async () => {
    const result = await waitForImage(waitOptions({ timeoutMs }), new Fakes([PENDING, PENDING, PENDING, AVAILABLE]).deps);
    expect(result.outcome.kind).toBe('available');
  });

  it('bounds the checks in one hour', async () => {
    const script: Step[] = Array.from({ length: 100 }, () => PENDING);
    for (const random of [() => 0, () => 0.5, () => 1 - Number.EPSILON]) {
      const fakes = new Fakes(script, { random });
      const result = await waitForImage(waitOptions({ timeoutMs: 60 * MINUTE_MS }), fakes.deps);
      // A check at the start, one per full minimum delay, and one at the deadline.
      expect(result.checks).toBeLessThanOrEqual(61);
      expect(result.outcome.kind).toBe('timeout');
    }
  });

  it('never sleeps past the deadline', async () => {
    const script: Step[] = Array.from({ length: 100 }, () => PENDING);
    const fakes = new Fakes(script, { random: () => 1 - Number.EPSILON });
    await waitForImage(waitOptions({ timeoutMs: 61 * MINUTE_MS }), fakes.deps);
    expect(fakes.describeTimes.at(-1)).toBe(START_MS + 61 * MINUTE_MS);
  });

  it('times out when a check ends past the deadline', async () => {
    const fakes = new Fakes([PENDING, AVAILABLE]);
    const slowDescribe = fakes.deps.describe;
    fakes.deps.describe = async (signal) => {
      fakes.clockMs += 5 * MINUTE_MS;
      return slowDescribe(signal);
    };
    const result = await waitForImage(waitOptions({ timeoutMs: 2 * MINUTE_MS }), fakes.deps);
    expect(result.outcome.kind).toBe('timeout');
    expect(result.checks).toBe(1);
  });
});

describe('waitForImage abort', () => {
  it('returns aborted before the first check', async () => {
    const controller = new AbortController();
    controller.abort();
    const fakes = new Fakes([AVAILABLE], { controller });
    const result = await waitForImage(waitOptions({ signal: controller.signal }), fakes.deps);
    expect(result.outcome).toEqual({ kind: 'aborted' });
    expect(result.checks).toBe(0);
    expect(fakes.describeTimes).toHaveLength(0);
  });

  it('returns aborted during a sleep', async () => {
    const controller = new AbortController();
    const fakes = new Fakes([PENDING, PENDING, AVAILABLE], { controller, abortDuringSleep: 2 });
    const result = await waitForImage(waitOptions({ signal: controller.signal }), fakes.deps);
    expect(result.outcome).toEqual({ kind: 'aborted' });
    expect(fakes.describeTimes).toHaveLength(2);
  });

  it('passes the signal to sleep and describe', async () => {
    const controller = new AbortController();
    const fakes = new Fakes([PENDING, AVAILABLE], { controller });
    const describeSpy = vi.spyOn(fakes.deps, 'describe');
    const sleepSpy = vi.spyOn(fakes.deps, 'sleep');
    await waitForImage(waitOptions({ signal: controller.signal }), fakes.deps);
    expect(describeSpy).toHaveBeenCalledWith(controller.signal);
    expect(sleepSpy).toHaveBeenCalledWith(MINUTE_MS, controller.signal);
  });

  it('returns aborted when describe throws', async () => {
    const controller = new AbortController();
    const fakes = new Fakes([PENDING, AVAILABLE], { controller, abortDuringDescribe: 2 });
    const result = await waitForImage(waitOptions({ signal: controller.signal }), fakes.deps);
    expect(result.outcome).toEqual({ kind: 'aborted' });
  });

  it('does not explain the abort error', async () => {
    const controller = new AbortController();
    const fakes = new Fakes([PENDING, AVAILABLE], { controller, abortDuringDescribe: 2 });
    await waitForImage(waitOptions({ signal: controller.signal }), fakes.deps);
    expect(fakes.explain).not.toHaveBeenCalled();
  });

  it('keeps the timeline when aborted', async () => {
    const controller = new AbortController();
    const fakes = new Fakes([PENDING, AVAILABLE], { controller, abortDuringSleep: 1 });
    const result = await waitForImage(
      waitOptions({ signal: controller.signal, startedAtMs: IMPORT_STARTED_MS }),
      fakes.deps,
    );
    expect(result.timeline).toEqual([{ state: 'PENDING', startedAtMs: IMPORT_STARTED_MS }]);
  });
});

describe('waitForImage onState', () => {
  it('receives every state', async () => {
    const fakes = new Fakes([PENDING, PENDING, image('UPDATING'), PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.states).toEqual(['PENDING', 'PENDING', 'UPDATING', 'PENDING', 'AVAILABLE']);
  });

  it('receives ERROR', async () => {
    const fakes = new Fakes([PENDING, image('ERROR')]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.states).toEqual(['PENDING', 'ERROR']);
  });

  it('is not called for an empty result', async () => {
    const fakes = new Fakes([undefined, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.states).toEqual(['AVAILABLE']);
  });
});

describe('waitForImage log', () => {
  it('writes one line per non-terminal check', async () => {
    const fakes = new Fakes([PENDING, PENDING, PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs).toHaveLength(3);
  });

  it('numbers the checks', async () => {
    const fakes = new Fakes([PENDING, PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toMatch(/^Check 1: /);
    expect(fakes.logs[1]).toMatch(/^Check 2: /);
  });

  it('names the image and state', async () => {
    const fakes = new Fakes([PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain(`image ${IMAGE_ID} is PENDING`);
  });

  it('shows the elapsed time', async () => {
    const fakes = new Fakes([PENDING, PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('after 0s');
    expect(fakes.logs[1]).toContain('after 1m 00s');
  });

  it('shows the next check', async () => {
    const fakes = new Fakes([PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('next check in 1m 00s');
  });

  it('shows the time left', async () => {
    const fakes = new Fakes([PENDING, PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toContain('1h 00m 00s left before the timeout');
    expect(fakes.logs[1]).toContain('59m 00s left before the timeout');
  });

  it('shows the clamped next check', async () => {
    const fakes = new Fakes([PENDING, PENDING, PENDING]);
    await waitForImage(waitOptions({ timeoutMs: 90_000 }), fakes.deps);
    expect(fakes.logs[1]).toContain('next check in 30s, 30s left before the timeout');
  });

  it('writes the whole line', async () => {
    const fakes = new Fakes([PENDING, AVAILABLE]);
    await waitForImage(waitOptions(), fakes.deps);
    expect(fakes.logs[0]).toBe(
      `Check 1: image ${IMAGE_ID} is PENDING after 0s; next check in 1m 00s, 1h 00m 00s left before the timeout.`,
    );
  });
});
