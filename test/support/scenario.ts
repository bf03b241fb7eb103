/**
 * Helpers shared by the end-to-end tests: a valid set of inputs, and checks
 * that apply to every run of the bundle.
 */
import { expect } from 'vitest';
import type { Emulator } from '../emulator/index.ts';
import { runAction, type RunOptions, type RunResult } from './action-runner.ts';

/** Inputs of a typical release import, as a workflow would set them. */
export function releaseInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'ec2-image-id': 'us-east-1:ami-0123456789abcdef0',
    'ingestion-process': 'BYOL_REGULAR_WSP',
    'image-name': 'win11-v1.2.3',
    'role-to-assume': emulator.defaultRoleArn,
    'aws-region': 'us-east-1',
    ...extra,
  };
}

/**
 * Asserts that no secret the emulator issued (OIDC tokens, secret keys,
 * session tokens) appears in the logs, summary or outputs. `::add-mask::`
 * lines are commands to the runner, which consumes them, so they are skipped.
 */
export function expectNoSecretLeak(result: RunResult, emulator: Emulator): void {
  const logs = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const places: Record<string, string> = {
    logs,
    summary: result.summary,
    outputs: JSON.stringify(result.outputs),
  };
  for (const secret of emulator.secrets) {
    for (const [place, text] of Object.entries(places)) {
      expect(text.includes(secret), `a secret appears in the ${place}`).toBe(false);
    }
  }
}

/** Names of the operations the emulator received, in order. */
export function operations(emulator: Emulator): string[] {
  return emulator.calls.map((call) => call.operation);
}

/**
 * Runs the bundle against the emulator with debug logging on
 * (`RUNNER_DEBUG=1`, as when a workflow is re-run with debug logging) and
 * checks that no secret leaked, whatever the outcome.
 */
export async function runScenario(emulator: Emulator, options: RunOptions = {}): Promise<RunResult> {
  const result = await runAction({ ...options, env: { RUNNER_DEBUG: '1', ...emulator.env(), ...options.env } });
  expectNoSecretLeak(result, emulator);
  return result;
}
