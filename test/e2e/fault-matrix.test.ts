/**
 * Fault matrix: one injected fault per phase of the step (OIDC token request,
 * STS, DescribeAccount pre-flight, name lookup, import, each state poll and
 * the job summary), run through the committed bundle against the emulator.
 * Every scenario checks the exit code, the image-id output, the summary, the
 * number of images and a bound on the calls sent.
 *
 * NOTE: request timeouts are not exercised. The WorkSpaces client gives up on
 * a response after 60 s, far too long for this suite, so the slow-response
 * scenarios use a delay that the action survives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type CallRecord, type Emulator, type EmulatorOptions, type FaultSpec } from '../emulator/index.ts';
import type { RunResult } from '../support/action-runner.ts';

import { releaseInputs, runScenario } from '../support/scenario.ts';

type Phase = 'oidc' | 'sts' | 'pre-flight' | 'lookup' | 'import' | 'poll';

interface Scenario {
  /** Test name: `<phase> <fault>`. */
  name: string;
  phase: Phase;
  /** Injects the faults, and sets the image timeline for poll scenarios. */
  setup: (emulator: Emulator) => void;
  inputs?: Record<string, string>;
  expectExit: 0 | 1;
  /** Upper bound on all requests the emulator receives during the run. */
  maxCalls: number;
  /** Marks a permanent error, after which the faulted operation must be sent exactly once and the step must fail fast. */
  permanent?: boolean;
  /** The run must last at least this long, for slow-response scenarios. */
  minDurationMs?: number;
  /** Text the log must contain, for scenarios the action handles in its own way. */
  logContains?: string;
}

/**
 * Maximum attempts of one request, the first included. WorkSpaces calls are retried by the SDK,
 * the token request and STS by the action's own loop.
 */
const MAX_ATTEMPTS_PER_REQUEST: Record<Phase, number> = {
  oidc: 5,
  sts: 5,
  'pre-flight': 6,
  lookup: 6,
  import: 6,
  poll: 6,
};

/** Requests of a run without faults or wait: token, AssumeRoleWithWebIdentity, DescribeAccount, lookup, import. */
const BASE_CALLS = 5;

/**
 * DescribeWorkspaceImages polls of a run without faults. With a 1 s poll
 * interval the delays are 1 s, then 1-2 s, so an image that is PENDING for 2 s
 * is reported PENDING twice and AVAILABLE on the third poll. One more allows
 * for a slow runner.
 */
const BASE_POLLS = 4;

/** Delay of the slow-response scenarios: long enough to notice, far below the 60 s request timeout. */
const SLOW_RESPONSE_MS = 2_000;

/**
 * Time within which a permanent error must end the step. Starting Node and
 * loading the bundle take about a second, and a retried call would add backoff.
 */
const PERMANENT_FAILURE_MAX_MS = 5_000;

/** Fault kinds that make a request fail. A `delay` fault only slows it down. */
const FAILING_FAULTS = new Set<CallRecord['fault']>(['throttle', 'http500', 'http503', 'reset', 'error', 'lost-response']);

let emulator: Emulator;

async function useEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  await emulator?.close();
  emulator = await startEmulator(options);
  return emulator;
}

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

function waitInputs(extra: Record<string, string> = {}): Record<string, string> {
  return { 'wait-for-available': 'true', 'poll-interval-seconds': '1', ...extra };
}

/** Injects faults into one operation, in order. */
function faults(target: string, ...specs: Omit<FaultSpec, 'target'>[]): (emulator: Emulator) => void {
  return (emulator) => {
    for (const spec of specs) {
      emulator.fault({ target, ...spec });
    }
  };
}

/**
 * Injects faults into poll number `poll` (1 for the first) of a 2 s PENDING
 * image. Each earlier DescribeWorkspaceImages call, the name lookup included,
 * passes through a `delay` fault of 0 ms, because faults are consumed in the
 * order they were added.
 */
function atPoll(poll: number, ...specs: Omit<FaultSpec, 'target'>[]): (emulator: Emulator) => void {
  return (emulator) => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 2000 }, { state: 'AVAILABLE' }]);
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'delay', delayMs: 0, count: poll });
    faults('DescribeWorkspaceImages', ...specs)(emulator);
  };
}

/** Returns the calls of the phase's operation that belong to the phase. */
function phaseCalls(emulator: Emulator, phase: Phase): CallRecord[] {
  const calls = emulator.calls;
  const importIndex = calls.findIndex((call) => call.operation === 'ImportWorkspaceImage');
  const beforeImport = importIndex < 0 ? calls : calls.slice(0, importIndex);
  const afterImport = importIndex < 0 ? [] : calls.slice(importIndex + 1);
  switch (phase) {
    case 'oidc':
      return emulator.callsTo('oidc');
    case 'sts':
      return emulator.callsTo('AssumeRoleWithWebIdentity');
    case 'pre-flight':
      return emulator.callsTo('DescribeAccount');
    case 'lookup':
      return beforeImport.filter((call) => call.operation === 'DescribeWorkspaceImages');
    case 'import':
      return emulator.callsTo('ImportWorkspaceImage');
    case 'poll':
      return afterImport.filter((call) => call.operation === 'DescribeWorkspaceImages');
  }
}

/**
 * Counts the attempts of the faulted request: the run of calls that a failing
 * fault hit, plus the call after them that got through. Calls before the run
 * (earlier polls) and after it (later polls) are other requests. Returns 1 when
 * no call failed, as with a `delay` fault.
 */
function faultedRequestAttempts(calls: CallRecord[]): number {
  const first = calls.findIndex((call) => FAILING_FAULTS.has(call.fault));
  if (first < 0) {
    return calls.length === 0 ? 0 : 1;
  }
  let end = first;
  while (end < calls.length && FAILING_FAULTS.has(calls[end]?.fault)) {
    end += 1;
  }
  return Math.min(end + 1, calls.length) - first;
}

/** Checks that hold for every scenario, whatever the fault. */
function expectCommonOutcome(result: RunResult, expectedExit: 0 | 1, maxCalls: number): void {
  const images = emulator.images;
  expect(result.exitCode, 'exit code').toBe(expectedExit);
  expect(images.length, 'images in the emulator').toBeLessThanOrEqual(1);
  if (images.length === 1) {
    expect(result.outputs['image-id'], 'image-id output of the created image').toBe(images[0]?.imageId);
  } else {
    expect(result.outputs['image-id'], 'image-id output without an image').toBeUndefined();
  }
  expect(emulator.calls.length, 'requests sent').toBeLessThanOrEqual(maxCalls);
}

const scenarios: Scenario[] = [
  // GitHub's OIDC token endpoint. @actions/http-client, used by @actions/core, resends a GET that got
  // 502, 503 or 504 after 10-20 ms. The action retries a token request that still fails, with a 1 s backoff base.
  { name: 'oidc connection reset', phase: 'oidc', setup: faults('oidc', { kind: 'reset' }), expectExit: 0, maxCalls: BASE_CALLS + 1 },
  { name: 'oidc http 500', phase: 'oidc', setup: faults('oidc', { kind: 'http500', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'oidc http 503', phase: 'oidc', setup: faults('oidc', { kind: 'http503', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'oidc throttling burst', phase: 'oidc', setup: faults('oidc', { kind: 'throttle', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  {
    name: 'oidc slow response',
    phase: 'oidc',
    setup: faults('oidc', { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    expectExit: 0,
    maxCalls: BASE_CALLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },

  // STS: every retry requests a new token first, so each failure adds two calls.
  { name: 'sts throttling burst', phase: 'sts', setup: faults('AssumeRoleWithWebIdentity', { kind: 'throttle', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 4 },
  { name: 'sts http 500', phase: 'sts', setup: faults('AssumeRoleWithWebIdentity', { kind: 'http500', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 4 },
  { name: 'sts http 503', phase: 'sts', setup: faults('AssumeRoleWithWebIdentity', { kind: 'http503', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 4 },
  { name: 'sts connection reset', phase: 'sts', setup: faults('AssumeRoleWithWebIdentity', { kind: 'reset' }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  {
    name: 'sts IDPCommunicationError',
    phase: 'sts',
    setup: faults('AssumeRoleWithWebIdentity', { kind: 'error', errorName: 'IDPCommunicationError', count: 2 }),
    expectExit: 0,
    maxCalls: BASE_CALLS + 4,
    logContains: 'retrying with a new token',
  },
  {
    name: 'sts slow response',
    phase: 'sts',
    setup: faults('AssumeRoleWithWebIdentity', { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    expectExit: 0,
    maxCalls: BASE_CALLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },
  {
    name: 'sts access denied',
    phase: 'sts',
    setup: faults('AssumeRoleWithWebIdentity', { kind: 'error', errorName: 'AccessDenied', status: 403 }),
    expectExit: 1,
    maxCalls: 2,
    permanent: true,
  },

  // DescribeAccount, the BYOL pre-flight check. The SDK's backoff base is 1 s for throttling and 50 ms
  // for other errors (StandardRetryStrategy in @smithy/core 3.41).
  { name: 'pre-flight throttling burst', phase: 'pre-flight', setup: faults('DescribeAccount', { kind: 'throttle', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'pre-flight http 500', phase: 'pre-flight', setup: faults('DescribeAccount', { kind: 'http500', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'pre-flight http 503', phase: 'pre-flight', setup: faults('DescribeAccount', { kind: 'http503', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'pre-flight connection reset', phase: 'pre-flight', setup: faults('DescribeAccount', { kind: 'reset' }), expectExit: 0, maxCalls: BASE_CALLS + 1 },
  {
    name: 'pre-flight slow response',
    phase: 'pre-flight',
    setup: faults('DescribeAccount', { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    expectExit: 0,
    maxCalls: BASE_CALLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },
  {
    name: 'pre-flight access denied',
    phase: 'pre-flight',
    setup: faults('DescribeAccount', { kind: 'error', errorName: 'AccessDeniedException' }),
    expectExit: 1,
    maxCalls: 3,
    permanent: true,
  },

  // DescribeWorkspaceImages looking up the image name, the first call of that operation.
  { name: 'lookup throttling burst', phase: 'lookup', setup: faults('DescribeWorkspaceImages', { kind: 'throttle', count: 3 }), expectExit: 0, maxCalls: BASE_CALLS + 3 },
  { name: 'lookup http 500', phase: 'lookup', setup: faults('DescribeWorkspaceImages', { kind: 'http500', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'lookup http 503', phase: 'lookup', setup: faults('DescribeWorkspaceImages', { kind: 'http503', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'lookup connection reset', phase: 'lookup', setup: faults('DescribeWorkspaceImages', { kind: 'reset' }), expectExit: 0, maxCalls: BASE_CALLS + 1 },
  {
    name: 'lookup slow response',
    phase: 'lookup',
    setup: faults('DescribeWorkspaceImages', { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    expectExit: 0,
    maxCalls: BASE_CALLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },
  {
    name: 'lookup access denied',
    phase: 'lookup',
    setup: faults('DescribeWorkspaceImages', { kind: 'error', errorName: 'AccessDeniedException' }),
    expectExit: 1,
    maxCalls: 4,
    permanent: true,
  },

  // ImportWorkspaceImage. Only lost-response creates the image before the fault, and the others fail before it.
  { name: 'import throttling burst', phase: 'import', setup: faults('ImportWorkspaceImage', { kind: 'throttle', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'import http 500', phase: 'import', setup: faults('ImportWorkspaceImage', { kind: 'http500', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'import http 503', phase: 'import', setup: faults('ImportWorkspaceImage', { kind: 'http503', count: 2 }), expectExit: 0, maxCalls: BASE_CALLS + 2 },
  { name: 'import connection reset', phase: 'import', setup: faults('ImportWorkspaceImage', { kind: 'reset' }), expectExit: 0, maxCalls: BASE_CALLS + 1 },
  {
    // The resent import finds the name taken, and the action adopts the image from the first attempt
    // after one more name lookup.
    name: 'import lost response',
    phase: 'import',
    setup: faults('ImportWorkspaceImage', { kind: 'lost-response' }),
    expectExit: 0,
    maxCalls: BASE_CALLS + 2,
    logContains: "It comes from this run's own request and is used",
  },
  {
    name: 'import slow response',
    phase: 'import',
    setup: faults('ImportWorkspaceImage', { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    expectExit: 0,
    maxCalls: BASE_CALLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },
  {
    name: 'import access denied',
    phase: 'import',
    setup: faults('ImportWorkspaceImage', { kind: 'error', errorName: 'AccessDeniedException' }),
    expectExit: 1,
    maxCalls: BASE_CALLS,
    permanent: true,
  },

  // DescribeWorkspaceImages polls while waiting for AVAILABLE.
  { name: 'poll throttling burst', phase: 'poll', setup: atPoll(1, { kind: 'throttle', count: 3 }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 3 },
  { name: 'poll http 500', phase: 'poll', setup: atPoll(1, { kind: 'http500', count: 2 }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 2 },
  { name: 'poll http 503', phase: 'poll', setup: atPoll(1, { kind: 'http503', count: 2 }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 2 },
  { name: 'poll connection reset', phase: 'poll', setup: atPoll(1, { kind: 'reset' }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 1 },
  {
    name: 'poll slow response',
    phase: 'poll',
    setup: atPoll(1, { kind: 'delay', delayMs: SLOW_RESPONSE_MS }),
    inputs: waitInputs(),
    expectExit: 0,
    maxCalls: BASE_CALLS + BASE_POLLS,
    minDurationMs: SLOW_RESPONSE_MS,
  },
  {
    // The action renews the session once with a new token (one more token request and AssumeRoleWithWebIdentity)
    // and sends the poll again.
    name: 'poll ExpiredTokenException',
    phase: 'poll',
    setup: atPoll(1, { kind: 'error', errorName: 'ExpiredTokenException' }),
    inputs: waitInputs(),
    expectExit: 0,
    maxCalls: BASE_CALLS + BASE_POLLS + 3,
    logContains: 'renewing it with a new OIDC token',
  },
  {
    name: 'poll access denied',
    phase: 'poll',
    setup: atPoll(1, { kind: 'error', errorName: 'AccessDeniedException' }),
    inputs: waitInputs(),
    expectExit: 1,
    maxCalls: BASE_CALLS + 1,
    permanent: true,
  },
  { name: 'second poll throttling burst', phase: 'poll', setup: atPoll(2, { kind: 'throttle', count: 2 }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 2 },
  { name: 'second poll http 503', phase: 'poll', setup: atPoll(2, { kind: 'http503', count: 2 }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 2 },
  { name: 'second poll connection reset', phase: 'poll', setup: atPoll(2, { kind: 'reset' }), inputs: waitInputs(), expectExit: 0, maxCalls: BASE_CALLS + BASE_POLLS + 1 },
];

describe('fault matrix', () => {
  it.each(scenarios)('$name', async (scenario) => {
    scenario.setup(emulator);
    const waits = scenario.inputs?.['wait-for-available'] === 'true';
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, scenario.inputs) });

    expectCommonOutcome(result, scenario.expectExit, scenario.maxCalls);
    expect(result.summary.length, 'summary length').toBeGreaterThan(0);

    const calls = phaseCalls(emulator, scenario.phase);
    const slowed = scenario.minDurationMs !== undefined;
    const faulted = calls.filter((call) => FAILING_FAULTS.has(call.fault) || (slowed && call.fault === 'delay'));
    expect(faulted.length, `${scenario.phase} calls the fault hit`).toBeGreaterThan(0);
    expect(faultedRequestAttempts(calls), `attempts of the faulted ${scenario.phase} request`).toBeLessThanOrEqual(
      MAX_ATTEMPTS_PER_REQUEST[scenario.phase],
    );
    if (scenario.permanent === true) {
      expect(calls.length, `${scenario.phase} calls after a permanent error`).toBe(1);
      expect(result.durationMs, 'run time of a permanent error').toBeLessThan(PERMANENT_FAILURE_MAX_MS);
    }
    if (scenario.minDurationMs !== undefined) {
      expect(result.durationMs, 'run time with a slow response').toBeGreaterThanOrEqual(scenario.minDurationMs);
    }
    if (scenario.logContains !== undefined) {
      expect(result.stdout, 'log').toContain(scenario.logContains);
    }
    if (scenario.expectExit === 0) {
      expect(result.outputs['image-state'], 'image-state output').toBe(waits ? 'AVAILABLE' : 'PENDING');
    }
  });
});

describe('fault matrix: summary', () => {
  it('summary unwritable path', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator),
      env: { GITHUB_STEP_SUMMARY: '/nonexistent-dir/summary.md' },
    });

    expectCommonOutcome(result, 0, BASE_CALLS);
    expect(result.outputs['image-id'], 'image-id output').toMatch(/^wsi-/);
    expect(result.outputs['created'], 'created output').toBe('true');
    expect(result.stdout, 'warning in the log').toContain('::warning::Could not write the job summary');
  });

  it('summary unwritable path after a failure', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'error', errorName: 'AccessDeniedException' });
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator),
      env: { GITHUB_STEP_SUMMARY: '/nonexistent-dir/summary.md' },
    });

    expectCommonOutcome(result, 1, BASE_CALLS);
    expect(result.stdout, 'failure in the log').toContain('::error::');
    expect(result.stdout, 'warning in the log').toContain('::warning::Could not write the job summary');
  });
});

describe('fault matrix: credentials', () => {
  it('wait short-lived sessions', async () => {
    await useEmulator({ sessionLifetimeSeconds: 2 });
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 4000 }, { state: 'AVAILABLE' }]);
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, waitInputs()) });

    // The SDK renews credentials that expire within 5 minutes before each request. With a
    // session shorter than that, this bundle's SDK calls the provider two or three times per
    // request. That count was seen in this test and is not a documented limit. Each provider call
    // is a token request and an AssumeRoleWithWebIdentity. Real STS sessions last at least 900 s,
    // so real runs renew far less often.
    const workspacesCalls = emulator.calls.filter((call) => call.service === 'workspaces').length;
    const sessions = emulator.callsTo('AssumeRoleWithWebIdentity').length;
    expectCommonOutcome(result, 0, workspacesCalls + 2 * 3 * workspacesCalls);
    expect(result.summary.length, 'summary length').toBeGreaterThan(0);
    expect(result.outputs['image-state'], 'image-state output').toBe('AVAILABLE');
    expect(sessions, 'sessions assumed').toBeGreaterThanOrEqual(2);
    expect(sessions, 'sessions assumed').toBeLessThanOrEqual(3 * workspacesCalls);
    expect(emulator.calls.filter((call) => call.errorName === 'ExpiredTokenException'), 'expired-token errors').toHaveLength(0);
    // Polls at least 1 s apart see a 4 s PENDING state at most 5 times, then AVAILABLE once.
    expect(workspacesCalls, 'WorkSpaces calls').toBeLessThanOrEqual(3 + 6);
  });
});

describe('fault matrix: cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('wait %s', async (signal) => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 600_000 }, { state: 'AVAILABLE' }]);
    let signalledAt = 0;
    let callsAtSignal = 0;
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, waitInputs({ 'poll-interval-seconds': '30' })),
      killAfterMs: 30_000,
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (signalledAt === 0 && chunk.toString().includes('Check 1:')) {
            signalledAt = Date.now();
            callsAtSignal = emulator.calls.length;
            child.kill(signal);
          }
        });
      },
    });
    const exitDelayMs = Date.now() - signalledAt;

    expect(signalledAt, 'time the signal was sent').toBeGreaterThan(0);
    expectCommonOutcome(result, 1, BASE_CALLS + 1);
    expect(result.signal, 'signal that ended the process').toBeNull();
    expect(exitDelayMs, 'time from the signal to the exit').toBeLessThan(5_000);
    expect(emulator.calls.length, 'requests after the signal').toBe(callsAtSignal);
    expect(result.outputs['image-state'], 'image-state output').toBe('PENDING');
    expect(result.summary.length, 'summary length').toBeGreaterThan(0);
    expect(result.summary, 'summary of the cancelled wait').toContain('Cancelled');
  });
});
