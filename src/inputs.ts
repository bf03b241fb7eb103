/**
 * Reads the action's inputs and checks them against the constraints of the
 * WorkSpaces and STS APIs, collecting every problem so that one run reports
 * them all.
 */
import {
  APPLICATIONS,
  EC2_IMAGE_ID_PATTERN,
  IMAGE_DESCRIPTION_CHARACTERS,
  IMAGE_DESCRIPTION_MAX_LENGTH,
  IMAGE_DESCRIPTION_PATTERN,
  IMAGE_NAME_CHARACTERS,
  IMAGE_NAME_MAX_LENGTH,
  IMAGE_NAME_PATTERN,
  INGESTION_PROCESSES,
  MAX_APPLICATIONS,
  MAX_TAGS,
  ROLE_ARN_MAX_LENGTH,
  ROLE_ARN_MIN_LENGTH,
  ROLE_ARN_PATTERN,
  ROLE_DURATION_MAX_SECONDS,
  ROLE_DURATION_MIN_SECONDS,
  ROLE_SESSION_NAME_MAX_LENGTH,
  ROLE_SESSION_NAME_MIN_LENGTH,
  ROLE_SESSION_NAME_PATTERN,
  type Application,
  type IngestionProcess,
} from './constraints.js';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { RunContext } from './github-context.js';
import { parsePackerManifest, selectManifestAmi } from './packer-manifest.js';
import { PARTITION_IDS, REGION_PATTERN, partitionOf, type Partition } from './partition.js';
import { mergeTags, provenanceTags } from './provenance-tags.js';
import { describeInvalidCharacters, parseTags, type Tag } from './tags.js';

export const IF_EXISTS_VALUES = ['fail', 'reuse'] as const;
export type IfExists = (typeof IF_EXISTS_VALUES)[number];

/** The inputs after validation, in the form the AWS calls take. */
export interface ActionInputs {
  ec2ImageId: string;
  /** Source of the AMI id, when it was read from a Packer manifest. */
  manifestSource?: { path: string; buildName: string; runUuid: string };
  ingestionProcess: IngestionProcess;
  imageName: string;
  imageDescription: string;
  /** The user's tags merged with the provenance tags. */
  tags: Tag[];
  applications: Application[];
  region: string;
  partition: Partition;
  ifExists: IfExists;
  dryRun: boolean;
  /** Role to assume with the job's OIDC token; undefined to use the SDK's default credential chain. */
  roleToAssume: string | undefined;
  roleSessionName: string;
  roleDurationSeconds: number;
  audience: string;
  waitForAvailable: boolean;
  waitTimeoutMinutes: number;
  pollIntervalSeconds: number;
}

export interface InputProblem {
  /** Input name as written in workflow YAML, for example `image-name`. */
  input: string;
  value: string;
  /** Explanation: the problem, the rule and the fix. */
  message: string;
}

export type InputReader = (name: string) => string;
/** Reads a text file, throwing Node's usual errors (`ENOENT` and so on). */
export type TextFileReader = (path: string) => string;

const readUtf8 = (path: string): string => readFileSync(path, 'utf8');

export type InputResult =
  | { ok: true; inputs: ActionInputs }
  | { ok: false; problems: InputProblem[]; partial: Partial<ActionInputs> };

/** Variable the runner sets when the job has `permissions: id-token: write`. */
export const OIDC_REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';

const DEFAULT_SESSION_NAME = 'GitHubActions';
const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_WAIT_TIMEOUT_MINUTES = 240;
/** Maximum wait: a self-hosted runner's job limit of 5 days (GitHub Actions usage limits). */
const MAX_WAIT_TIMEOUT_MINUTES = 7200;
const DEFAULT_POLL_INTERVAL_SECONDS = 60;
const MAX_POLL_INTERVAL_SECONDS = 900;

/**
 * Reads and validates every input. `read` returns the trimmed input value,
 * or an empty string when the input is not set.
 */
export function readInputs(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  run: RunContext,
  readTextFile: TextFileReader = readUtf8,
): InputResult {
  const problems: InputProblem[] = [];
  const report = (input: string, value: string, message: string): void => {
    problems.push({ input, value, message });
  };

  const region = readRegion(read, env, report);
  const partition = partitionOf(region ?? '');
  const ami = readAmi(read, region, env, readTextFile, report);
  const ec2ImageId = ami?.ec2ImageId;
  const manifestSource = ami?.manifestSource;
  const ingestionProcess = readIngestionProcess(read('ingestion-process'), report);
  const imageName = readImageName(read('image-name'), report);
  const imageDescription = readImageDescription(read('image-description'), ec2ImageId, run, report);
  const addGithubTags = readBoolean('add-github-tags', read('add-github-tags'), true, report);
  const tags = readTags(read('tags'), addGithubTags ? provenanceTags(run) : [], report);
  const ifExists = readIfExists(read('if-exists'), report);
  const dryRun = readBoolean('dry-run', read('dry-run'), false, report);
  const applications = readApplications(read('applications'), report);
  const roleToAssume = readRoleToAssume(read('role-to-assume'), region, env, report);
  const roleSessionName = readRoleSessionName(read('role-session-name'), report);
  const roleDurationSeconds = readRoleDuration(read('role-duration-seconds'), report);
  const audience = read('audience') || partition.defaultAudience;
  const waitForAvailable = readBoolean('wait-for-available', read('wait-for-available'), false, report);
  const waitTimeoutMinutes = readWaitTimeout(read('wait-timeout-minutes'), report);
  const pollIntervalSeconds = readPollInterval(read('poll-interval-seconds'), report);

  const values = {
    ec2ImageId,
    manifestSource,
    ingestionProcess,
    imageName,
    imageDescription,
    tags,
    applications,
    region,
    partition,
    ifExists,
    dryRun,
    roleToAssume,
    roleSessionName,
    roleDurationSeconds,
    audience,
    waitForAvailable,
    waitTimeoutMinutes,
    pollIntervalSeconds,
  };
  if (
    problems.length > 0 ||
    region === undefined ||
    ec2ImageId === undefined ||
    ingestionProcess === undefined ||
    imageName === undefined ||
    imageDescription === undefined ||
    roleSessionName === undefined ||
    roleDurationSeconds === undefined ||
    waitTimeoutMinutes === undefined ||
    pollIntervalSeconds === undefined
  ) {
    return { ok: false, problems, partial: values };
  }
  const inputs: ActionInputs = {
    ...values,
    region,
    ec2ImageId,
    ingestionProcess,
    imageName,
    imageDescription,
    roleSessionName,
    roleDurationSeconds,
    waitTimeoutMinutes,
    pollIntervalSeconds,
  };
  return { ok: true, inputs };
}

/** Formats problems as one message, one line per problem. */
export function formatInputProblems(problems: readonly InputProblem[]): string {
  const heading = problems.length === 1 ? 'An input is invalid:' : `${problems.length} inputs are invalid:`;
  return [heading, ...problems.map((problem) => `- ${problem.input}: ${problem.message}`)].join('\n');
}

type Reporter = (input: string, value: string, message: string) => void;

/** Quotes a value for a message, shortened so a huge value cannot flood the log. */
export function quote(value: string, maxLength = 120): string {
  const shortened = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(shortened);
}

function readRegion(read: InputReader, env: NodeJS.ProcessEnv, report: Reporter): string | undefined {
  const region = read('aws-region') || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || '';
  if (region === '') {
    report(
      'aws-region',
      '',
      'is required: set the aws-region input (or the AWS_REGION variable) to the Region of the AMI, for example us-east-1.',
    );
    return undefined;
  }
  if (!REGION_PATTERN.test(region)) {
    report('aws-region', region, `${quote(region)} is not a Region name. Use a code such as us-east-1 or eu-west-2.`);
    return undefined;
  }
  return region;
}

/**
 * Reads the AMI from `ec2-image-id` or from the Packer manifest that
 * `packer-manifest` names; exactly one of the two must be set.
 */
function readAmi(
  read: InputReader,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
  readTextFile: TextFileReader,
  report: Reporter,
): { ec2ImageId: string; manifestSource?: ActionInputs['manifestSource'] } | undefined {
  const imageIdInput = read('ec2-image-id');
  const manifestInput = read('packer-manifest');
  const buildName = read('packer-build-name');

  if (imageIdInput !== '' && manifestInput !== '') {
    report(
      'ec2-image-id',
      imageIdInput,
      `is set together with packer-manifest (${quote(manifestInput)}): set only one of them, so that there is one AMI to import.`,
    );
    return undefined;
  }
  if (imageIdInput === '' && manifestInput === '') {
    report(
      'ec2-image-id',
      '',
      'is required unless packer-manifest is set: give the AMI to import (ami-0123456789abcdef0) or the path of the Packer manifest.',
    );
    return undefined;
  }
  if (buildName !== '' && manifestInput === '') {
    report('packer-build-name', buildName, 'is set without packer-manifest: it selects a build of the manifest, so set both or neither.');
  }
  if (imageIdInput !== '') {
    const ec2ImageId = readEc2ImageId(imageIdInput, region, report);
    return ec2ImageId === undefined ? undefined : { ec2ImageId };
  }
  return readManifestAmi(manifestInput, buildName, region, env, readTextFile, report);
}

function readManifestAmi(
  path: string,
  buildName: string,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
  readTextFile: TextFileReader,
  report: Reporter,
): { ec2ImageId: string; manifestSource: NonNullable<ActionInputs['manifestSource']> } | undefined {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const fullPath = isAbsolute(path) ? path : resolve(workspace, path);
  let text: string;
  try {
    text = readTextFile(fullPath);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? `${quote(fullPath)} does not exist. Paths are relative to the workspace (${workspace}); ` +
          'check that the Packer template has a manifest post-processor and that packer build ran in this job.'
        : `${quote(fullPath)} could not be read: ${error instanceof Error ? error.message : String(error)}.`;
    report('packer-manifest', path, reason);
    return undefined;
  }

  const manifest = parsePackerManifest(text);
  if (!manifest.ok) {
    report('packer-manifest', path, `${quote(fullPath)} ${manifest.problem}`);
    return undefined;
  }
  if (region === undefined) {
    return undefined;
  }
  const selection = selectManifestAmi(manifest.value, region, buildName === '' ? undefined : buildName);
  if (!selection.ok) {
    const input = selection.unknownBuildName ? 'packer-build-name' : 'packer-manifest';
    report(input, input === 'packer-build-name' ? buildName : path, `${quote(fullPath)} ${selection.problem}`);
    return undefined;
  }
  const ec2ImageId = readEc2ImageId(selection.value.ec2ImageId, region, report, 'packer-manifest');
  if (ec2ImageId === undefined) {
    return undefined;
  }
  return {
    ec2ImageId,
    manifestSource: { path: fullPath, buildName: selection.value.buildName, runUuid: selection.value.runUuid },
  };
}

function readEc2ImageId(
  value: string,
  region: string | undefined,
  report: Reporter,
  input: 'ec2-image-id' | 'packer-manifest' = 'ec2-image-id',
): string | undefined {

  // Packer writes AMIs as `region:ami-…`, comma-separated when it copies the AMI to several Regions.
  let amiId = value;
  if (value.includes(':')) {
    const pairs = value.split(',').map((pair) => pair.trim().split(':'));
    const malformed = pairs.find((pair) => pair.length !== 2);
    if (malformed !== undefined) {
      report(
        input,
        value,
        `${quote(malformed.join(':'))} is not in the form REGION:ami-ID that Packer writes. ` +
          'Give an AMI id such as ami-0123456789abcdef0, or pairs such as us-east-1:ami-0123456789abcdef0 separated by commas.',
      );
      return undefined;
    }
    if (region === undefined) {
      return undefined;
    }
    const match = pairs.find(([pairRegion]) => pairRegion === region);
    if (match === undefined) {
      const regions = pairs.map(([pairRegion]) => pairRegion ?? '');
      report(
        input,
        value,
        `${quote(value)} names an AMI in ${regions.join(', ')}, not in ${region}, the Region of this import. ` +
          'WorkSpaces imports an AMI only from its own Region: copy the AMI to that Region or set aws-region to match.',
      );
      return undefined;
    }
    amiId = match[1] ?? '';
  }

  if (!EC2_IMAGE_ID_PATTERN.test(amiId)) {
    const hint =
      EC2_IMAGE_ID_PATTERN.test(amiId.toLowerCase()) ? ` Write it in lower case: ${amiId.toLowerCase()}.` : '';
    report(
      input,
      value,
      `${quote(amiId)} is not an AMI id: it must be "ami-" followed by 8 or 17 lower-case hexadecimal digits.${hint}`,
    );
    return undefined;
  }
  return amiId;
}

function readIngestionProcess(value: string, report: Reporter): IngestionProcess | undefined {
  const allowed = INGESTION_PROCESSES.join(', ');
  if (value === '') {
    report('ingestion-process', value, `is required: set it to one of ${allowed}.`);
    return undefined;
  }
  const match = INGESTION_PROCESSES.find((process) => process === value);
  if (match === undefined) {
    const caseMatch = INGESTION_PROCESSES.find((process) => process === value.toUpperCase());
    const hint = caseMatch ? ` Values are case-sensitive: use ${caseMatch}.` : '';
    report('ingestion-process', value, `${quote(value)} is not an ingestion process. Use one of ${allowed}.${hint}`);
  }
  return match;
}

function readImageName(value: string, report: Reporter): string | undefined {
  if (value === '') {
    report('image-name', value, `is required: set it to a name of 1-${IMAGE_NAME_MAX_LENGTH} characters of ${IMAGE_NAME_CHARACTERS}.`);
    return undefined;
  }
  const valid = IMAGE_NAME_PATTERN.test(value) && value.length <= IMAGE_NAME_MAX_LENGTH;
  if (valid) {
    return value;
  }

  const reasons: string[] = [];
  if (!IMAGE_NAME_PATTERN.test(value)) {
    reasons.push(`contains ${describeInvalidCharacters(value, IMAGE_NAME_PATTERN)}`);
  }
  if (value.length > IMAGE_NAME_MAX_LENGTH) {
    reasons.push(`is ${value.length} characters long`);
  }
  report(
    'image-name',
    value,
    `${quote(value)} ${reasons.join(' and ')}. Image names are 1-${IMAGE_NAME_MAX_LENGTH} characters of ` +
      `${IMAGE_NAME_CHARACTERS}. A valid name close to it: ${quote(suggestImageName(value))}.`,
  );
  return undefined;
}

/** Turns any text into a valid image name: invalid characters become `-`, and the result is cut to length. */
export function suggestImageName(value: string): string {
  const replaced = [...value]
    .map((character) => (IMAGE_NAME_PATTERN.test(character) ? character : '-'))
    .join('')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = replaced.slice(0, IMAGE_NAME_MAX_LENGTH).replace(/-+$/, '');
  return cut === '' ? 'image' : cut;
}

function readImageDescription(
  value: string,
  ec2ImageId: string | undefined,
  run: RunContext,
  report: Reporter,
): string | undefined {
  if (value === '') {
    return defaultImageDescription(ec2ImageId ?? 'an AMI', run);
  }
  const reasons: string[] = [];
  if (!IMAGE_DESCRIPTION_PATTERN.test(value)) {
    reasons.push(`contains ${describeInvalidCharacters(value, IMAGE_DESCRIPTION_PATTERN)}`);
  }
  if (value.length > IMAGE_DESCRIPTION_MAX_LENGTH) {
    reasons.push(`is ${value.length} characters long`);
  }
  if (reasons.length === 0) {
    return value;
  }
  report(
    'image-description',
    value,
    `${quote(value)} ${reasons.join(' and ')}. Descriptions are 1-${IMAGE_DESCRIPTION_MAX_LENGTH} characters of ` +
      `${IMAGE_DESCRIPTION_CHARACTERS} (no comma, colon or plus), or leave the input empty for a generated one.`,
  );
  return undefined;
}

/**
 * Builds the description used when none is given, from the AMI and the run.
 * Characters the API rejects are replaced with `-`.
 */
export function defaultImageDescription(ec2ImageId: string, run: RunContext): string {
  const parts = [`BYOL import of ${ec2ImageId}`];
  if (run.repository !== '') {
    parts.push(`from ${run.repository}`);
  }
  if (run.runId !== '') {
    parts.push(`run ${run.runId}`);
  }
  const text = [...parts.join(' ')]
    .map((character) => (IMAGE_DESCRIPTION_PATTERN.test(character) ? character : '-'))
    .join('');
  return text.slice(0, IMAGE_DESCRIPTION_MAX_LENGTH);
}

function readTags(value: string, provenance: readonly Tag[], report: Reporter): Tag[] {
  const { tags: userTags, problems } = parseTags(value);
  for (const problem of problems) {
    report('tags', value, problem);
  }
  const tags = mergeTags(userTags, provenance);
  if (tags.length > MAX_TAGS) {
    const added = tags.length - userTags.length;
    const provenanceNote = added > 0 ? ` (${userTags.length} from this input and ${added} provenance tags from add-github-tags)` : '';
    report(
      'tags',
      value,
      `makes ${tags.length} tags${provenanceNote}; a WorkSpaces image can have at most ${MAX_TAGS}. ` +
        (added > 0 ? 'Remove some tags or set add-github-tags to false.' : 'Remove some tags.'),
    );
  }
  return tags;
}

function readIfExists(value: string, report: Reporter): IfExists {
  if (value === '') {
    return 'fail';
  }
  const match = IF_EXISTS_VALUES.find((candidate) => candidate === value);
  if (match === undefined) {
    report('if-exists', value, `${quote(value)} is not a choice: use fail (stop before importing) or reuse (use the existing image).`);
    return 'fail';
  }
  return match;
}

function readApplications(value: string, report: Reporter): Application[] {
  if (value === '') {
    return [];
  }
  const names = value
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const applications: Application[] = [];
  for (const name of names) {
    const match = APPLICATIONS.find((application) => application === name);
    if (match === undefined) {
      report('applications', value, `${quote(name)} is not an application the import accepts. Use ${APPLICATIONS.join(' or ')}.`);
    } else {
      applications.push(match);
    }
  }
  if (names.length > MAX_APPLICATIONS) {
    report(
      'applications',
      value,
      `lists ${names.length} applications, but ImportWorkspaceImage accepts only ${MAX_APPLICATIONS}: keep one of ${APPLICATIONS.join(' or ')}.`,
    );
  }
  return applications;
}

function readRoleToAssume(
  value: string,
  region: string | undefined,
  env: NodeJS.ProcessEnv,
  report: Reporter,
): string | undefined {
  if (value === '') {
    return undefined;
  }

  const match = ROLE_ARN_PATTERN.exec(value);
  if (match === null) {
    const example = value.startsWith('arn:') || value.includes(':')
      ? 'for example arn:aws:iam::123456789012:role/workspaces-image-import'
      : `here arn:${region === undefined ? 'aws' : partitionOf(region).id}:iam::ACCOUNT_ID:role/${value} with your account id`;
    report(
      'role-to-assume',
      value,
      `${quote(value)} is not an IAM role ARN. Give the full ARN, arn:PARTITION:iam::ACCOUNT_ID:role/NAME, ${example}.`,
    );
  } else if (value.length < ROLE_ARN_MIN_LENGTH || value.length > ROLE_ARN_MAX_LENGTH) {
    report('role-to-assume', value, `${quote(value)} must be ${ROLE_ARN_MIN_LENGTH}-${ROLE_ARN_MAX_LENGTH} characters long.`);
  } else {
    const arnPartition = match.groups?.['partition'] ?? '';
    if (!PARTITION_IDS.includes(arnPartition)) {
      report('role-to-assume', value, `${quote(value)} names partition "${arnPartition}"; known partitions are ${PARTITION_IDS.join(', ')}.`);
    } else if (region !== undefined && arnPartition !== partitionOf(region).id) {
      const expected = partitionOf(region).id;
      report(
        'role-to-assume',
        value,
        `${quote(value)} is a role in partition "${arnPartition}", but Region ${region} is in partition "${expected}". ` +
          `Use a role from ${expected} (arn:${expected}:iam::…) or a Region of ${arnPartition}.`,
      );
    }
  }

  if (!env[OIDC_REQUEST_URL_VARIABLE]) {
    report(
      'role-to-assume',
      value,
      `is set, but the job cannot request a GitHub OIDC token (${OIDC_REQUEST_URL_VARIABLE} is not set). ` +
        'Add "permissions: id-token: write" to the job or workflow. Pull requests from forks never receive a token: ' +
        'run the import on push, tag or workflow_dispatch events instead.',
    );
  }
  return value;
}

function readRoleSessionName(value: string, report: Reporter): string | undefined {
  const name = value || DEFAULT_SESSION_NAME;
  const lengthOk = name.length >= ROLE_SESSION_NAME_MIN_LENGTH && name.length <= ROLE_SESSION_NAME_MAX_LENGTH;
  if (lengthOk && ROLE_SESSION_NAME_PATTERN.test(name)) {
    return name;
  }
  const reasons: string[] = [];
  if (!ROLE_SESSION_NAME_PATTERN.test(name)) {
    reasons.push(`contains ${describeInvalidCharacters(name, ROLE_SESSION_NAME_PATTERN)}`);
  }
  if (!lengthOk) {
    reasons.push(`is ${name.length} ${name.length === 1 ? 'character' : 'characters'} long`);
  }
  report(
    'role-session-name',
    value,
    `${quote(name)} ${reasons.join(' and ')}. Session names are ${ROLE_SESSION_NAME_MIN_LENGTH}-${ROLE_SESSION_NAME_MAX_LENGTH} ` +
      'characters of letters, digits and _ + = , . @ -.',
  );
  return undefined;
}

function readRoleDuration(value: string, report: Reporter): number | undefined {
  if (value === '') {
    return DEFAULT_DURATION_SECONDS;
  }
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(seconds) && seconds >= ROLE_DURATION_MIN_SECONDS && seconds <= ROLE_DURATION_MAX_SECONDS) {
    return seconds;
  }
  report(
    'role-duration-seconds',
    value,
    `${quote(value)} must be a whole number of seconds from ${ROLE_DURATION_MIN_SECONDS} to ${ROLE_DURATION_MAX_SECONDS}, ` +
      "and at most the role's maximum session duration.",
  );
  return undefined;
}

/** Reads a boolean input with the YAML 1.2 core schema words that `core.getBooleanInput` accepts. */
function readBoolean(input: string, value: string, fallback: boolean, report: Reporter): boolean {
  if (value === '') {
    return fallback;
  }
  if (['true', 'True', 'TRUE'].includes(value)) {
    return true;
  }
  if (['false', 'False', 'FALSE'].includes(value)) {
    return false;
  }
  report(input, value, `${quote(value)} is not a boolean: write true or false.`);
  return fallback;
}

function readWaitTimeout(value: string, report: Reporter): number | undefined {
  if (value === '') {
    return DEFAULT_WAIT_TIMEOUT_MINUTES;
  }
  const minutes = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (minutes > 0 && minutes <= MAX_WAIT_TIMEOUT_MINUTES) {
    return minutes;
  }
  report(
    'wait-timeout-minutes',
    value,
    `${quote(value)} must be a number of minutes greater than 0 and at most ${MAX_WAIT_TIMEOUT_MINUTES}, for example 240. ` +
      'BYOL ingestion takes at least 90 minutes, 3 hours or more with Office.',
  );
  return undefined;
}

function readPollInterval(value: string, report: Reporter): number | undefined {
  if (value === '') {
    return DEFAULT_POLL_INTERVAL_SECONDS;
  }
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (seconds >= 1 && seconds <= MAX_POLL_INTERVAL_SECONDS) {
    return seconds;
  }
  report(
    'poll-interval-seconds',
    value,
    `${quote(value)} must be a whole number of seconds from 1 to ${MAX_POLL_INTERVAL_SECONDS}; the default ${DEFAULT_POLL_INTERVAL_SECONDS} ` +
      'keeps the wait under 60 DescribeWorkspaceImages calls per hour.',
  );
  return undefined;
}
