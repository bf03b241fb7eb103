/**
 * End-to-end tests of waiting for ingestion. They stay fast through the
 * action's own inputs (poll-interval-seconds, wait-timeout-minutes) and
 * short emulator timelines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';

import { expectNoSecretLeak, releaseInputs, runScenario } from '../support/scenario.ts';

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
  return releaseInputs(emulator, { 'wait-for-available': 'true', 'poll-interval-seconds': '1', ...extra });
}

describe('wait for available', () => {
  it('succeeds after several checks', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 3000 }, { state: 'AVAILABLE' }]);
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['image-state']).toBe('AVAILABLE');
    expect(emulator.callsTo('DescribeWorkspaceImages').length).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toMatch(/Check 1: image wsi-\w+ is PENDING after \d+s; next check in \d+s, \d+h \d+m \d+s left/);
    expect(result.summary).toContain('is available');
    expect(result.summary).toContain('Timeline');
    expect(result.summary).toContain('Total wait');
  });

  it('explains every ERROR detail', async () => {
    emulator.setNextTimeline([
      { state: 'PENDING', forMs: 1000 },
      {
        state: 'ERROR',
        errorCode: 'ValidationFailed',
        errorMessage: 'The image failed validation.',
        errorDetails: [
          { ErrorCode: 'WindowsUpdatesEnabled', ErrorMessage: 'Windows Update is enabled.' },
          { ErrorCode: 'AntiVirusInstalled', ErrorMessage: 'Antivirus <b>found</b>.' },
          { ErrorCode: 'SomethingNew', ErrorMessage: 'A code this action does not know.' },
        ],
      },
    ]);
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.outputs['image-state']).toBe('ERROR');
    expect(result.outputs['image-id']).toMatch(/^wsi-/);
    for (const code of ['ValidationFailed', 'WindowsUpdatesEnabled', 'AntiVirusInstalled', 'SomethingNew']) {
      expect(result.stdout).toContain(code);
      expect(result.summary).toContain(code);
    }
    expect(result.stdout).toContain('Disable the Windows Update service');
    expect(result.summary).toContain('Why ingestion failed');
    expect(result.summary).toContain('Antivirus &lt;b&gt;found&lt;/b&gt;.');
    expect(result.summary).not.toContain('<b>found</b>');
  });

  it('timeout fails and keeps the outputs', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 600_000 }, { state: 'AVAILABLE' }]);
    const result = await runScenario(emulator, { inputs: waitInputs({ 'wait-timeout-minutes': '0.05' }), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.outputs['image-id']).toBe(emulator.images[0]?.imageId);
    expect(result.outputs['image-state']).toBe('PENDING');
    expect(result.stdout).toContain('Timed out after');
    expect(result.summary).toContain('still importing in AWS');
    expect(result.summary).toContain('describe-workspace-images');
    expect(emulator.images).toHaveLength(1);
  });

  it('survives a throttling burst with bounded calls', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 2000 }, { state: 'AVAILABLE' }]);
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'throttle', count: 4 });
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'http503', count: 1 });
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['image-state']).toBe('AVAILABLE');
    expect(emulator.callsTo('DescribeWorkspaceImages').length).toBeLessThanOrEqual(20);
  });

  it('ends at once on access denied', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 600_000 }, { state: 'AVAILABLE' }]);
    // Faults apply in order: the name lookup before the import passes, the first poll is denied.
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'delay', delayMs: 0, count: 1 });
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'error', errorName: 'AccessDeniedException', count: 1 });
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(emulator.callsTo('DescribeWorkspaceImages')).toHaveLength(2);
    expect(result.stdout).toContain('workspaces:DescribeWorkspaceImages');
    expect(result.outputs['image-id']).toMatch(/^wsi-/);
  });
});

describe('credentials during a long wait', () => {
  it('renews short-lived sessions', async () => {
    await useEmulator({ sessionLifetimeSeconds: 2 });
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 4000 }, { state: 'AVAILABLE' }]);
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity').length).toBeGreaterThanOrEqual(2);
    expect(emulator.calls.filter((call) => call.errorName === 'ExpiredTokenException')).toHaveLength(0);
    expectNoSecretLeak(result, emulator);
  });

  it('renews once after ExpiredTokenException', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 1500 }, { state: 'AVAILABLE' }]);
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'error', errorName: 'ExpiredTokenException', count: 1 });
    const result = await runScenario(emulator, { inputs: waitInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(2);
    expect(result.stdout).toContain('renewing it with a new OIDC token');
  });

  it('expired ambient credentials suggest role-to-assume', async () => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 600_000 }, { state: 'AVAILABLE' }]);
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'error', errorName: 'ExpiredTokenException', count: 1 });
    const result = await runScenario(emulator, {
      inputs: waitInputs({ 'role-to-assume': '' }),
      env: {
        ...emulator.env(),
        AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
      },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Set role-to-assume');
  });
});

describe('cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-wait exits promptly with outputs', async (signal) => {
    emulator.setNextTimeline([{ state: 'PENDING', forMs: 600_000 }, { state: 'AVAILABLE' }]);
    let signalledAt = 0;
    let callsAtSignal = 0;
    const result = await runScenario(emulator, {
      inputs: waitInputs({ 'poll-interval-seconds': '30' }),
      env: emulator.env(),
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
    const exitDelay = Date.now() - signalledAt;

    expect(signalledAt).toBeGreaterThan(0);
    expect(result.exitCode).toBe(1);
    expect(exitDelay).toBeLessThan(5000);
    expect(emulator.calls.length).toBe(callsAtSignal);
    expect(result.outputs['image-id']).toMatch(/^wsi-/);
    expect(result.outputs['image-state']).toBe('PENDING');
    expect(result.summary).toContain('Cancelled');
    expect(result.summary).toContain('still importing in AWS');
    expect(emulator.images).toHaveLength(1);
  });
});
