/**
 * End-to-end tests of input validation. The bundle runs as the GitHub runner
 * runs it, and every invalid input must fail the step before any AWS call.
 * The message must name the input and show the value or the rule, and the
 * job summary must list the input.
 *
 * The first table is generated from the constraints of the AWS API models in
 * test/emulator/rules.json, so its boundaries follow the models. The second
 * table contains the mistakes people make in real workflows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules, startEmulator, validateShape, type Emulator } from '../emulator/index.ts';
import type { MemberRule, ShapeRule } from '../emulator/rule-types.ts';

import type { RunResult } from '../support/action-runner.ts';
import { releaseInputs, runScenario } from '../support/scenario.ts';

interface BadInputCase {
  name: string;
  /** Inputs that override releaseInputs(). */
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Files to create in the workspace, by relative path. */
  files?: Record<string, string>;
  /** Input the problem must be reported on. */
  input: string;
  /** Text the problem line of `input` must contain: the value, the offending character or the rule. */
  fragment: string;
}

// ---------------------------------------------------------------------------
// Cases generated from the API models
// ---------------------------------------------------------------------------

const rules = loadRules();

function operationMembers(service: string, operation: string): Record<string, MemberRule> {
  const members = rules.services[service]?.operations[operation]?.input.members;
  if (members === undefined) {
    throw new Error(`rules.json has no input members for ${service} ${operation}`);
  }
  return members;
}

function requireDefined<T>(value: T | undefined, description: string): T {
  if (value === undefined) {
    throw new Error(`rules.json has no ${description}`);
  }
  return value;
}

const importMembers = operationMembers('workspaces', 'ImportWorkspaceImage');
const assumeRoleMembers = operationMembers('sts', 'AssumeRoleWithWebIdentity');

const imageNameRule = requireDefined(importMembers['ImageName'], 'ImportWorkspaceImage ImageName');
const imageDescriptionRule = requireDefined(importMembers['ImageDescription'], 'ImportWorkspaceImage ImageDescription');
const ec2ImageIdRule = requireDefined(importMembers['Ec2ImageId'], 'ImportWorkspaceImage Ec2ImageId');
const ingestionProcessRule = requireDefined(importMembers['IngestionProcess'], 'ImportWorkspaceImage IngestionProcess');
const applicationsRule = requireDefined(importMembers['Applications'], 'ImportWorkspaceImage Applications');
const applicationRule = requireDefined(applicationsRule.member, 'Applications member');
const tagRule = requireDefined(importMembers['Tags']?.member, 'ImportWorkspaceImage Tags member');
const tagKeyRule = requireDefined(tagRule.members?.['Key'], 'Tag Key');
const tagValueRule = requireDefined(tagRule.members?.['Value'], 'Tag Value');
const sessionNameRule = requireDefined(assumeRoleMembers['RoleSessionName'], 'AssumeRoleWithWebIdentity RoleSessionName');
const durationRule = requireDefined(assumeRoleMembers['DurationSeconds'], 'AssumeRoleWithWebIdentity DurationSeconds');

const imageNameMax = requireDefined(imageNameRule.length?.max, 'ImageName length max');
const imageDescriptionMax = requireDefined(imageDescriptionRule.length?.max, 'ImageDescription length max');
const tagKeyMin = requireDefined(tagKeyRule.length?.min, 'Tag Key length min');
const tagKeyMax = requireDefined(tagKeyRule.length?.max, 'Tag Key length max');
const tagValueMax = requireDefined(tagValueRule.length?.max, 'Tag Value length max');
const sessionNameMin = requireDefined(sessionNameRule.length?.min, 'RoleSessionName length min');
const sessionNameMax = requireDefined(sessionNameRule.length?.max, 'RoleSessionName length max');
const durationMin = requireDefined(durationRule.range?.min, 'DurationSeconds range min');
const durationMax = requireDefined(durationRule.range?.max, 'DurationSeconds range max');
const validProcess = requireDefined(ingestionProcessRule.enum?.[0], 'IngestionProcess enum value');
const applications = requireDefined(applicationRule.enum, 'Application enum');
/** Two valid applications, for a list that is longer than the import accepts. */
const twoApplications = applications.slice(0, 2);

function violatesModel(rule: ShapeRule, apiValue: unknown): boolean {
  return validateShape(rule, apiValue).length > 0;
}

/**
 * Returns `testCase` after checking that the API model rejects `apiValue`, the
 * value the action would send, so that no value the API accepts ends up here.
 */
function rejectedByModel(rule: ShapeRule, apiValue: unknown, testCase: BadInputCase): BadInputCase {
  if (!violatesModel(rule, apiValue)) {
    throw new Error(`${testCase.name}: the API model accepts ${JSON.stringify(apiValue)}`);
  }
  return testCase;
}

interface CharacterProbe {
  label: string;
  character: string;
  /** The character as the action's message names it. */
  nameInMessage: string;
}

const probe = (label: string, character: string, nameInMessage = `"${character}"`): CharacterProbe => ({
  label,
  character,
  nameInMessage,
});

const SPACE = probe('a space', ' ', '" " (space)');
const TAB = probe('a tab', '\t', '"\\t" (tab)');
const COLON = probe('a colon', ':');
const PLUS = probe('a plus', '+');
const COMMA = probe('a comma', ',');
const AT_SIGN = probe('an at sign', '@');
const HASH = probe('a hash', '#');
const BACKSLASH = probe('a backslash', '\\');
const SLASH = probe('a slash', '/');
const ASTERISK = probe('an asterisk', '*');
const NON_ASCII = probe('a non-ASCII letter', 'é');

/**
 * Builds one case per probe character that the member's pattern rejects. A
 * character the model allows yields no case, so the table follows the model.
 */
function characterCases(
  member: string,
  rule: ShapeRule,
  input: string,
  probes: readonly CharacterProbe[],
  valueWith: (character: string) => string,
): BadInputCase[] {
  return probes
    .filter(({ character }) => violatesModel(rule, valueWith(character)))
    .map(({ label, character, nameInMessage }) => ({
      name: `${member} with ${label}`,
      inputs: { [input]: valueWith(character) },
      input,
      fragment: `contains ${nameInMessage}`,
    }));
}

/** Hexadecimal digits, `count` of them. */
function hexDigits(count: number): string {
  return '0123456789abcdef'.repeat(Math.ceil(count / 16) + 1).slice(1, count + 1);
}

/** Digit counts that the Ec2ImageId pattern allows, read from its `{n}` quantifiers (8 and 17 today). */
const amiDigitCounts = [...requireDefined(ec2ImageIdRule.pattern, 'Ec2ImageId pattern').matchAll(/\{(\d+)\}/g)].map((match) =>
  Number(match[1]),
);
const longestAmiDigits = Math.max(...amiDigitCounts);
const wrongAmiDigitCounts = [...new Set(amiDigitCounts.flatMap((count) => [count - 1, count + 1]))]
  .filter((count) => count > 0 && !amiDigitCounts.includes(count))
  .sort((a, b) => a - b);

function ec2ImageIdCase(name: string, value: string, fragment = `"${value}" is not an AMI id`): BadInputCase {
  return rejectedByModel(ec2ImageIdRule, value, { name, inputs: { 'ec2-image-id': value }, input: 'ec2-image-id', fragment });
}

const lowerCaseAmi = `ami-${hexDigits(longestAmiDigits)}`;
const upperCaseAmi = lowerCaseAmi.toUpperCase().replace(/^AMI-/, 'ami-');

const generatedCases: BadInputCase[] = [
  // ImageName
  rejectedByModel(imageNameRule, 'w'.repeat(imageNameMax + 1), {
    name: `ImageName of ${imageNameMax + 1} characters`,
    inputs: { 'image-name': 'w'.repeat(imageNameMax + 1) },
    input: 'image-name',
    fragment: `is ${imageNameMax + 1} characters long`,
  }),
  // The runner passes an unset input as an empty string; the model requires the member.
  rejectedByModel(imageNameRule, '', { name: 'ImageName empty', inputs: { 'image-name': '' }, input: 'image-name', fragment: 'is required' }),
  ...characterCases(
    'ImageName',
    imageNameRule,
    'image-name',
    [SPACE, COLON, PLUS, COMMA, AT_SIGN, HASH, NON_ASCII],
    (character) => `win11${character}v1`,
  ),

  // ImageDescription (empty is valid: the action generates a description)
  rejectedByModel(imageDescriptionRule, 'd'.repeat(imageDescriptionMax + 1), {
    name: `ImageDescription of ${imageDescriptionMax + 1} characters`,
    inputs: { 'image-description': 'd'.repeat(imageDescriptionMax + 1) },
    input: 'image-description',
    fragment: `is ${imageDescriptionMax + 1} characters long`,
  }),
  ...characterCases(
    'ImageDescription',
    imageDescriptionRule,
    'image-description',
    [COMMA, COLON, PLUS, BACKSLASH, NON_ASCII, TAB],
    (character) => `Windows 11${character} release build`,
  ),

  // Ec2ImageId
  ...wrongAmiDigitCounts.map((count) => ec2ImageIdCase(`Ec2ImageId with ${count} digits`, `ami-${hexDigits(count)}`)),
  ec2ImageIdCase('Ec2ImageId in upper case', upperCaseAmi, `Write it in lower case: ${lowerCaseAmi}`),
  ec2ImageIdCase('Ec2ImageId with ami_', `ami_${hexDigits(longestAmiDigits)}`),
  ec2ImageIdCase('Ec2ImageId without prefix', hexDigits(longestAmiDigits)),

  // IngestionProcess
  rejectedByModel(ingestionProcessRule, '', {
    name: 'IngestionProcess empty',
    inputs: { 'ingestion-process': '' },
    input: 'ingestion-process',
    fragment: 'is required',
  }),
  rejectedByModel(ingestionProcessRule, 'BYOL_FAST', {
    name: 'IngestionProcess not in the enum',
    inputs: { 'ingestion-process': 'BYOL_FAST' },
    input: 'ingestion-process',
    fragment: '"BYOL_FAST" is not an ingestion process',
  }),
  rejectedByModel(ingestionProcessRule, validProcess.toLowerCase(), {
    name: 'IngestionProcess in lower case',
    inputs: { 'ingestion-process': validProcess.toLowerCase() },
    input: 'ingestion-process',
    fragment: `case-sensitive: use ${validProcess}`,
  }),
  rejectedByModel(ingestionProcessRule, `${validProcess} for Windows 11`, {
    name: 'IngestionProcess with trailing text',
    inputs: { 'ingestion-process': `${validProcess} for Windows 11` },
    input: 'ingestion-process',
    fragment: `"${validProcess} for Windows 11" is not an ingestion process`,
  }),

  // Applications
  rejectedByModel(applicationRule, 'Microsoft_Office_2021', {
    name: 'Application not in the enum',
    inputs: { applications: 'Microsoft_Office_2021' },
    input: 'applications',
    fragment: '"Microsoft_Office_2021" is not an application',
  }),
  // The model allows a list of up to 5 applications, but the operation's
  // documentation says the import accepts one, so these are not model checks.
  ...(twoApplications.length === 2
    ? [
        {
          name: 'Applications comma-separated',
          inputs: { applications: twoApplications.join(',') },
          input: 'applications',
          fragment: 'lists 2 applications',
        },
        {
          name: 'Applications space-separated',
          inputs: { applications: twoApplications.join(' ') },
          input: 'applications',
          fragment: 'lists 2 applications',
        },
      ]
    : []),

  // Tag Key and Value
  rejectedByModel(tagKeyRule, 'k'.repeat(tagKeyMax + 1), {
    name: `Tag Key of ${tagKeyMax + 1} characters`,
    inputs: { tags: `${'k'.repeat(tagKeyMax + 1)}=vdi` },
    input: 'tags',
    fragment: `is ${tagKeyMax + 1} characters long`,
  }),
  rejectedByModel(tagKeyRule, 'k'.repeat(tagKeyMin - 1), {
    name: `Tag Key of length ${tagKeyMin - 1}`,
    inputs: { tags: `${'k'.repeat(tagKeyMin - 1)}=vdi` },
    input: 'tags',
    fragment: 'empty key',
  }),
  rejectedByModel(tagValueRule, 'v'.repeat(tagValueMax + 1), {
    name: `Tag Value of ${tagValueMax + 1} characters`,
    inputs: { tags: `team=${'v'.repeat(tagValueMax + 1)}` },
    input: 'tags',
    fragment: `a value of ${tagValueMax + 1} characters`,
  }),

  // RoleSessionName (an empty input means the default name, so min-1 must be at least 1)
  ...(sessionNameMin > 1
    ? [
        rejectedByModel(sessionNameRule, 's'.repeat(sessionNameMin - 1), {
          name: `RoleSessionName of length ${sessionNameMin - 1}`,
          inputs: { 'role-session-name': 's'.repeat(sessionNameMin - 1) },
          input: 'role-session-name',
          fragment: `is ${sessionNameMin - 1} character`,
        }),
      ]
    : []),
  rejectedByModel(sessionNameRule, 's'.repeat(sessionNameMax + 1), {
    name: `RoleSessionName of ${sessionNameMax + 1} characters`,
    inputs: { 'role-session-name': 's'.repeat(sessionNameMax + 1) },
    input: 'role-session-name',
    fragment: `is ${sessionNameMax + 1} characters long`,
  }),
  ...characterCases(
    'RoleSessionName',
    sessionNameRule,
    'role-session-name',
    [SPACE, SLASH, ASTERISK],
    (character) => `GitHub${character}Actions`,
  ),

  // DurationSeconds
  ...[durationMin - 1, durationMax + 1].map((seconds) =>
    rejectedByModel(durationRule, seconds, {
      name: `DurationSeconds of ${seconds}`,
      inputs: { 'role-duration-seconds': String(seconds) },
      input: 'role-duration-seconds',
      fragment: `"${seconds}" must be a whole number of seconds from ${durationMin} to ${durationMax}`,
    }),
  ),
];

// ---------------------------------------------------------------------------
// Mistakes made in real workflows
// ---------------------------------------------------------------------------

const MANIFEST_PATH = 'build/packer-manifest.json';
const LAST_RUN = '7b2d9c3e-0000-4000-8000-000000000002';

/** Builds a manifest as Packer's manifest post-processor writes it. */
function packerManifest(builds: Array<{ name: string; artifactId: string; runUuid: string }>): string {
  return JSON.stringify(
    {
      builds: builds.map((build) => ({
        name: build.name,
        builder_type: 'amazon-ebs',
        build_time: 1764800000,
        files: null,
        artifact_id: build.artifactId,
        packer_run_uuid: build.runUuid,
        custom_data: null,
      })),
      last_run_uuid: LAST_RUN,
    },
    null,
    2,
  );
}

const ONE_BUILD_MANIFEST = packerManifest([
  { name: 'windows11', artifactId: 'eu-west-1:ami-0fedcba9876543210,us-east-1:ami-0123456789abcdef0', runUuid: LAST_RUN },
]);
const TWO_BUILD_MANIFEST = packerManifest([
  { name: 'windows10', artifactId: 'us-east-1:ami-0fedcba9876543210', runUuid: LAST_RUN },
  { name: 'windows11', artifactId: 'us-east-1:ami-0123456789abcdef0', runUuid: LAST_RUN },
]);

/** Inputs that take the AMI from the manifest at MANIFEST_PATH. */
function fromManifest(extra: Record<string, string> = {}): Record<string, string> {
  return { 'ec2-image-id': '', 'packer-manifest': MANIFEST_PATH, ...extra };
}

/** `count` Key=Value lines with distinct keys. */
function tagLines(count: number): string {
  return Array.from({ length: count }, (_, index) => `tag-${index + 1}=value`).join('\n');
}

const LONG_BRANCH_NAME = 'win11-feature/VDI-2817-enable-dcv-streaming-for-graphics-g4dn-bundles-v1.2.3';

const booleanCases: BadInputCase[] = ['wait-for-available', 'dry-run', 'add-github-tags'].flatMap((input) =>
  ['yes', '1', 'on'].map((value) => ({
    name: `${input} set to ${value}`,
    inputs: { [input]: value },
    input,
    fragment: `"${value}" is not a boolean`,
  })),
);

const reservedPrefixCases: BadInputCase[] = ['aws:owner=me', 'AWS:owner=me', 'Aws:Owner=me', '{"aws:owner": "me"}'].map((tags) => ({
  name: `reserved tag prefix in ${tags}`,
  inputs: { tags },
  input: 'tags',
  fragment: 'starts with "aws:"',
}));

const numberCases: BadInputCase[] = [
  ...['0', '-5', 'abc', '99999'].map((value) => ({
    name: `wait-timeout-minutes of ${value}`,
    inputs: { 'wait-timeout-minutes': value },
    input: 'wait-timeout-minutes',
    fragment: `"${value}" must be a number of minutes greater than 0`,
  })),
  ...['0', '1.5'].map((value) => ({
    name: `poll-interval-seconds of ${value}`,
    inputs: { 'poll-interval-seconds': value },
    input: 'poll-interval-seconds',
    fragment: `"${value}" must be a whole number of seconds`,
  })),
  {
    name: 'role-duration-seconds of 1h',
    inputs: { 'role-duration-seconds': '1h' },
    input: 'role-duration-seconds',
    fragment: '"1h" must be a whole number of seconds',
  },
];

const handWrittenCases: BadInputCase[] = [
  // Image names made from timestamps, refs and branches
  {
    name: 'image name from a timestamp',
    inputs: { 'image-name': 'win11 2026-12-04T10:30:00' },
    input: 'image-name',
    fragment: 'contains " " (space), ":"',
  },
  {
    name: 'image name from a semver build ref',
    inputs: { 'image-name': 'win11-v1.2.3+build.5' },
    input: 'image-name',
    fragment: 'contains "+"',
  },
  {
    name: 'image name from a long branch',
    inputs: { 'image-name': LONG_BRANCH_NAME },
    input: 'image-name',
    fragment: `is ${LONG_BRANCH_NAME.length} characters long`,
  },

  // Tags
  {
    name: 'JSON tags in extra quotes',
    inputs: { tags: '"{\\"team\\":\\"vdi\\"}"' },
    input: 'tags',
    fragment: 'remove the outer quotes',
  },
  {
    name: 'JSON tags as an AWS CLI array',
    inputs: { tags: '[{"Key": "team", "Value": "vdi"}]' },
    input: 'tags',
    fragment: 'is a JSON array',
  },
  { name: 'tag line without =', inputs: { tags: 'team=vdi\ncost-center' }, input: 'tags', fragment: 'line 2 "cost-center" has no "="' },
  { name: 'duplicate tag keys', inputs: { tags: 'team=vdi\nteam=ops' }, input: 'tags', fragment: 'tag "team" is given more than once' },
  ...reservedPrefixCases,
  { name: 'tag value with <', inputs: { tags: 'owner=<vdi-team>' }, input: 'tags', fragment: 'contains "<", ">"' },
  { name: 'tag value with !', inputs: { tags: 'release=go!' }, input: 'tags', fragment: 'contains "!"' },
  {
    name: '51 tags',
    inputs: { tags: tagLines(51), 'add-github-tags': 'false' },
    input: 'tags',
    fragment: 'makes 51 tags; a WorkSpaces image can have at most 50',
  },
  {
    name: '45 tags and 6 provenance tags',
    inputs: { tags: tagLines(45) },
    input: 'tags',
    fragment: 'makes 51 tags (45 from this input and 6 provenance tags from add-github-tags)',
  },

  // Office
  {
    name: 'Office list with comma and space',
    inputs: { applications: 'Microsoft_Office_2016, Microsoft_Office_2019' },
    input: 'applications',
    fragment: 'lists 2 applications',
  },
  {
    name: 'Office name with spaces',
    inputs: { applications: 'Microsoft Office 2019' },
    input: 'applications',
    fragment: '"Microsoft" is not an application',
  },

  // Booleans and choices
  ...booleanCases,
  { name: 'if-exists set to skip', inputs: { 'if-exists': 'skip' }, input: 'if-exists', fragment: '"skip" is not a choice' },

  // Roles and partitions
  {
    name: 'role name instead of an ARN',
    inputs: { 'role-to-assume': 'workspaces-image-import' },
    input: 'role-to-assume',
    fragment: 'arn:aws:iam::ACCOUNT_ID:role/workspaces-image-import',
  },
  {
    name: 'user ARN instead of a role ARN',
    inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:user/x' },
    input: 'role-to-assume',
    fragment: '"arn:aws:iam::123456789012:user/x" is not an IAM role ARN',
  },
  {
    name: 'assumed-role ARN of STS',
    inputs: { 'role-to-assume': 'arn:aws:sts::123456789012:assumed-role/importer/session' },
    input: 'role-to-assume',
    fragment: 'is not an IAM role ARN',
  },
  {
    name: 'role ARN with an 11-digit account',
    inputs: { 'role-to-assume': 'arn:aws:iam::12345678901:role/importer' },
    input: 'role-to-assume',
    fragment: '"arn:aws:iam::12345678901:role/importer" is not an IAM role ARN',
  },
  {
    name: 'China role with a US Region',
    inputs: { 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/importer' },
    input: 'role-to-assume',
    fragment: 'partition "aws-cn", but Region us-east-1 is in partition "aws"',
  },
  {
    name: 'GovCloud role with us-east-1',
    inputs: { 'role-to-assume': 'arn:aws-us-gov:iam::123456789012:role/importer' },
    input: 'role-to-assume',
    fragment: 'partition "aws-us-gov", but Region us-east-1 is in partition "aws"',
  },
  {
    name: 'role without OIDC permission',
    inputs: {},
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    input: 'role-to-assume',
    fragment: 'permissions: id-token: write',
  },

  // Regions
  { name: 'Region us-east1', inputs: { 'aws-region': 'us-east1' }, input: 'aws-region', fragment: '"us-east1" is not a Region name' },
  { name: 'Region US-EAST-1', inputs: { 'aws-region': 'US-EAST-1' }, input: 'aws-region', fragment: '"US-EAST-1" is not a Region name' },
  { name: 'no Region', inputs: { 'aws-region': '' }, env: { AWS_REGION: undefined }, input: 'aws-region', fragment: 'is required' },

  // The AMI and Packer manifests
  {
    name: 'Packer pair for another Region',
    inputs: { 'ec2-image-id': 'eu-west-1:ami-0123456789abcdef0' },
    input: 'ec2-image-id',
    fragment: 'names an AMI in eu-west-1, not in us-east-1',
  },
  {
    name: 'AMI and manifest both set',
    inputs: fromManifest({ 'ec2-image-id': 'ami-0123456789abcdef0' }),
    files: { [MANIFEST_PATH]: ONE_BUILD_MANIFEST },
    input: 'ec2-image-id',
    fragment: 'set only one of them',
  },
  {
    name: 'neither AMI nor manifest',
    inputs: { 'ec2-image-id': '' },
    input: 'ec2-image-id',
    fragment: 'is required unless packer-manifest is set',
  },
  {
    name: 'manifest from another Region',
    inputs: fromManifest({ 'aws-region': 'ap-southeast-2' }),
    files: { [MANIFEST_PATH]: ONE_BUILD_MANIFEST },
    input: 'packer-manifest',
    fragment: 'made no AMI in ap-southeast-2; it has AMIs in eu-west-1, us-east-1',
  },
  { name: 'missing manifest', inputs: fromManifest(), input: 'packer-manifest', fragment: 'does not exist' },
  {
    name: 'malformed manifest',
    inputs: fromManifest(),
    files: { [MANIFEST_PATH]: '{"builds": [' },
    input: 'packer-manifest',
    fragment: 'is not valid JSON',
  },
  {
    name: 'manifest without builds list',
    inputs: fromManifest(),
    files: { [MANIFEST_PATH]: '{"last_run_uuid": "x"}' },
    input: 'packer-manifest',
    fragment: 'has no "builds" list',
  },
  {
    name: 'two builds without build name',
    inputs: fromManifest(),
    files: { [MANIFEST_PATH]: TWO_BUILD_MANIFEST },
    input: 'packer-manifest',
    fragment: 'lists 2 builds in its last run (windows10, windows11): set packer-build-name',
  },
  {
    name: 'unknown packer-build-name',
    inputs: fromManifest({ 'packer-build-name': 'windows12' }),
    files: { [MANIFEST_PATH]: TWO_BUILD_MANIFEST },
    input: 'packer-build-name',
    fragment: 'has no build named "windows12"',
  },
  {
    name: 'packer-build-name without manifest',
    inputs: { 'packer-build-name': 'windows11' },
    input: 'packer-build-name',
    fragment: 'is set without packer-manifest',
  },

  // Waiting and sessions
  ...numberCases,
];

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/**
 * Returns the lines of the `::error::` commands in `stdout`, with the
 * runner's escapes (`%0A`, `%0D`, `%25`) decoded.
 */
function errorLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .flatMap((line) =>
      line
        .slice('::error::'.length)
        .replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%25/g, '%')
        .split('\n'),
    );
}

/** Returns the problem lines (`- INPUT: message`) reported on `input`. */
function problemLines(result: RunResult, input: string): string[] {
  return errorLines(result.stdout).filter((line) => line.startsWith(`- ${input}: `));
}

let emulator: Emulator;

// No case may reach AWS, so one emulator serves the whole file and is never reset.
beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator.close();
});

async function runCase(testCase: Pick<BadInputCase, 'inputs' | 'env' | 'files'>): Promise<RunResult> {
  return runScenario(emulator, {
    inputs: releaseInputs(emulator, testCase.inputs),
    ...(testCase.env === undefined ? {} : { env: testCase.env }),
    ...(testCase.files === undefined ? {} : { files: testCase.files }),
  });
}

async function expectRejected(testCase: BadInputCase): Promise<void> {
  const result = await runCase(testCase);
  const lines = problemLines(result, testCase.input);

  expect(result.exitCode).toBe(1);
  expect(emulator.calls).toEqual([]);
  expect(result.stdout).toContain('::error::');
  expect(lines, `no "- ${testCase.input}: " line in the error`).not.toEqual([]);
  expect(lines.join('\n')).toContain(testCase.fragment);
  expect(result.summary).toContain('Invalid inputs');
  expect(result.summary).toContain(`<code>${testCase.input}</code>`);
}

describe('inputs the API models reject', () => {
  it.each(generatedCases)('$name', expectRejected);
});

describe('common input mistakes', () => {
  it.each(handWrittenCases)('$name', expectRejected);
});

describe('several bad inputs', () => {
  it('reports every problem in one run', async () => {
    const extra = {
      'image-name': 'win11 v1',
      'ec2-image-id': 'ami-123',
      tags: 'aws:owner=me',
      'role-session-name': 'my session',
      'wait-timeout-minutes': '0',
      'poll-interval-seconds': '1.5',
    };
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, extra) });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toEqual([]);
    expect(errorLines(result.stdout)[0]).toBe(`${Object.keys(extra).length} inputs are invalid:`);
    for (const input of Object.keys(extra)) {
      expect(problemLines(result, input), `no problem line for ${input}`).toHaveLength(1);
      expect(result.summary, `summary row for ${input}`).toContain(`<code>${input}</code>`);
    }
  });

  // A line without "=" must not hide the rule problems of the other tags.
  it('reports tag rule problems next to a line without =', async () => {
    const result = await runCase({ inputs: { tags: 'team\naws:owner=me' } });
    const lines = problemLines(result, 'tags').join('\n');

    expect(lines).toContain('has no "="');
    expect(lines).toContain('starts with "aws:"');
  });
});

describe('duplicate keys in JSON tags', () => {
  // JSON.parse keeps the last of two equal keys, so the duplicate must be found in the text.
  // The invalid image name stops the run before AWS whatever the tags check does.
  it('is reported like duplicate lines', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { tags: '{"team": "vdi", "team": "ops"}', 'image-name': 'win11 v1' }),
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toEqual([]);
    expect(problemLines(result, 'tags').join('\n')).toContain('tag "team" is given more than once');
  });
});

describe('malformed Packer manifest', () => {
  // Like the other manifest problems, invalid JSON points at Packer's manifest post-processor.
  it('invalid JSON message gives a fix', async () => {
    const result = await runCase({ inputs: fromManifest(), files: { [MANIFEST_PATH]: '{"builds": [' } });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toEqual([]);
    expect(problemLines(result, 'packer-manifest').join('\n')).toContain('post-processor');
  });
});
