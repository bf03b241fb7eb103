import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/github-context.ts';
import {
  formatInputProblems,
  readInputs,
  type ActionInputs,
  type InputProblem,
  type InputResult,
  type TextFileReader,
} from '../../src/inputs.ts';

const WORKSPACE = '/work/space';
const ENV: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: WORKSPACE };
const LAST_RUN = '6c9e2a47-1d3b-4f08-8b5e-92a7d0f3e6c5';
const OLD_RUN = '0b2d5f1e-7a11-4c2e-9d1a-3f6b8e0c4a21';

const BASE_INPUTS: Readonly<Record<string, string>> = {
  'ingestion-process': 'BYOL_REGULAR_WSP',
  'image-name': 'win11-golden',
  'aws-region': 'us-east-1',
};

const AMI_INPUTS: Readonly<Record<string, string>> = { ...BASE_INPUTS, 'ec2-image-id': 'ami-0123456789abcdef0' };

const RUN: RunContext = {
  repository: 'octo-org/images',
  ref: 'refs/tags/v1.2.3',
  sha: '0123456789abcdef0123456789abcdef01234567',
  workflow: 'Release',
  runId: '4242',
  runAttempt: '1',
  serverUrl: 'https://github.com',
};

const EMPTY_RUN: RunContext = {
  repository: '',
  ref: '',
  sha: '',
  workflow: '',
  runId: '',
  runAttempt: '',
  serverUrl: 'https://github.com',
};

const PROVENANCE_KEYS = [
  'github:repository',
  'github:ref',
  'github:sha',
  'github:run-id',
  'github:run-attempt',
  'github:workflow',
];

interface ManifestBuild {
  name: string;
  artifact_id: string;
  packer_run_uuid: string;
}

function manifestText(builds: ManifestBuild[], lastRunUuid = LAST_RUN): string {
  const entries = builds.map((build) => ({
    builder_type: 'amazon-ebs',
    build_time: 1717243200,
    files: null,
    custom_data: null,
    ...build,
  }));
  return JSON.stringify({ builds: entries, last_run_uuid: lastRunUuid });
}

const TWO_RUN_MANIFEST = manifestText([
  { name: 'windows-11', artifact_id: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', packer_run_uuid: OLD_RUN },
  { name: 'windows-11', artifact_id: 'eu-west-1:ami-0bbbbbbbbbbbbbbbb,us-east-1:ami-0cccccccccccccccc', packer_run_uuid: LAST_RUN },
]);

const TWO_BUILD_MANIFEST = manifestText([
  { name: 'windows-11', artifact_id: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', packer_run_uuid: LAST_RUN },
  { name: 'windows-2022', artifact_id: 'us-east-1:ami-0bbbbbbbbbbbbbbbb', packer_run_uuid: LAST_RUN },
]);

/** Returns a file reader that serves `text` and records every path it receives. */
function fakeReader(text: string): { read: TextFileReader; paths: string[] } {
  const paths: string[] = [];
  const read: TextFileReader = (path) => {
    paths.push(path);
    return text;
  };
  return { read, paths };
}

/** Returns a file reader that throws a Node file system error with `code`. */
function failingReader(code: string, message: string): TextFileReader {
  return () => {
    throw Object.assign(new Error(message), { code });
  };
}

function readWith(
  values: Readonly<Record<string, string>>,
  readTextFile: TextFileReader = fakeReader(TWO_RUN_MANIFEST).read,
  run: RunContext = RUN,
): InputResult {
  return readInputs((name) => values[name] ?? '', ENV, run, readTextFile);
}

function accepted(
  values: Readonly<Record<string, string>>,
  readTextFile?: TextFileReader,
  run: RunContext = RUN,
): ActionInputs {
  const result = readWith(values, readTextFile, run);
  if (!result.ok) {
    throw new Error(`expected the inputs to be accepted, got:\n${formatInputProblems(result.problems)}`);
  }
  return result.inputs;
}

function problems(
  values: Readonly<Record<string, string>>,
  readTextFile?: TextFileReader,
  run: RunContext = RUN,
): InputProblem[] {
  const result = readWith(values, readTextFile, run);
  return result.ok ? [] : result.problems;
}

/** Returns the only problem reported, failing when there is none or more than one. */
function onlyProblem(
  values: Readonly<Record<string, string>>,
  readTextFile?: TextFileReader,
  run: RunContext = RUN,
): InputProblem {
  const found = problems(values, readTextFile, run);
  expect(found.map((problem) => `${problem.input}: ${problem.message}`)).toHaveLength(1);
  return found[0]!;
}

describe('packer-manifest path', () => {
  it('resolves a relative path in the workspace', () => {
    const reader = fakeReader(TWO_RUN_MANIFEST);
    accepted({ ...BASE_INPUTS, 'packer-manifest': 'packer/manifest.json' }, reader.read);
    expect(reader.paths).toEqual(['/work/space/packer/manifest.json']);
  });

  it('resolves a dot-relative path', () => {
    const reader = fakeReader(TWO_RUN_MANIFEST);
    accepted({ ...BASE_INPUTS, 'packer-manifest': './out/../manifest.json' }, reader.read);
    expect(reader.paths).toEqual(['/work/space/manifest.json']);
  });

  it('keeps an absolute path', () => {
    const reader = fakeReader(TWO_RUN_MANIFEST);
    accepted({ ...BASE_INPUTS, 'packer-manifest': '/tmp/build/manifest.json' }, reader.read);
    expect(reader.paths).toEqual(['/tmp/build/manifest.json']);
  });

  it('reads no file for ec2-image-id', () => {
    const reader = fakeReader(TWO_RUN_MANIFEST);
    accepted(AMI_INPUTS, reader.read);
    expect(reader.paths).toEqual([]);
  });
});

describe('packer-manifest AMI', () => {
  it('uses the AMI of the last run', () => {
    const inputs = accepted({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' });
    expect(inputs.ec2ImageId).toBe('ami-0cccccccccccccccc');
  });

  it('records the manifest source', () => {
    const inputs = accepted({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' });
    expect(inputs.manifestSource).toEqual({
      path: '/work/space/manifest.json',
      buildName: 'windows-11',
      runUuid: LAST_RUN,
    });
  });

  it('picks the Region of the import', () => {
    const inputs = accepted({ ...BASE_INPUTS, 'aws-region': 'eu-west-1', 'packer-manifest': 'manifest.json' });
    expect(inputs.ec2ImageId).toBe('ami-0bbbbbbbbbbbbbbbb');
  });

  it('uses the AMI in the default description', () => {
    const inputs = accepted({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' });
    expect(inputs.imageDescription).toBe('BYOL import of ami-0cccccccccccccccc from octo-org/images run 4242');
  });

  it('has no manifest source for ec2-image-id', () => {
    expect(accepted(AMI_INPUTS).manifestSource).toBeUndefined();
  });

  it('selects a build by name', () => {
    const reader = fakeReader(TWO_BUILD_MANIFEST);
    const inputs = accepted(
      { ...BASE_INPUTS, 'packer-manifest': 'manifest.json', 'packer-build-name': 'windows-2022' },
      reader.read,
    );
    expect(inputs.ec2ImageId).toBe('ami-0bbbbbbbbbbbbbbbb');
    expect(inputs.manifestSource?.buildName).toBe('windows-2022');
  });

  it('asks for a build name among several', () => {
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, fakeReader(TWO_BUILD_MANIFEST).read);
    expect(problem.input).toBe('packer-manifest');
    expect(problem.message).toContain('windows-11, windows-2022');
  });

  it('reports a missing file with the workspace', () => {
    const reader = failingReader('ENOENT', "ENOENT: no such file or directory, open '/work/space/manifest.json'");
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, reader);
    expect(problem.input).toBe('packer-manifest');
    expect(problem.value).toBe('manifest.json');
    expect(problem.message).toContain('"/work/space/manifest.json" does not exist');
    expect(problem.message).toContain(`relative to the workspace (${WORKSPACE})`);
  });

  it('reports another read error', () => {
    const reader = failingReader('EACCES', "EACCES: permission denied, open '/work/space/manifest.json'");
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, reader);
    expect(problem.input).toBe('packer-manifest');
    expect(problem.message).toContain('"/work/space/manifest.json" could not be read');
    expect(problem.message).toContain('EACCES: permission denied');
    expect(problem.message).not.toContain('does not exist');
  });

  it('reports a malformed manifest', () => {
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, fakeReader('{"builds": [').read);
    expect(problem.input).toBe('packer-manifest');
    expect(problem.message).toContain('"/work/space/manifest.json" is not valid JSON');
  });

  it('reports a manifest without last_run_uuid', () => {
    const reader = fakeReader(JSON.stringify({ builds: [] }));
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, reader.read);
    expect(problem.input).toBe('packer-manifest');
    expect(problem.message).toContain('has no "last_run_uuid"');
  });

  it('reports a Region without AMI', () => {
    const problem = onlyProblem({ ...BASE_INPUTS, 'aws-region': 'us-west-2', 'packer-manifest': 'manifest.json' });
    expect(problem.input).toBe('packer-manifest');
    expect(problem.message).toContain('made no AMI in us-west-2');
    expect(problem.message).toContain('eu-west-1, us-east-1');
  });

  it('rejects both ec2-image-id and packer-manifest', () => {
    const reader = fakeReader(TWO_RUN_MANIFEST);
    const problem = onlyProblem({ ...AMI_INPUTS, 'packer-manifest': 'manifest.json' }, reader.read);
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('set only one of them');
    expect(reader.paths).toEqual([]);
  });

  it('rejects neither ec2-image-id nor packer-manifest', () => {
    const problem = onlyProblem(BASE_INPUTS);
    expect(problem.input).toBe('ec2-image-id');
    expect(problem.message).toContain('is required unless packer-manifest is set');
  });

  it('rejects packer-build-name without manifest', () => {
    const problem = onlyProblem({ ...AMI_INPUTS, 'packer-build-name': 'windows-11' });
    expect(problem.input).toBe('packer-build-name');
    expect(problem.value).toBe('windows-11');
    expect(problem.message).toContain('is set without packer-manifest');
  });

  it('reports unknown build name on packer-build-name', () => {
    const values = { ...BASE_INPUTS, 'packer-manifest': 'manifest.json', 'packer-build-name': 'windows-10' };
    const problem = onlyProblem(values, fakeReader(TWO_BUILD_MANIFEST).read);
    expect(problem.input).toBe('packer-build-name');
    expect(problem.value).toBe('windows-10');
    expect(problem.message).toContain('has no build named "windows-10"');
    expect(problem.message).toContain('windows-11, windows-2022');
  });

  it('rejects an upper-case manifest AMI', () => {
    const reader = fakeReader(
      manifestText([{ name: 'windows-11', artifact_id: 'us-east-1:ami-0ABCDEF0123456789', packer_run_uuid: LAST_RUN }]),
    );
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, reader.read);
    expect(problem.value).toBe('ami-0ABCDEF0123456789');
    expect(problem.message).toContain('is not an AMI id');
    expect(problem.message).toContain('Write it in lower case: ami-0abcdef0123456789.');
  });

  // The AMI came from the manifest, so the problem belongs to packer-manifest, the input the workflow set.
  it('reports a bad manifest AMI on packer-manifest', () => {
    const reader = fakeReader(
      manifestText([{ name: 'windows-11', artifact_id: 'us-east-1:ami-0ABCDEF0123456789', packer_run_uuid: LAST_RUN }]),
    );
    const problem = onlyProblem({ ...BASE_INPUTS, 'packer-manifest': 'manifest.json' }, reader.read);
    expect(problem.input).toBe('packer-manifest');
  });
});

describe('if-exists', () => {
  it.each([
    ['fail', 'fail'],
    ['reuse', 'reuse'],
    ['', 'fail'],
  ])('reads "%s"', (value, expected) => {
    expect(accepted({ ...AMI_INPUTS, 'if-exists': value }).ifExists).toBe(expected);
  });

  it('rejects skip', () => {
    const problem = onlyProblem({ ...AMI_INPUTS, 'if-exists': 'skip' });
    expect(problem.input).toBe('if-exists');
    expect(problem.value).toBe('skip');
    expect(problem.message).toContain('"skip" is not a choice');
    expect(problem.message).toContain('fail');
    expect(problem.message).toContain('reuse');
  });

  it('is case-sensitive', () => {
    const problem = onlyProblem({ ...AMI_INPUTS, 'if-exists': 'Reuse' });
    expect(problem.input).toBe('if-exists');
  });
});

describe('add-github-tags', () => {
  it('adds provenance tags by default', () => {
    const tags = accepted(AMI_INPUTS).tags;
    expect(tags.map((tag) => tag.Key)).toEqual(PROVENANCE_KEYS);
    expect(tags.find((tag) => tag.Key === 'github:run-id')?.Value).toBe('4242');
  });

  it('adds provenance after user tags', () => {
    const tags = accepted({ ...AMI_INPUTS, tags: 'team=vdi' }).tags;
    expect(tags.map((tag) => tag.Key)).toEqual(['team', ...PROVENANCE_KEYS]);
  });

  it('adds provenance for true', () => {
    expect(accepted({ ...AMI_INPUTS, 'add-github-tags': 'true' }).tags.map((tag) => tag.Key)).toEqual(PROVENANCE_KEYS);
  });

  it('adds no provenance for false', () => {
    expect(accepted({ ...AMI_INPUTS, 'add-github-tags': 'false' }).tags).toEqual([]);
  });

  it('keeps user tags for false', () => {
    const tags = accepted({ ...AMI_INPUTS, 'add-github-tags': 'false', tags: 'team=vdi' }).tags;
    expect(tags).toEqual([{ Key: 'team', Value: 'vdi' }]);
  });

  it('adds nothing outside a workflow', () => {
    expect(accepted(AMI_INPUTS, undefined, EMPTY_RUN).tags).toEqual([]);
  });

  it('rejects yes', () => {
    const problem = onlyProblem({ ...AMI_INPUTS, 'add-github-tags': 'yes' });
    expect(problem.input).toBe('add-github-tags');
    expect(problem.message).toContain('is not a boolean');
  });

  it('rejects 51 tags with provenance', () => {
    const userTags = Array.from({ length: 45 }, (_, index) => `tag-${index}=value`).join('\n');
    const problem = onlyProblem({ ...AMI_INPUTS, tags: userTags });
    expect(problem.input).toBe('tags');
    expect(problem.message).toContain('makes 51 tags');
    expect(problem.message).toContain('45 from this input and 6 provenance tags from add-github-tags');
    expect(problem.message).toContain('set add-github-tags to false');
  });

  it('accepts 45 tags without provenance', () => {
    const userTags = Array.from({ length: 45 }, (_, index) => `tag-${index}=value`).join('\n');
    expect(accepted({ ...AMI_INPUTS, tags: userTags, 'add-github-tags': 'false' }).tags).toHaveLength(45);
  });

  it('accepts 44 tags with provenance', () => {
    const userTags = Array.from({ length: 44 }, (_, index) => `tag-${index}=value`).join('\n');
    expect(accepted({ ...AMI_INPUTS, tags: userTags }).tags).toHaveLength(50);
  });
});

describe('dry-run', () => {
  it('defaults to false', () => {
    expect(accepted(AMI_INPUTS).dryRun).toBe(false);
  });

  it('reads true', () => {
    expect(accepted({ ...AMI_INPUTS, 'dry-run': 'true' }).dryRun).toBe(true);
  });

  it('reads false', () => {
    expect(accepted({ ...AMI_INPUTS, 'dry-run': 'false' }).dryRun).toBe(false);
  });

  it('rejects yes', () => {
    const problem = onlyProblem({ ...AMI_INPUTS, 'dry-run': 'yes' });
    expect(problem.input).toBe('dry-run');
    expect(problem.value).toBe('yes');
    expect(problem.message).toContain('"yes" is not a boolean');
  });
});

describe('role ARN with a long path', () => {
  it('rejects an invalid name after many path segments', () => {
    const run = { repository: '', ref: '', sha: '', workflow: '', runId: '', runAttempt: '', serverUrl: 'https://github.com' };
    const arn = `arn:aws:iam::123456789012:role/${'a/'.repeat(60)}!`;
    const inputs: Record<string, string> = {
      'aws-region': 'us-east-1',
      'ec2-image-id': 'ami-0123456789abcdef0',
      'ingestion-process': 'BYOL_REGULAR_WSP',
      'image-name': 'win11',
      'role-to-assume': arn,
    };
    const result = readInputs((name) => inputs[name] ?? '', { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1/token' }, run);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((problem) => problem.input)).toEqual(['role-to-assume']);
  });
});
