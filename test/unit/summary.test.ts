import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunContext } from '../../src/github-context.ts';
import type { ActionInputs } from '../../src/inputs.ts';
import { escapeHtml, renderSummary, writeSummary, type StepReport } from '../../src/summary.ts';

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
  imageDescription: 'Windows 11 golden image',
  region: 'eu-west-1',
  tags: [
    { Key: 'team', Value: 'vdi' },
    { Key: 'cost-center', Value: '4711' },
  ],
  applications: ['Microsoft_Office_2019'],
  roleToAssume: 'arn:aws:iam::123456789012:role/workspaces-import',
};

const HOSTILE = '<img src=x onerror=alert(1)> | a & b "q" \'s\'\n## heading';

function render(report: StepReport): string {
  return renderSummary(core.summary, report).stringify();
}

/** Returns the lines of the rendered summary, split at every Markdown line ending (LF, CR LF, lone CR). */
function markdownLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function expectNoInjection(html: string): void {
  expect(html).not.toContain('<img');
  expect(html).not.toContain('onerror=alert(1)>');
  expect(html).not.toContain(' | ');
  expect(html).not.toContain('"q"');
  expect(html).not.toContain(' & ');
  expect(markdownLines(html).filter((line) => /^\s*#/.test(line))).toEqual([]);
}

beforeEach(() => {
  core.summary.emptyBuffer();
});

describe('renderSummary success', () => {
  const report: StepReport = {
    outcome: 'started',
    inputs: INPUTS,
    run: RUN,
    imageId: 'wsi-abc123def',
    imageState: 'PENDING',
  };

  it('shows the heading', () => {
    expect(render(report)).toContain('<h2>✅ WorkSpaces BYOL image import started</h2>');
  });

  it('shows the image id', () => {
    expect(render(report)).toContain('<code>wsi-abc123def</code>');
  });

  it('links to the console', () => {
    expect(render(report)).toContain(
      '<a href="https://console.aws.amazon.com/workspaces/home?region=eu-west-1#images:search=wsi-abc123def">',
    );
  });

  it('shows state, AMI, Region and process', () => {
    const html = render(report);
    expect(html).toContain('<td>State</td><td><code>PENDING</code></td>');
    expect(html).toContain('<td>AMI</td><td><code>ami-0123456789abcdef0</code></td>');
    expect(html).toContain('<td>Region</td><td><code>eu-west-1</code></td>');
    expect(html).toContain('<td>Ingestion process</td><td><code>BYOL_REGULAR_WSP</code></td>');
  });

  it('shows tags and applications', () => {
    const html = render(report);
    expect(html).toContain('<code>team=vdi</code><br><code>cost-center=4711</code>');
    expect(html).toContain('<code>Microsoft_Office_2019</code>');
  });

  it('shows the role and run link', () => {
    const html = render(report);
    expect(html).toContain('role <code>arn:aws:iam::123456789012:role/workspaces-import</code> through GitHub OIDC');
    expect(html).toContain('<a href="https://github.com/octo-org/images/actions/runs/4242">octo-org/images run 4242</a>');
  });

  it('shows the follow-up command', () => {
    expect(render(report)).toContain(
      '<code>aws workspaces describe-workspace-images --image-ids wsi-abc123def --region eu-west-1</code>',
    );
  });

  it('has no console link in iso Regions', () => {
    const html = render({ ...report, inputs: { ...INPUTS, region: 'us-iso-east-1' } });
    expect(html).not.toContain('open in the WorkSpaces console');
  });

  it('names the default credential chain', () => {
    const html = render({ ...report, inputs: { ...INPUTS, roleToAssume: undefined } });
    expect(html).toContain("the AWS SDK's default credential chain");
  });
});

describe('renderSummary failure', () => {
  const report: StepReport = {
    outcome: 'failed',
    inputs: INPUTS,
    run: RUN,
    failure: {
      message: 'WorkSpaces ImportWorkspaceImage failed: ResourceNotFoundException: no AMI (request id req-404)',
      hints: ['Check the AMI.', 'Check the Region.'],
      requestId: 'req-404',
    },
  };

  it('shows the failed heading', () => {
    expect(render(report)).toContain('<h2>❌ WorkSpaces BYOL image import failed</h2>');
  });

  it('shows the message', () => {
    expect(render(report)).toContain(
      '<p>WorkSpaces ImportWorkspaceImage failed: ResourceNotFoundException: no AMI (request id req-404)</p>',
    );
  });

  it('lists the hints', () => {
    expect(render(report)).toContain('<ul><li>Check the AMI.</li><li>Check the Region.</li></ul>');
  });

  it('shows the request id', () => {
    expect(render(report)).toContain('<td>Request id</td><td><code>req-404</code></td>');
  });

  it('leaves out hints when there are none', () => {
    const html = render({ ...report, failure: { message: 'boom', hints: [] } });
    expect(html).not.toContain('What to do');
    expect(html).not.toContain('Request id');
  });
});

describe('renderSummary input problems', () => {
  const report: StepReport = {
    outcome: 'failed',
    inputs: { region: 'eu-west-1' },
    run: RUN,
    inputProblems: [
      { input: 'image-name', value: 'my image', message: '"my image" contains " " (space).' },
      { input: 'ec2-image-id', value: '', message: 'is required.' },
    ],
  };

  it('shows a row per problem', () => {
    const html = render(report);
    expect(html).toContain(
      '<tr><td><code>image-name</code></td><td><code>my image</code></td><td>&quot;my image&quot; contains &quot; &quot; (space).</td></tr>',
    );
    expect(html).toContain('<tr><td><code>ec2-image-id</code></td><td><i>empty</i></td><td>is required.</td></tr>');
  });

  it('says nothing was sent to AWS', () => {
    expect(render(report)).toContain('Nothing was sent to AWS');
  });
});

describe('renderSummary escaping', () => {
  it('escapes input values in the details', () => {
    const html = render({
      outcome: 'started',
      inputs: { ...INPUTS, imageName: HOSTILE, tags: [{ Key: HOSTILE, Value: HOSTILE }], roleToAssume: HOSTILE },
      run: { ...RUN, repository: HOSTILE },
      imageId: HOSTILE,
      imageState: HOSTILE,
    });
    expectNoInjection(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes AWS messages and hints', () => {
    const html = render({
      outcome: 'failed',
      inputs: INPUTS,
      run: RUN,
      failure: { message: HOSTILE, hints: [HOSTILE], requestId: HOSTILE },
    });
    expectNoInjection(html);
  });

  it('escapes input problems', () => {
    const html = render({
      outcome: 'failed',
      inputs: {},
      run: RUN,
      inputProblems: [{ input: HOSTILE, value: HOSTILE, message: HOSTILE }],
    });
    expectNoInjection(html);
  });

  it('turns newlines into br', () => {
    const html = render({ outcome: 'failed', inputs: {}, run: RUN, failure: { message: 'one\ntwo\r\nthree', hints: [] } });
    expect(html).toContain('<p>one<br>two<br>three</p>');
  });

  // A lone carriage return is a line ending in CommonMark, and two of them
  // end the HTML block, so the text after them renders as Markdown.
  it('escapes a lone carriage return', () => {
    const html = render({
      outcome: 'failed',
      inputs: {},
      run: RUN,
      inputProblems: [{ input: 'image-name', value: 'x\r\r## injected', message: 'is invalid.' }],
    });
    expect(markdownLines(html).filter((line) => /^\s*#/.test(line))).toEqual([]);
  });
});

describe('escapeHtml', () => {
  it('escapes each special character', () => {
    expect(escapeHtml(`&<>"'|`)).toBe('&amp;&lt;&gt;&quot;&#39;&#124;');
  });

  it('escapes ampersand first', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('writeSummary', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'summary-test-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the summary file', async () => {
    const file = join(directory, 'summary.md');
    await writeFile(file, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', file);

    await writeSummary({ outcome: 'started', inputs: INPUTS, run: RUN, imageId: 'wsi-abc123def' });

    expect(await readFile(file, 'utf8')).toContain('<code>wsi-abc123def</code>');
  });

  it('warns without a summary file', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    const stdout = vi.mocked(process.stdout.write);

    await expect(writeSummary({ outcome: 'failed', inputs: {}, run: RUN })).resolves.toBeUndefined();

    const log = stdout.mock.calls.map((call) => String(call[0])).join('');
    expect(log).toContain('::warning::Could not write the job summary');
  });
});
