import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/github-context.ts';
import {
  OIDC_REQUEST_URL_VARIABLE,
  defaultImageDescription,
  formatInputProblems,
  readInputs,
  suggestImageName,
  type ActionInputs,
  type InputProblem,
  type InputResult,
} from '../../src/inputs.ts';

const VALID_INPUTS: Readonly<Record<string, string>> = {
  'ec2-image-id': 'ami-0123456789abcdef0',
  'ingestion-process': 'BYOL_REGULAR_WSP',
  'image-name': 'win11-golden',
  'aws-region': 'us-east-1',
};

const RUN: RunContext = {
  repository: 'octo-org/images',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  workflow: 'Import',
  runId: '4242',
  runAttempt: '1',
  serverUrl: 'https://github.com',
};

const OIDC_ENV = { [OIDC_REQUEST_URL_VARIABLE]: 'http://127.0.0.1:9/token' };

/** Runs readInputs on the valid inputs with `overrides` applied, where an empty string unsets an input. */
function readWith(
  overrides: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {},
  run: RunContext = RUN,
): InputResult {
  const values: Record<string, string> = { ...VALID_INPUTS, ...overrides };
  return readInputs((name) => values[name] ?? '', env, run);
}

function accepted(overrides: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}, run: RunContext = RUN): ActionInputs {
  const result = readWith(overrides, env, run);
  if (!result.ok) {
    throw new Error(`expected the inputs to be accepted, got:\n${formatInputProblems(result.problems)}`);
  }
  return result.inputs;
}

function problems(overrides: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}, run: RunContext = RUN): InputProblem[] {
  const result = readWith(overrides, env, run);
  return result.ok ? [] : result.problems;
}

/** Returns the only problem reported, failing when there is none or more than one. */
function onlyProblem(overrides: Record<string, string>, env: NodeJS.ProcessEnv = {}): InputProblem {
  const found = problems(overrides, env);
  expect(found.map((problem) => problem.input)).toHaveLength(1);
  return found[0]!;
}

describe('readInputs', () => {
  it('accepts the minimal inputs', () => {
    const inputs = accepted();
    expect(inputs.ec2ImageId).toBe('ami-0123456789abcdef0');
    expect(inputs.ingestionProcess).toBe('BYOL_REGULAR_WSP');
    expect(inputs.imageName).toBe('win11-golden');
    expect(inputs.region).toBe('us-east-1');
    expect(inputs.partition.id).toBe('aws');
    expect(inputs.tags.map((tag) => tag.Key)).toEqual([
      'github:repository',
      'github:ref',
      'github:sha',
      'github:run-id',
      'github:run-attempt',
      'github:workflow',
    ]);
    expect(inputs.ifExists).toBe('fail');
    expect(inputs.dryRun).toBe(false);
    expect(inputs.applications).toEqual([]);
    expect(inputs.roleToAssume).toBeUndefined();
    expect(inputs.roleSessionName).toBe('GitHubActions');
    expect(inputs.roleDurationSeconds).toBe(3600);
    expect(inputs.audience).toBe('sts.amazonaws.com');
  });
});

describe('image-name', () => {
  it('accepts 64 characters', () => {
    const name = 'a'.repeat(64);
    expect(accepted({ 'image-name': name }).imageName).toBe(name);
  });

  it('rejects 65 characters', () => {
    const problem = onlyProblem({ 'image-name': 'a'.repeat(65) });
    expect(problem.input).toBe('image-name');
    expect(problem.message).toContain('is 65 characters long');
    expect(problem.message).toContain(`"${'a'.repeat(64)}"`);
  });

  it('accepts every allowed special character', () => {
    const name = 'Win_11.v2/(golden)-x\\y';
    expect(accepted({ 'image-name': name }).imageName).toBe(name);
  });

  it('accepts a backslash', () => {
    expect(accepted({ 'image-name': 'team\\image' }).imageName).toBe('team\\image');
  });

  it.each([
    ['space', 'Windows 11 golden', '" " (space)', 'Windows-11-golden'],
    ['colon', 'win11:golden', '":"', 'win11-golden'],
    ['plus', 'win11+office', '"+"', 'win11-office'],
  ])('rejects a %s with a suggestion', (_label, name, named, suggestion) => {
    const problem = onlyProblem({ 'image-name': name });
    expect(problem.input).toBe('image-name');
    expect(problem.value).toBe(name);
    expect(problem.message).toContain(`contains ${named}`);
    expect(problem.message).toContain(`A valid name close to it: "${suggestion}".`);
  });

  it('reports characters and length together', () => {
    const problem = onlyProblem({ 'image-name': `${'a'.repeat(64)} b` });
    expect(problem.message).toContain('contains " " (space) and is 66 characters long');
  });

  it('rejects an empty value', () => {
    const problem = onlyProblem({ 'image-name': '' });
    expect(problem.input).toBe('image-name');
    expect(problem.message).toMatch(/^is required/);
  });
});

describe('suggestImageName', () => {
  it('keeps a valid name', () => {
    expect(suggestImageName('win11-golden_(v2)')).toBe('win11-golden_(v2)');
  });

  it('collapses runs of invalid characters', () => {
    expect(suggestImageName('Windows 11: golden + Office')).toBe('Windows-11-golden-Office');
  });

  it('trims dashes at both ends', () => {
    expect(suggestImageName('  golden  ')).toBe('golden');
  });

  it('cuts to 64 characters', () => {
    expect(suggestImageName('b'.repeat(100))).toBe('b'.repeat(64));
  });

  it('drops a dash left at the cut', () => {
    const suggestion = suggestImageName(`${'c'.repeat(63)} d`);
    expect(suggestion).toBe('c'.repeat(63));
  });

  it('returns image for no valid character', () => {
    expect(suggestImageName('äöü !')).toBe('image');
  });

  it('makes a name readInputs accepts', () => {
    for (const value of ['Windows 11 + Office 2019 (golden) é', `${'x'.repeat(70)}:y`, '💻 laptop image']) {
      const suggestion = suggestImageName(value);
      expect(accepted({ 'image-name': suggestion }).imageName).toBe(suggestion);
    }
  });
});

describe('image-description', () => {
  it('accepts 256 characters', () => {
    const description = 'd'.repeat(256);
    expect(accepted({ 'image-description': description }).imageDescription).toBe(description);
  });

  it('rejects 257 characters', () => {
    const problem = onlyProblem({ 'image-description': 'd'.repeat(257) });
    expect(problem.input).toBe('image-description');
    expect(problem.message).toContain('is 257 characters long');
  });

  it('accepts spaces and allowed punctuation', () => {
    const description = 'Windows 11 golden image (v2) built by ci_pipeline/main - 2024.05';
    expect(accepted({ 'image-description': description }).imageDescription).toBe(description);
  });

  it('rejects a comma', () => {
    const problem = onlyProblem({ 'image-description': 'golden, with Office' });
    expect(problem.input).toBe('image-description');
    expect(problem.message).toContain('contains ","');
  });

  it('rejects a colon', () => {
    const problem = onlyProblem({ 'image-description': 'build: 42' });
    expect(problem.input).toBe('image-description');
    expect(problem.message).toContain('contains ":"');
  });

  it('generates a default from AMI and run', () => {
    expect(accepted().imageDescription).toBe('BYOL import of ami-0123456789abcdef0 from octo-org/images run 4242');
  });

  it('default omits missing run details', () => {
    const run = { ...RUN, repository: '', runId: '' };
    expect(accepted({}, {}, run).imageDescription).toBe('BYOL import of ami-0123456789abcdef0');
  });

  it.each([
    ['plus and colon', 'octo:org/c++'],
    ['unicode', 'organización/imágenes'],
    ['emoji', 'octo/🚀rocket'],
    ['comma and backslash', 'a,b\\c/d'],
    ['very long', `${'o'.repeat(200)}/${'r'.repeat(200)}`],
  ])('default fits the pattern with %s repository', (_label, repository) => {
    const description = accepted({}, {}, { ...RUN, repository }).imageDescription;
    expect(description).toMatch(/^[a-zA-Z0-9_./() -]+$/);
    expect(description.length).toBeLessThanOrEqual(256);
    expect(description.startsWith('BYOL import of ami-0123456789abcdef0 from ')).toBe(true);
  });

  it('default names an AMI even when the AMI is invalid', () => {
    expect(defaultImageDescription('an AMI', RUN)).toBe('BYOL import of an AMI from octo-org/images run 4242');
  });
});

describe('ec2-image-id', () => {
  it('accepts 8 hex digits', () => {
    expect(accepted({ 'ec2-image-id': 'ami-0123abcd' }).ec2ImageId).toBe('ami-0123abcd');
  });

  it('accepts 17 hex digits', () => {
    expect(accepted({ 'ec2-image-id': 'ami-0123456789abcdef0' }).ec2ImageId).toBe('ami-0123456789abcdef0');
  });

  it.each([
    ['9', 'ami-0123abcde'],
    ['16', 'ami-0123456789abcdef'],
  ])('rejects %s hex digits', (_count, id) => {
    const problem = onlyProblem({ 'ec2-image-id': id });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('is not an AMI id');
  });

  it('rejects non-hex digits', () => {
    const problem = onlyProblem({ 'ec2-image-id': 'ami-0123abcg' });
    expect(problem.message).toContain('is not an AMI id');
    expect(problem.message).not.toContain('lower case');
  });

  it('rejects upper case with a hint', () => {
    const problem = onlyProblem({ 'ec2-image-id': 'ami-0123456789ABCDEF0' });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('Write it in lower case: ami-0123456789abcdef0.');
  });

  it('accepts the Packer region:ami form', () => {
    expect(accepted({ 'ec2-image-id': 'us-east-1:ami-0123456789abcdef0' }).ec2ImageId).toBe('ami-0123456789abcdef0');
  });

  it('picks the AMI of the Region from several', () => {
    const value = 'eu-central-1:ami-aaaaaaaaaaaaaaaaa,us-east-1:ami-bbbbbbbbbbbbbbbbb';
    expect(accepted({ 'ec2-image-id': value }).ec2ImageId).toBe('ami-bbbbbbbbbbbbbbbbb');
    expect(accepted({ 'ec2-image-id': value, 'aws-region': 'eu-central-1' }).ec2ImageId).toBe('ami-aaaaaaaaaaaaaaaaa');
  });

  it('accepts spaces after the commas', () => {
    const value = 'eu-central-1:ami-aaaaaaaa, us-east-1:ami-bbbbbbbb';
    expect(accepted({ 'ec2-image-id': value }).ec2ImageId).toBe('ami-bbbbbbbb');
  });

  it('rejects an AMI of another Region only', () => {
    const problem = onlyProblem({ 'ec2-image-id': 'eu-central-1:ami-0123456789abcdef0' });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('names an AMI in eu-central-1, not in us-east-1');
    expect(problem.message).toContain('copy the AMI to that Region or set aws-region to match');
  });

  // A pair with a second colon matches the Region but fails the two-part check,
  // so the message claims the AMI is in another Region.
  it('rejects a pair with two colons clearly', () => {
    const problem = onlyProblem({ 'ec2-image-id': 'us-east-1:ami-0123abcd:extra' });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).not.toContain('not in us-east-1');
  });

  it('checks the AMI picked from the Packer form', () => {
    const problem = onlyProblem({ 'ec2-image-id': 'us-east-1:ami-XYZ' });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('"ami-XYZ" is not an AMI id');
  });

  it('rejects an empty value', () => {
    const problem = onlyProblem({ 'ec2-image-id': '' });
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toMatch(/^is required/);
  });
});

describe('ingestion-process', () => {
  it.each([
    'BYOL_REGULAR',
    'BYOL_GRAPHICS',
    'BYOL_GRAPHICSPRO',
    'BYOL_GRAPHICS_G4DN',
    'BYOL_REGULAR_WSP',
    'BYOL_GRAPHICS_G4DN_WSP',
    'BYOL_REGULAR_BYOP',
    'BYOL_GRAPHICS_G4DN_BYOP',
  ])('accepts %s', (process) => {
    expect(accepted({ 'ingestion-process': process }).ingestionProcess).toBe(process);
  });

  it('rejects lower case with a hint', () => {
    const problem = onlyProblem({ 'ingestion-process': 'byol_regular_wsp' });
    expect(problem.input).toBe('ingestion-process');
    expect(problem.message).toContain('Values are case-sensitive: use BYOL_REGULAR_WSP.');
  });

  it('rejects an unknown value', () => {
    const problem = onlyProblem({ 'ingestion-process': 'BYOL_WSP' });
    expect(problem.message).toContain('"BYOL_WSP" is not an ingestion process');
    expect(problem.message).not.toContain('case-sensitive');
  });

  it('rejects an empty value', () => {
    const problem = onlyProblem({ 'ingestion-process': '' });
    expect(problem.input).toBe('ingestion-process');
    expect(problem.message).toContain('BYOL_GRAPHICS_G4DN_BYOP');
  });
});

describe('applications', () => {
  it('accepts one application', () => {
    expect(accepted({ applications: 'Microsoft_Office_2019' }).applications).toEqual(['Microsoft_Office_2019']);
  });

  it('rejects two applications', () => {
    const problem = onlyProblem({ applications: 'Microsoft_Office_2016, Microsoft_Office_2019' });
    expect(problem.input).toBe('applications');
    expect(problem.message).toContain('lists 2 applications');
  });

  it('rejects an unknown application', () => {
    const problem = onlyProblem({ applications: 'Microsoft_Office_365' });
    expect(problem.input).toBe('applications');
    expect(problem.message).toContain('"Microsoft_Office_365" is not an application');
  });
});

describe('aws-region', () => {
  it('reads the input first', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' };
    expect(accepted({ 'aws-region': 'us-west-2' }, env).region).toBe('us-west-2');
  });

  it('falls back to AWS_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' };
    expect(accepted({ 'aws-region': '' }, env).region).toBe('eu-west-1');
  });

  it('falls back to AWS_DEFAULT_REGION', () => {
    expect(accepted({ 'aws-region': '' }, { AWS_DEFAULT_REGION: 'eu-west-2' }).region).toBe('eu-west-2');
  });

  it('reports a missing Region', () => {
    const problem = onlyProblem({ 'aws-region': '' });
    expect(problem.input).toBe('aws-region');
    expect(problem.message).toMatch(/^is required/);
  });

  it.each(['US-EAST-1', 'useast1', 'us-east', 'us east 1'])('rejects malformed %j', (region) => {
    const problem = onlyProblem({ 'aws-region': region });
    expect(problem.input).toBe('aws-region');
    expect(problem.message).toContain('is not a Region name');
  });

  it('accepts a region of every partition', () => {
    for (const region of ['cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'eusc-de-east-1']) {
      expect(accepted({ 'aws-region': region }).region).toBe(region);
    }
  });
});

describe('role-to-assume', () => {
  it('accepts a role ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/workspaces-import';
    expect(accepted({ 'role-to-assume': arn }, OIDC_ENV).roleToAssume).toBe(arn);
  });

  it('accepts a role ARN with a path', () => {
    const arn = 'arn:aws:iam::123456789012:role/ci/images/workspaces-import';
    expect(accepted({ 'role-to-assume': arn }, OIDC_ENV).roleToAssume).toBe(arn);
  });

  it('rejects a role name with a hint', () => {
    const problem = onlyProblem({ 'role-to-assume': 'workspaces-import' }, OIDC_ENV);
    expect(problem.input).toBe('role-to-assume');
    expect(problem.message).toContain('is not an IAM role ARN');
    expect(problem.message).toContain('arn:aws:iam::ACCOUNT_ID:role/workspaces-import');
  });

  it('rejects a user ARN', () => {
    const problem = onlyProblem({ 'role-to-assume': 'arn:aws:iam::123456789012:user/ci' }, OIDC_ENV);
    expect(problem.message).toContain('is not an IAM role ARN');
  });

  it('rejects an unknown partition', () => {
    const problem = onlyProblem({ 'role-to-assume': 'arn:aws-mars:iam::123456789012:role/r' }, OIDC_ENV);
    expect(problem.message).toContain('names partition "aws-mars"');
  });

  it('rejects an aws-cn role with us-east-1', () => {
    const problem = onlyProblem({ 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/import' }, OIDC_ENV);
    expect(problem.input).toBe('role-to-assume');
    expect(problem.message).toContain('is a role in partition "aws-cn", but Region us-east-1 is in partition "aws"');
  });

  it('accepts a GovCloud role with us-gov-west-1', () => {
    const arn = 'arn:aws-us-gov:iam::123456789012:role/import';
    const inputs = accepted({ 'role-to-assume': arn, 'aws-region': 'us-gov-west-1' }, OIDC_ENV);
    expect(inputs.roleToAssume).toBe(arn);
    expect(inputs.partition.id).toBe('aws-us-gov');
  });

  it('requires the OIDC request URL', () => {
    const problem = onlyProblem({ 'role-to-assume': 'arn:aws:iam::123456789012:role/import' });
    expect(problem.input).toBe('role-to-assume');
    expect(problem.message).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set');
    expect(problem.message).toContain('permissions: id-token: write');
  });

  it('needs no OIDC request URL without a role', () => {
    expect(accepted({ 'role-to-assume': '' }, {}).roleToAssume).toBeUndefined();
  });
});

describe('role-session-name', () => {
  it('accepts 2 characters', () => {
    expect(accepted({ 'role-session-name': 'ab' }).roleSessionName).toBe('ab');
  });

  it('accepts 64 characters', () => {
    const name = 's'.repeat(64);
    expect(accepted({ 'role-session-name': name }).roleSessionName).toBe(name);
  });

  it('accepts every allowed character', () => {
    const name = 'Az09_+=,.@-';
    expect(accepted({ 'role-session-name': name }).roleSessionName).toBe(name);
  });

  it('rejects 1 character', () => {
    const problem = onlyProblem({ 'role-session-name': 'a' });
    expect(problem.input).toBe('role-session-name');
    expect(problem.message).toContain('is 1 character long');
  });

  it('rejects 65 characters', () => {
    const problem = onlyProblem({ 'role-session-name': 's'.repeat(65) });
    expect(problem.message).toContain('is 65 characters long');
  });

  it.each([
    ['space', 'my session', '" " (space)'],
    ['slash', 'octo/images', '"/"'],
    ['colon', 'run:42', '":"'],
  ])('rejects a %s', (_label, name, named) => {
    const problem = onlyProblem({ 'role-session-name': name });
    expect(problem.input).toBe('role-session-name');
    expect(problem.message).toContain(`contains ${named}`);
  });
});

describe('role-duration-seconds', () => {
  it.each([
    ['900', 900],
    ['43200', 43_200],
  ])('accepts %s', (value, seconds) => {
    expect(accepted({ 'role-duration-seconds': value }).roleDurationSeconds).toBe(seconds);
  });

  it.each(['899', '43201', '1h', '3600.5', '-900', '1e4'])('rejects %j', (value) => {
    const problem = onlyProblem({ 'role-duration-seconds': value });
    expect(problem.input).toBe('role-duration-seconds');
    expect(problem.message).toContain('must be a whole number of seconds from 900 to 43200');
  });
});

describe('audience', () => {
  it('defaults to sts.amazonaws.com', () => {
    expect(accepted().audience).toBe('sts.amazonaws.com');
  });

  it('defaults to sts.amazonaws.com.cn in China', () => {
    expect(accepted({ 'aws-region': 'cn-northwest-1' }).audience).toBe('sts.amazonaws.com.cn');
  });

  it('defaults to sts.amazonaws.com in GovCloud', () => {
    expect(accepted({ 'aws-region': 'us-gov-east-1' }).audience).toBe('sts.amazonaws.com');
  });

  it('takes the input over the default', () => {
    expect(accepted({ 'aws-region': 'cn-north-1', audience: 'custom-audience' }).audience).toBe('custom-audience');
  });
});

describe('all problems together', () => {
  it('reports every invalid input', () => {
    const found = problems(
      {
        'ec2-image-id': 'ami-XYZ',
        'ingestion-process': 'byol_regular',
        'image-name': 'my image',
        'image-description': 'a, b',
        tags: 'aws:owner=me',
        applications: 'Office',
        'role-to-assume': 'import-role',
        'role-session-name': 'x',
        'role-duration-seconds': '1h',
      },
      OIDC_ENV,
    );
    expect(found.map((problem) => problem.input)).toEqual([
      'ec2-image-id',
      'ingestion-process',
      'image-name',
      'image-description',
      'tags',
      'applications',
      'role-to-assume',
      'role-session-name',
      'role-duration-seconds',
    ]);
  });

  it('keeps each invalid value', () => {
    const found = problems({ 'image-name': 'my image', 'role-duration-seconds': '1h' });
    expect(found.find((problem) => problem.input === 'image-name')?.value).toBe('my image');
    expect(found.find((problem) => problem.input === 'role-duration-seconds')?.value).toBe('1h');
  });

  it('returns the valid inputs as partial', () => {
    const result = readWith({ 'image-name': 'my image' });
    expect(result.ok).toBe(false);
    if (result.ok) {
      return;
    }
    expect(result.partial.ec2ImageId).toBe('ami-0123456789abcdef0');
    expect(result.partial.region).toBe('us-east-1');
    expect(result.partial.imageName).toBeUndefined();
  });

  it('reports Region and role problems together', () => {
    const found = problems({ 'aws-region': '', 'role-to-assume': 'arn:aws:iam::123456789012:role/r' });
    expect(found.map((problem) => problem.input)).toEqual(['aws-region', 'role-to-assume']);
  });
});

describe('formatInputProblems', () => {
  it('formats one problem', () => {
    const text = formatInputProblems([{ input: 'image-name', value: 'a b', message: 'is wrong.' }]);
    expect(text).toBe('An input is invalid:\n- image-name: is wrong.');
  });

  it('formats several problems one per line', () => {
    const text = formatInputProblems([
      { input: 'image-name', value: 'a b', message: 'first.' },
      { input: 'tags', value: 'x', message: 'second.' },
    ]);
    expect(text).toBe('2 inputs are invalid:\n- image-name: first.\n- tags: second.');
  });

  it('formats real problems with their input names', () => {
    const text = formatInputProblems(problems({ 'image-name': 'my image', 'role-duration-seconds': '1h' }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('2 inputs are invalid:');
    expect(lines[1]).toMatch(/^- image-name: "my image" contains/);
    expect(lines[2]).toMatch(/^- role-duration-seconds: "1h" must be/);
  });
});

describe('wait inputs', () => {
  it('default to no wait, 240 minutes, 60 seconds', () => {
    const inputs = accepted();
    expect(inputs.waitForAvailable).toBe(false);
    expect(inputs.waitTimeoutMinutes).toBe(240);
    expect(inputs.pollIntervalSeconds).toBe(60);
  });

  it.each([
    ['true', true],
    ['True', true],
    ['FALSE', false],
  ])('wait-for-available accepts %s', (value, expected) => {
    expect(accepted({ 'wait-for-available': value }).waitForAvailable).toBe(expected);
  });

  it('wait-for-available rejects yes', () => {
    const problem = onlyProblem({ 'wait-for-available': 'yes' });
    expect(problem.input).toBe('wait-for-available');
    expect(problem.message).toContain('is not a boolean');
  });

  it.each([
    ['7200', 7200],
    ['0.5', 0.5],
  ])('wait-timeout-minutes accepts %s', (value, minutes) => {
    expect(accepted({ 'wait-timeout-minutes': value }).waitTimeoutMinutes).toBe(minutes);
  });

  it.each(['0', '7201', '-5', '2h'])('wait-timeout-minutes rejects %j', (value) => {
    expect(onlyProblem({ 'wait-timeout-minutes': value }).input).toBe('wait-timeout-minutes');
  });

  it.each([
    ['1', 1],
    ['900', 900],
  ])('poll-interval-seconds accepts %s', (value, seconds) => {
    expect(accepted({ 'poll-interval-seconds': value }).pollIntervalSeconds).toBe(seconds);
  });

  it.each(['0', '901', '1.5', '1m'])('poll-interval-seconds rejects %j', (value) => {
    expect(onlyProblem({ 'poll-interval-seconds': value }).input).toBe('poll-interval-seconds');
  });
});
