/**
 * The job summary renders every value from a user or from AWS as text, and
 * stays under the runner's 1 MiB limit however long AWS's error list is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { releaseInputs, runScenario } from '../support/scenario.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const HOSTILE = '<img src=x onerror=alert(1)>\n\n## heading | cell | <script>alert(2)</script> &amp;';

/** Lines of the summary that Markdown would read as a heading or a table row. */
function markdownLines(summary: string): string[] {
  return summary.split(/\r\n|\r|\n/).filter((line) => /^\s*(#|\|)/.test(line));
}

describe('summary safety', () => {
  it('renders an AWS error message as text', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'error', errorName: 'InvalidParameterValuesException', message: HOSTILE });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator) });

    expect(result.exitCode).toBe(1);
    expect(result.summary).not.toContain('<img');
    expect(result.summary).not.toContain('<script>');
    expect(result.summary).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(result.summary).toContain('&amp;amp;');
    expect(markdownLines(result.summary)).toEqual([]);
  });

  it('renders hostile input values as text', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'image-name': HOSTILE, tags: `team=${HOSTILE}`, 'image-description': HOSTILE }),
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(result.summary).not.toContain('<img');
    expect(result.summary).not.toContain('<script>');
    expect(markdownLines(result.summary)).toEqual([]);
  });

  it('renders hostile ingestion error details as text', async () => {
    emulator.setNextTimeline([
      { state: 'PENDING', forMs: 500 },
      {
        state: 'ERROR',
        errorCode: '<b>code</b>',
        errorMessage: HOSTILE,
        errorDetails: [{ ErrorCode: 'FirewallEnabled', ErrorMessage: HOSTILE }],
      },
    ]);
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'wait-for-available': 'true', 'poll-interval-seconds': '1' }),
    });

    expect(result.exitCode).toBe(1);
    expect(result.summary).not.toContain('<img');
    expect(result.summary).not.toContain('<b>code</b>');
    expect(markdownLines(result.summary)).toEqual([]);
  });

  it('stays under 1 MiB with a huge error list', async () => {
    const details = Array.from({ length: 3000 }, (_unused, index) => ({
      ErrorCode: index % 2 === 0 ? 'WindowsUpdatesEnabled' : 'SomethingNew',
      ErrorMessage: `Detail ${index}: ${'x'.repeat(600)}`,
    }));
    emulator.setNextTimeline([
      { state: 'PENDING', forMs: 500 },
      { state: 'ERROR', errorCode: 'ValidationFailed', errorMessage: 'Many problems.', errorDetails: details },
    ]);
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'wait-for-available': 'true', 'poll-interval-seconds': '1' }),
    });

    expect(result.exitCode).toBe(1);
    expect(Buffer.byteLength(result.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary).toContain('Shortened');
    expect(result.summary).toContain('list entries');
    expect(result.summary).toContain('Detail 0:');
    expect(result.stdout).toContain('Detail 2999:');
  });

  it('stays under 1 MiB with huge invalid inputs', async () => {
    // One environment variable is limited to 128 KiB on Linux, but escaping '<' as '&lt;' makes each value four times longer.
    const huge = '<'.repeat(120_000);
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { tags: `team=${huge}`, 'image-name': huge, 'image-description': huge }),
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(Buffer.byteLength(result.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary).toContain('Invalid inputs');
    expect(result.summary).toContain('Shortened');
  });
});
