import * as core from '@actions/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/github-context.ts';
import type { ActionInputs } from '../../src/inputs.ts';
import { renderSummary, type StepReport } from '../../src/summary.ts';
import type { ImageSnapshot, StateSpan } from '../../src/wait.ts';

const RUN: RunContext = {
  repository: 'octo-org/images',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  workflow: 'Import',
  runId: '4242',
  runAttempt: '1',
  serverUrl: 'https://github.com',
};

const INPUTS: Partial<ActionInputs> = {
  ec2ImageId: 'ami-0123456789abcdef0',
  ingestionProcess: 'BYOL_REGULAR_WSP',
  imageName: 'win11-golden',
  region: 'eu-west-1',
  waitForAvailable: true,
};

const IMAGE_ID = 'wsi-abc123def';
const IMPORTED_MS = Date.UTC(2025, 0, 15, 9, 0, 0);
const AVAILABLE_MS = IMPORTED_MS + (95 * 60 + 30) * 1000;
const FOLLOW_COMMAND = `<code>aws workspaces describe-workspace-images --image-ids ${IMAGE_ID} --region eu-west-1</code>`;

const FINISHED_TIMELINE: readonly StateSpan[] = [
  { state: 'PENDING', startedAtMs: IMPORTED_MS, endedAtMs: AVAILABLE_MS },
  { state: 'AVAILABLE', startedAtMs: AVAILABLE_MS },
];

function render(report: StepReport): string {
  return renderSummary(core.summary, report).stringify();
}

function report(outcome: StepReport['outcome'], extra: Partial<StepReport> = {}): StepReport {
  return { outcome, inputs: INPUTS, run: RUN, imageId: IMAGE_ID, ...extra };
}

beforeEach(() => {
  core.summary.emptyBuffer();
});

describe('renderSummary available', () => {
  const available = report('available', { imageState: 'AVAILABLE', timeline: FINISHED_TIMELINE, waitedMs: AVAILABLE_MS - IMPORTED_MS });

  it('shows the heading', () => {
    expect(render(available)).toContain('<h2>✅ WorkSpaces BYOL image is available</h2>');
  });

  it('shows the timeline heading', () => {
    expect(render(available)).toContain('<h3>Timeline</h3>');
  });

  it('shows the timeline columns', () => {
    expect(render(available)).toContain('<th>State</th><th>Since (UTC)</th><th>Lasted</th>');
  });

  it('shows the PENDING row', () => {
    expect(render(available)).toContain('<td><code>PENDING</code></td><td>2025-01-15 09:00:00</td><td>1h 35m 30s</td>');
  });

  it('shows the AVAILABLE row', () => {
    expect(render(available)).toContain('<td><code>AVAILABLE</code></td><td>2025-01-15 10:35:30</td><td>current state</td>');
  });

  it('shows the total wait', () => {
    expect(render(available)).toContain('<p>Total wait: 1h 35m 30s.</p>');
  });

  it('leaves out the total without waitedMs', () => {
    expect(render({ ...available, waitedMs: undefined })).not.toContain('Total wait');
  });

  it('leaves out an empty timeline', () => {
    expect(render({ ...available, timeline: [] })).not.toContain('Timeline');
  });

  it('does not say the image is still importing', () => {
    expect(render(available)).not.toContain('still importing');
  });

  it('shows no ingestion errors', () => {
    expect(render(available)).not.toContain('Why ingestion failed');
  });
});

describe('renderSummary ingestion error', () => {
  const failedImage: ImageSnapshot = {
    state: 'ERROR',
    errorCode: 'ValidationError',
    errorMessage: 'The image <b>failed</b> validation.',
    errorDetails: [
      { code: 'FirewallEnabled', message: 'Windows Firewall is on for <script>alert(1)</script> profiles.' },
      { code: 'AutoLogonEnabled', message: 'AutoLogon is enabled | "yes" & more' },
      { code: 'SomeFutureCode', message: 'A check this action does not know.' },
      { code: undefined, message: undefined },
    ],
  };
  const failed = report('ingestion-error', {
    imageState: 'ERROR',
    errorImage: failedImage,
    timeline: [
      { state: 'PENDING', startedAtMs: IMPORTED_MS, endedAtMs: AVAILABLE_MS },
      { state: 'ERROR', startedAtMs: AVAILABLE_MS },
    ],
    waitedMs: AVAILABLE_MS - IMPORTED_MS,
    failure: { message: `Image ${IMAGE_ID} failed ingestion with ValidationError.`, hints: [] },
  });

  it('shows the heading', () => {
    expect(render(failed)).toContain('<h2>❌ WorkSpaces BYOL image ingestion failed</h2>');
  });

  it('shows the section heading', () => {
    expect(render(failed)).toContain('<h3>Why ingestion failed</h3>');
  });

  it('shows the escaped error code and message', () => {
    expect(render(failed)).toContain('<p>ValidationError: The image &lt;b&gt;failed&lt;/b&gt; validation.</p>');
  });

  it('shows the table columns', () => {
    expect(render(failed)).toContain('<th>Code</th><th>AWS message</th><th>What to fix on the Windows image</th>');
  });

  it('shows each error-detail code', () => {
    const html = render(failed);
    for (const code of ['FirewallEnabled', 'AutoLogonEnabled', 'SomeFutureCode']) {
      expect(html).toContain(`<td><code>${code}</code></td>`);
    }
  });

  it('escapes a script tag in the AWS message', () => {
    expect(render(failed)).toContain('for &lt;script&gt;alert(1)&lt;/script&gt; profiles.');
  });

  it('leaves no script tag', () => {
    expect(render(failed)).not.toContain('<script>');
  });

  it('escapes pipes, quotes and ampersands', () => {
    expect(render(failed)).toContain('AutoLogon is enabled &#124; &quot;yes&quot; &amp; more');
  });

  it('shows the hint for a known code', () => {
    expect(render(failed)).toContain('<td>Turn off Windows Firewall for all profiles.</td>');
  });

  it('shows a fallback for an unknown code', () => {
    expect(render(failed)).toContain(
      '<td><code>SomeFutureCode</code></td><td>A check this action does not know.</td>' +
        '<td>No hint known for this code: see the AWS message.</td>',
    );
  });

  it('shows a row for a detail without code', () => {
    expect(render(failed)).toContain('<td><code>(none)</code></td>');
  });

  it('shows the timeline up to ERROR', () => {
    expect(render(failed)).toContain('<td><code>ERROR</code></td><td>2025-01-15 10:35:30</td><td>current state</td>');
  });

  it('shows no table without details', () => {
    const html = render({ ...failed, errorImage: { ...failedImage, errorDetails: [] } });
    expect(html).not.toContain('<th>AWS message</th>');
  });

  it('leaves out an empty error message', () => {
    const html = render({ ...failed, errorImage: { ...failedImage, errorCode: undefined, errorMessage: '' } });
    expect(html).toMatch(/<h3>Why ingestion failed<\/h3>\s*<table>/);
  });

  // A code named like a member of Object.prototype gets the fallback text.
  it('renders a code named constructor', () => {
    const html = render({
      ...failed,
      errorImage: { ...failedImage, errorDetails: [{ code: 'constructor', message: 'odd code' }] },
    });
    expect(html).toContain('No hint known for this code');
  });
});

describe.each([
  ['timeout', '<h2>⏱️ Timed out waiting for the WorkSpaces BYOL image</h2>', 'The wait timed out'],
  ['cancelled', '<h2>🛑 WorkSpaces BYOL image step cancelled</h2>', 'The step was cancelled'],
] as const)('renderSummary %s', (outcome, heading, why) => {
  const stopped = report(outcome, {
    imageState: 'PENDING',
    timeline: [{ state: 'PENDING', startedAtMs: IMPORTED_MS }],
    waitedMs: 60 * 60_000,
  });

  it('shows the heading', () => {
    expect(render(stopped)).toContain(heading);
  });

  it('says why the wait ended', () => {
    expect(render(stopped)).toContain(`<p>${why}, `);
  });

  it('says the image is still importing', () => {
    expect(render(stopped)).toContain('the image is still importing in AWS');
  });

  it('says nothing was deleted', () => {
    expect(render(stopped)).toContain('nothing was deleted');
  });

  it('shows the follow-up command', () => {
    expect(render(stopped)).toContain(FOLLOW_COMMAND);
  });

  it('names the terminal states', () => {
    expect(render(stopped)).toContain('it ends as AVAILABLE or ERROR');
  });

  it('leaves out the region without one', () => {
    const html = render({ ...stopped, inputs: { ...INPUTS, region: undefined } });
    expect(html).toContain(`<code>aws workspaces describe-workspace-images --image-ids ${IMAGE_ID}</code>`);
  });

  it('shows the current state', () => {
    expect(render(stopped)).toContain('<td><code>PENDING</code></td><td>2025-01-15 09:00:00</td><td>current state</td>');
  });

  it('shows the total wait', () => {
    expect(render(stopped)).toContain('<p>Total wait: 1h 00m 00s.</p>');
  });

  it('shows no follow-up without an image id', () => {
    const html = render({ ...stopped, imageId: undefined });
    expect(html).not.toContain('describe-workspace-images');
  });
});
