/**
 * The job summary: what was imported, its state, and on failure what went
 * wrong and what to do. Every value from a user or from AWS is escaped.
 */
import * as core from '@actions/core';
import { runUrl, type RunContext } from './github-context.js';
import type { ActionInputs, InputProblem } from './inputs.js';
import { ingestionErrorHint } from './ingestion-errors.js';
import { imageConsoleUrl } from './partition.js';
import { formatDuration } from './poll-schedule.js';
import type { ImageSnapshot, StateSpan } from './wait.js';

/**
 * End state of the step: import started without waiting, existing image
 * reused, dry run, image available, ingestion failed, wait timed out, step
 * cancelled, or any other failure.
 */
export type Outcome =
  | 'started'
  | 'reused'
  | 'dry-run'
  | 'available'
  | 'ingestion-error'
  | 'timeout'
  | 'cancelled'
  | 'failed';

/** Everything the summary shows, gathered as the step runs. */
export interface StepReport {
  outcome: Outcome;
  inputs: Partial<ActionInputs>;
  run: RunContext;
  imageId?: string;
  imageState?: string;
  inputProblems?: readonly InputProblem[];
  failure?: { message: string; hints: readonly string[]; requestId?: string };
  /** States seen while waiting, oldest first. */
  timeline?: readonly StateSpan[];
  /** Time from the start of the wait to its end. */
  waitedMs?: number;
  /** The image as last seen in the ERROR state. */
  errorImage?: ImageSnapshot;
  /** The image existed before this run and was reused. */
  reused?: boolean;
  /** The import response was lost and the image made by the first attempt was adopted. */
  adopted?: boolean;
  /** Set when lists or texts were cut to fit the summary size limit. */
  truncated?: string;
}

/**
 * Largest job summary the runner accepts for one step is 1 MiB (GitHub Docs,
 * "Adding a job summary"); this leaves room for the toolkit's own markup.
 */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024;

/** How many entries per list and characters per text a summary keeps. */
export interface SummaryLimits {
  maxRows: number;
  maxTextLength: number;
}

/** Ever stricter limits, tried in turn until the summary fits. */
const FALLBACK_LIMITS: readonly SummaryLimits[] = [
  { maxRows: 200, maxTextLength: 4000 },
  { maxRows: 50, maxTextLength: 1000 },
  { maxRows: 10, maxTextLength: 200 },
];

/** Returns a copy of the report with every list and text cut to `limits`, saying what was cut. */
export function limitReport(report: StepReport, limits: SummaryLimits): StepReport {
  let cutRows = 0;
  let cutTexts = 0;
  const list = <T>(items: readonly T[] | undefined): T[] | undefined => {
    if (items === undefined) {
      return undefined;
    }
    cutRows += Math.max(0, items.length - limits.maxRows);
    return items.slice(0, limits.maxRows);
  };
  const text = (value: string | undefined): string | undefined => {
    if (value === undefined || value.length <= limits.maxTextLength) {
      return value;
    }
    cutTexts += 1;
    return `${value.slice(0, limits.maxTextLength)}…`;
  };

  const limited: StepReport = { ...report, inputs: { ...report.inputs } };
  if (report.inputs.tags !== undefined) {
    limited.inputs.tags = list(report.inputs.tags)?.map((tag) => ({ Key: text(tag.Key) ?? '', Value: text(tag.Value) ?? '' }));
  }
  if (report.inputs.manifestSource !== undefined) {
    const source = report.inputs.manifestSource;
    limited.inputs.manifestSource = { ...source, path: text(source.path) ?? '', buildName: text(source.buildName) ?? '' };
  }
  if (report.inputProblems !== undefined) {
    limited.inputProblems = list(report.inputProblems)?.map((problem) => ({
      ...problem,
      value: text(problem.value) ?? '',
      message: text(problem.message) ?? '',
    }));
  }
  if (report.failure !== undefined) {
    limited.failure = {
      ...report.failure,
      message: text(report.failure.message) ?? '',
      hints: (list(report.failure.hints) ?? []).map((hint) => text(hint) ?? ''),
    };
  }
  if (report.timeline !== undefined) {
    limited.timeline = list(report.timeline);
  }
  if (report.errorImage !== undefined) {
    limited.errorImage = {
      ...report.errorImage,
      errorCode: text(report.errorImage.errorCode),
      errorMessage: text(report.errorImage.errorMessage),
      errorDetails: (list(report.errorImage.errorDetails) ?? []).map((detail) => ({ ...detail, message: text(detail.message) })),
    };
  }
  if (cutRows > 0 || cutTexts > 0) {
    limited.truncated =
      `To stay under the runner's 1 MiB summary limit, ${cutRows} list entries and ${cutTexts} long texts were cut here; ` +
      'the step log has everything.';
  }
  return limited;
}

type Summary = typeof core.summary;
type TableRows = Parameters<Summary['addTable']>[0];

const HEADINGS: Record<Outcome, string> = {
  started: '✅ WorkSpaces BYOL image import started',
  reused: '♻️ Existing WorkSpaces BYOL image reused',
  'dry-run': '🧪 Dry run: WorkSpaces BYOL image not imported',
  available: '✅ WorkSpaces BYOL image is available',
  'ingestion-error': '❌ WorkSpaces BYOL image ingestion failed',
  timeout: '⏱️ Timed out waiting for the WorkSpaces BYOL image',
  cancelled: '🛑 WorkSpaces BYOL image step cancelled',
  failed: '❌ WorkSpaces BYOL image import failed',
};

/** Escapes text for HTML element content and attribute values, keeping line breaks visible. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\|/g, '&#124;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

function link(text: string, href: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

/** Adds the report to `summary` (the toolkit's summary buffer) without writing it. */
export function renderSummary(summary: Summary, report: StepReport): Summary {
  summary.addHeading(HEADINGS[report.outcome], 2);
  if (report.truncated !== undefined) {
    summary.addRaw(`<p><b>Shortened:</b> ${escapeHtml(report.truncated)}</p>`, true);
  }
  summary.addTable(detailRows(report));

  const followCommand =
    report.imageId === undefined
      ? undefined
      : code(
          `aws workspaces describe-workspace-images --image-ids ${report.imageId}` +
            (report.inputs.region ? ` --region ${report.inputs.region}` : ''),
        );
  if (report.outcome === 'started' && followCommand !== undefined) {
    summary.addRaw(
      '<p>WorkSpaces is now validating and ingesting the image. This takes at least 90 minutes, ' +
        `and 3 hours or more with Office. Follow it in the console or with ${followCommand}.</p>`,
      true,
    );
  }
  if (report.outcome === 'dry-run') {
    summary.addRaw(
      report.imageId === undefined
        ? '<p>The inputs, the credentials, BYOL in the Region and the image name were checked. This is the import that would be requested; nothing was imported.</p>'
        : '<p>An image with this name already exists and would be reused (if-exists: reuse); nothing was imported.</p>',
      true,
    );
  }
  if (report.outcome === 'reused') {
    summary.addRaw('<p>An image with this name already existed, so nothing was imported (if-exists: reuse).</p>', true);
  }
  if (report.adopted === true) {
    summary.addRaw(
      '<p>The response to ImportWorkspaceImage was lost and the SDK sent the request again. The image created by the ' +
        'first attempt was found by name and is used, so no duplicate was made.</p>',
      true,
    );
  }
  if ((report.outcome === 'timeout' || report.outcome === 'cancelled') && followCommand !== undefined) {
    const ending = report.outcome === 'timeout' ? 'The wait timed out' : 'The step was cancelled';
    summary.addRaw(
      `<p>${ending}, but the image is still importing in AWS: nothing was deleted. ` +
        `Follow it in the console or with ${followCommand}; it ends as AVAILABLE or ERROR.</p>`,
      true,
    );
  }

  if (report.timeline !== undefined && report.timeline.length > 0) {
    renderTimeline(summary, report.timeline, report.waitedMs);
  }
  if (report.errorImage !== undefined) {
    renderIngestionErrors(summary, report.errorImage);
  }

  if (report.inputProblems !== undefined && report.inputProblems.length > 0) {
    summary.addHeading('Invalid inputs', 3);
    summary.addRaw('<p>Nothing was sent to AWS. Fix these inputs and run the job again:</p>', true);
    summary.addTable([
      [
        { data: 'Input', header: true },
        { data: 'Value', header: true },
        { data: 'Problem and fix', header: true },
      ],
      ...report.inputProblems.map((problem) => [
        code(problem.input),
        problem.value === '' ? '<i>empty</i>' : code(problem.value),
        escapeHtml(problem.message),
      ]),
    ]);
  } else if (report.failure !== undefined) {
    summary.addHeading('What went wrong', 3);
    summary.addRaw(`<p>${escapeHtml(report.failure.message)}</p>`, true);
    if (report.failure.hints.length > 0) {
      summary.addHeading('What to do', 3);
      summary.addList(report.failure.hints.map(escapeHtml));
    }
  }
  return summary;
}

function renderTimeline(summary: Summary, timeline: readonly StateSpan[], waitedMs: number | undefined): void {
  summary.addHeading('Timeline', 3);
  summary.addTable([
    [
      { data: 'State', header: true },
      { data: 'Since (UTC)', header: true },
      { data: 'Lasted', header: true },
    ],
    ...timeline.map((span) => [
      code(span.state),
      escapeHtml(new Date(span.startedAtMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')),
      span.endedAtMs === undefined ? 'current state' : escapeHtml(formatDuration(span.endedAtMs - span.startedAtMs)),
    ]),
  ]);
  if (waitedMs !== undefined) {
    summary.addRaw(`<p>Total wait: ${escapeHtml(formatDuration(waitedMs))}.</p>`, true);
  }
}

function renderIngestionErrors(summary: Summary, image: ImageSnapshot): void {
  summary.addHeading('Why ingestion failed', 3);
  const overall = [image.errorCode, image.errorMessage].filter((part) => part !== undefined && part !== '').join(': ');
  if (overall !== '') {
    summary.addRaw(`<p>${escapeHtml(overall)}</p>`, true);
  }
  if (image.errorDetails.length === 0) {
    return;
  }
  summary.addTable([
    [
      { data: 'Code', header: true },
      { data: 'AWS message', header: true },
      { data: 'What to fix on the Windows image', header: true },
    ],
    ...image.errorDetails.map((detail) => [
      code(detail.code ?? '(none)'),
      escapeHtml(detail.message ?? ''),
      escapeHtml(ingestionErrorHint(detail.code) ?? 'No hint known for this code: see the AWS message.'),
    ]),
  ]);
}

function detailRows(report: StepReport): TableRows {
  const { inputs } = report;
  const rows: string[][] = [];
  const add = (label: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') {
      rows.push([label, value]);
    }
  };

  if (report.imageId !== undefined) {
    const url = inputs.region ? imageConsoleUrl(inputs.region, report.imageId) : undefined;
    add('Image', url ? `${code(report.imageId)} (${link('open in the WorkSpaces console', url)})` : code(report.imageId));
  }
  add('Image name', inputs.imageName !== undefined ? code(inputs.imageName) : undefined);
  if (report.imageId !== undefined) {
    let created = 'yes';
    if (report.outcome === 'dry-run') {
      created = 'no, dry run';
    } else if (report.reused === true) {
      created = 'no, an existing image was reused';
    }
    add('Created by this run', created);
  }
  add('State', report.imageState !== undefined ? code(report.imageState) : undefined);
  // A reused image keeps the AMI, description and tags it was imported with; this run's are only its inputs.
  const fromInputs = report.reused === true || (report.outcome === 'dry-run' && report.imageId !== undefined);
  add(fromInputs ? 'AMI given to this run' : 'AMI', inputs.ec2ImageId !== undefined ? code(inputs.ec2ImageId) : undefined);
  if (inputs.manifestSource !== undefined) {
    const source = inputs.manifestSource;
    add('Packer build', `${code(source.buildName)} of ${code(source.path)}, run ${code(source.runUuid)}`);
  }
  if (!fromInputs) {
    add('Description', inputs.imageDescription !== undefined ? escapeHtml(inputs.imageDescription) : undefined);
  }
  add('Region', inputs.region !== undefined ? code(inputs.region) : undefined);
  add('Ingestion process', inputs.ingestionProcess !== undefined ? code(inputs.ingestionProcess) : undefined);
  if (inputs.applications !== undefined && inputs.applications.length > 0) {
    add('Applications', inputs.applications.map(code).join(', '));
  }
  if (!fromInputs && inputs.tags !== undefined && inputs.tags.length > 0) {
    add('Tags', inputs.tags.map((tag) => code(`${tag.Key}=${tag.Value}`)).join('<br>'));
  }
  // After invalid inputs nothing was sent to AWS, so there are no credentials to report.
  const inputsValid = report.inputProblems === undefined || report.inputProblems.length === 0;
  if (inputsValid && inputs.roleToAssume !== undefined) {
    add('Credentials', `role ${code(inputs.roleToAssume)} through GitHub OIDC`);
  } else if (inputsValid && inputs.region !== undefined) {
    add('Credentials', "the AWS SDK's default credential chain");
  }
  add('Request id', report.failure?.requestId !== undefined ? code(report.failure.requestId) : undefined);
  const url = runUrl(report.run);
  add('Workflow run', url !== undefined ? link(`${report.run.repository} run ${report.run.runId}`, url) : undefined);

  return [[{ data: 'Item', header: true }, { data: 'Value', header: true }], ...rows];
}

function fits(html: string): boolean {
  return Buffer.byteLength(html, 'utf8') <= MAX_SUMMARY_BYTES;
}

/**
 * Writes the report to the job summary file. A missing or unwritable file
 * (outside the runner) is logged, not fatal, so the step keeps its real outcome.
 */
export async function writeSummary(report: StepReport): Promise<void> {
  try {
    core.summary.emptyBuffer();
    renderSummary(core.summary, report);
    for (const limits of FALLBACK_LIMITS) {
      if (fits(core.summary.stringify())) {
        break;
      }
      core.summary.emptyBuffer();
      renderSummary(core.summary, limitReport(report, limits));
    }
    if (!fits(core.summary.stringify())) {
      // Only values this action does not cut can still be too long; a short page beats none.
      core.summary.emptyBuffer();
      core.summary.addHeading(HEADINGS[report.outcome], 2);
      core.summary.addRaw('<p>The summary of this step was too large for the runner; the step log has every detail.</p>', true);
    }
    await core.summary.write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
}
