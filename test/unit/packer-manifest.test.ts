import { describe, expect, it } from 'vitest';
import {
  artifactAmis,
  parsePackerManifest,
  selectManifestAmi,
  type ManifestResult,
  type PackerBuild,
  type PackerManifest,
} from '../../src/packer-manifest.ts';

const OLD_RUN = '0b2d5f1e-7a11-4c2e-9d1a-3f6b8e0c4a21';
const LAST_RUN = '6c9e2a47-1d3b-4f08-8b5e-92a7d0f3e6c5';

/**
 * A manifest as Packer's manifest post-processor writes it after two runs:
 * the builds of the first run stay in the file, and the second run appends
 * its own. `files` is null because Amazon builders produce no files, and the
 * last build has no `build_time`, as with the post-processor's `strip_time`.
 */
const REAL_MANIFEST = JSON.stringify(
  {
    builds: [
      {
        name: 'windows-2022',
        builder_type: 'amazon-ebs',
        build_time: 1714564800,
        files: null,
        artifact_id: 'us-east-1:ami-0aaaaaaaaaaaaaaaa',
        packer_run_uuid: OLD_RUN,
        custom_data: null,
      },
      {
        name: 'windows-2022',
        builder_type: 'amazon-ebs',
        build_time: 1717243200,
        files: null,
        artifact_id: 'eu-west-1:ami-0bbbbbbbbbbbbbbbb,us-east-1:ami-0cccccccccccccccc',
        packer_run_uuid: LAST_RUN,
        custom_data: null,
      },
      {
        name: 'windows-11',
        builder_type: 'amazon-ebs',
        files: null,
        artifact_id: 'us-east-1:ami-0dddddddddddddddd',
        packer_run_uuid: LAST_RUN,
        custom_data: { team: 'vdi' },
      },
    ],
    last_run_uuid: LAST_RUN,
  },
  null,
  2,
);

function build(overrides: Partial<PackerBuild> = {}): PackerBuild {
  return {
    name: 'windows-2022',
    builderType: 'amazon-ebs',
    artifactId: 'us-east-1:ami-0123456789abcdef0',
    runUuid: LAST_RUN,
    ...overrides,
  };
}

function manifest(builds: PackerBuild[], lastRunUuid = LAST_RUN): PackerManifest {
  return { lastRunUuid, builds };
}

/** Returns the value of a successful result, failing with the problem otherwise. */
function value<T>(result: ManifestResult<T>): T {
  if (!result.ok) {
    throw new Error(`expected a value, got the problem: ${result.problem}`);
  }
  return result.value;
}

/** Returns the failed result, failing when there was a value. */
function failure<T>(result: ManifestResult<T>): { problem: string; unknownBuildName?: boolean } {
  if (result.ok) {
    throw new Error(`expected a problem, got the value: ${JSON.stringify(result.value)}`);
  }
  return result;
}

describe('parsePackerManifest', () => {
  it('reads a real-format manifest', () => {
    const parsed = value(parsePackerManifest(REAL_MANIFEST));
    expect(parsed.lastRunUuid).toBe(LAST_RUN);
    expect(parsed.builds).toHaveLength(3);
    expect(parsed.builds[0]).toEqual({
      name: 'windows-2022',
      builderType: 'amazon-ebs',
      artifactId: 'us-east-1:ami-0aaaaaaaaaaaaaaaa',
      runUuid: OLD_RUN,
    });
    expect(parsed.builds[1]?.artifactId).toBe('eu-west-1:ami-0bbbbbbbbbbbbbbbb,us-east-1:ami-0cccccccccccccccc');
    expect(parsed.builds[1]?.runUuid).toBe(LAST_RUN);
  });

  it('reads a build without build_time', () => {
    const parsed = value(parsePackerManifest(REAL_MANIFEST));
    expect(parsed.builds[2]).toEqual({
      name: 'windows-11',
      builderType: 'amazon-ebs',
      artifactId: 'us-east-1:ami-0dddddddddddddddd',
      runUuid: LAST_RUN,
    });
  });

  it('rejects invalid JSON', () => {
    const problem = failure(parsePackerManifest('{"builds": [')).problem;
    expect(problem).toMatch(/^is not valid JSON \(/);
  });

  it('rejects an array', () => {
    const problem = failure(parsePackerManifest('[]')).problem;
    expect(problem).toContain('is not a Packer manifest');
  });

  it.each([
    ['null', 'null'],
    ['string', '"packer-manifest.json"'],
    ['number', '42'],
  ])('rejects a JSON %s', (_label, text) => {
    expect(failure(parsePackerManifest(text)).problem).toContain('is not a Packer manifest');
  });

  it('rejects missing builds', () => {
    const problem = failure(parsePackerManifest(JSON.stringify({ last_run_uuid: LAST_RUN }))).problem;
    expect(problem).toContain('has no "builds" list');
  });

  it('rejects builds as an object', () => {
    const problem = failure(parsePackerManifest(JSON.stringify({ builds: {}, last_run_uuid: LAST_RUN }))).problem;
    expect(problem).toContain('has no "builds" list');
  });

  it('rejects missing last_run_uuid', () => {
    const problem = failure(parsePackerManifest(JSON.stringify({ builds: [] }))).problem;
    expect(problem).toContain('has no "last_run_uuid"');
  });

  it('rejects empty last_run_uuid', () => {
    const problem = failure(parsePackerManifest(JSON.stringify({ builds: [], last_run_uuid: '' }))).problem;
    expect(problem).toContain('has no "last_run_uuid"');
  });

  it('rejects a numeric last_run_uuid', () => {
    const problem = failure(parsePackerManifest(JSON.stringify({ builds: [], last_run_uuid: 7 }))).problem;
    expect(problem).toContain('has no "last_run_uuid"');
  });

  it('skips non-object build entries', () => {
    const text = JSON.stringify({
      builds: [null, 'windows-2022', 42, true, { name: 'windows-11', artifact_id: 'us-east-1:ami-0123abcd', packer_run_uuid: LAST_RUN }],
      last_run_uuid: LAST_RUN,
    });
    const parsed = value(parsePackerManifest(text));
    expect(parsed.builds).toHaveLength(1);
    expect(parsed.builds[0]?.name).toBe('windows-11');
  });

  it('uses empty strings for missing fields', () => {
    const parsed = value(parsePackerManifest(JSON.stringify({ builds: [{}], last_run_uuid: LAST_RUN })));
    expect(parsed.builds).toEqual([{ name: '', builderType: '', artifactId: '', runUuid: '' }]);
  });

  it('reads an empty builds list', () => {
    const parsed = value(parsePackerManifest(JSON.stringify({ builds: [], last_run_uuid: LAST_RUN })));
    expect(parsed.builds).toEqual([]);
  });
});

describe('artifactAmis', () => {
  it('reads one pair', () => {
    expect([...artifactAmis('us-east-1:ami-0123456789abcdef0')]).toEqual([['us-east-1', 'ami-0123456789abcdef0']]);
  });

  it('reads several pairs', () => {
    const amis = artifactAmis('eu-central-1:ami-0aaaaaaaaaaaaaaaa,us-east-1:ami-0bbbbbbbbbbbbbbbb,us-west-2:ami-0cccccccccccccccc');
    expect(amis.size).toBe(3);
    expect(amis.get('eu-central-1')).toBe('ami-0aaaaaaaaaaaaaaaa');
    expect(amis.get('us-east-1')).toBe('ami-0bbbbbbbbbbbbbbbb');
    expect(amis.get('us-west-2')).toBe('ami-0cccccccccccccccc');
  });

  it('trims spaces around pairs', () => {
    const amis = artifactAmis(' eu-west-1 : ami-0aaaaaaaaaaaaaaaa , us-east-1:ami-0bbbbbbbbbbbbbbbb ');
    expect(amis.get('eu-west-1')).toBe('ami-0aaaaaaaaaaaaaaaa');
    expect(amis.get('us-east-1')).toBe('ami-0bbbbbbbbbbbbbbbb');
  });

  it('returns an empty map without colon', () => {
    expect(artifactAmis('ami-0123456789abcdef0').size).toBe(0);
  });

  it('returns an empty map for empty text', () => {
    expect(artifactAmis('').size).toBe(0);
  });

  it('skips a pair with no Region', () => {
    expect(artifactAmis(':ami-0123456789abcdef0').size).toBe(0);
  });
});

describe('selectManifestAmi', () => {
  it('picks the only build of the last run', () => {
    const selection = value(selectManifestAmi(manifest([build()]), 'us-east-1', undefined));
    expect(selection).toEqual({ ec2ImageId: 'ami-0123456789abcdef0', buildName: 'windows-2022', runUuid: LAST_RUN });
  });

  it('picks the last run, not the last entry', () => {
    const builds = [
      build({ artifactId: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', runUuid: LAST_RUN }),
      build({ artifactId: 'us-east-1:ami-0bbbbbbbbbbbbbbbb', runUuid: OLD_RUN }),
    ];
    const selection = value(selectManifestAmi(manifest(builds), 'us-east-1', undefined));
    expect(selection.ec2ImageId).toBe('ami-0aaaaaaaaaaaaaaaa');
    expect(selection.runUuid).toBe(LAST_RUN);
  });

  it('ignores builds of earlier runs', () => {
    const builds = [
      build({ name: 'windows-11', artifactId: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', runUuid: OLD_RUN }),
      build({ name: 'windows-2022', artifactId: 'us-east-1:ami-0bbbbbbbbbbbbbbbb', runUuid: LAST_RUN }),
    ];
    const selection = value(selectManifestAmi(manifest(builds), 'us-east-1', undefined));
    expect(selection.buildName).toBe('windows-2022');
    expect(selection.ec2ImageId).toBe('ami-0bbbbbbbbbbbbbbbb');
  });

  it('picks the Region of a multi-region artifact', () => {
    const artifactId = 'eu-central-1:ami-0aaaaaaaaaaaaaaaa,us-east-1:ami-0bbbbbbbbbbbbbbbb,us-west-2:ami-0cccccccccccccccc';
    const selection = value(selectManifestAmi(manifest([build({ artifactId })]), 'us-west-2', undefined));
    expect(selection.ec2ImageId).toBe('ami-0cccccccccccccccc');
  });

  it('reads the real-format manifest', () => {
    const parsed = value(parsePackerManifest(REAL_MANIFEST));
    const selection = value(selectManifestAmi(parsed, 'eu-west-1', 'windows-2022'));
    expect(selection).toEqual({ ec2ImageId: 'ami-0bbbbbbbbbbbbbbbb', buildName: 'windows-2022', runUuid: LAST_RUN });
  });

  it('lists the Regions when the Region is missing', () => {
    const artifactId = 'eu-central-1:ami-0aaaaaaaaaaaaaaaa,us-west-2:ami-0cccccccccccccccc';
    const result = failure(selectManifestAmi(manifest([build({ artifactId })]), 'us-east-1', undefined));
    expect(result.problem).toContain('made no AMI in us-east-1');
    expect(result.problem).toContain('eu-central-1, us-west-2');
    expect(result.problem).toContain('ami_regions');
    expect(result.unknownBuildName).toBeUndefined();
  });

  it('asks for a build name among several', () => {
    const builds = [build({ name: 'windows-2022' }), build({ name: 'windows-11' }), build({ name: 'windows-10', runUuid: OLD_RUN })];
    const result = failure(selectManifestAmi(manifest(builds), 'us-east-1', undefined));
    expect(result.problem).toContain('lists 2 builds in its last run (windows-2022, windows-11)');
    expect(result.problem).toContain('set packer-build-name');
    expect(result.problem).not.toContain('windows-10');
    expect(result.unknownBuildName).toBeUndefined();
  });

  it('names unnamed builds in the list', () => {
    const builds = [build({ name: '' }), build({ name: 'windows-11' })];
    const result = failure(selectManifestAmi(manifest(builds), 'us-east-1', undefined));
    expect(result.problem).toContain('((unnamed), windows-11)');
  });

  it('selects a build by name', () => {
    const builds = [
      build({ name: 'windows-2022', artifactId: 'us-east-1:ami-0aaaaaaaaaaaaaaaa' }),
      build({ name: 'windows-11', artifactId: 'us-east-1:ami-0bbbbbbbbbbbbbbbb' }),
    ];
    const selection = value(selectManifestAmi(manifest(builds), 'us-east-1', 'windows-11'));
    expect(selection.ec2ImageId).toBe('ami-0bbbbbbbbbbbbbbbb');
    expect(selection.buildName).toBe('windows-11');
  });

  it('selects by name only within the last run', () => {
    const builds = [
      build({ name: 'windows-11', artifactId: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', runUuid: OLD_RUN }),
      build({ name: 'windows-2022', artifactId: 'us-east-1:ami-0bbbbbbbbbbbbbbbb' }),
    ];
    const result = failure(selectManifestAmi(manifest(builds), 'us-east-1', 'windows-11'));
    expect(result.unknownBuildName).toBe(true);
  });

  it('flags a build name matching none', () => {
    const builds = [build({ name: 'windows-2022' }), build({ name: 'windows-11' })];
    const result = failure(selectManifestAmi(manifest(builds), 'us-east-1', 'windows-10'));
    expect(result.unknownBuildName).toBe(true);
    expect(result.problem).toContain('has no build named "windows-10"');
    expect(result.problem).toContain('windows-2022, windows-11');
  });

  it('rejects a manifest without the last run', () => {
    const builds = [build({ runUuid: OLD_RUN }), build({ runUuid: OLD_RUN })];
    const result = failure(selectManifestAmi(manifest(builds), 'us-east-1', undefined));
    expect(result.problem).toContain(`last_run_uuid ${LAST_RUN}`);
    expect(result.problem).toContain('among its 2 builds');
    expect(result.unknownBuildName).toBeUndefined();
  });

  it('rejects an empty builds list', () => {
    const result = failure(selectManifestAmi(manifest([]), 'us-east-1', undefined));
    expect(result.problem).toContain('among its 0 builds');
  });

  it('rejects an artifact id without colon', () => {
    const artifactId = 'c3d1e6f0a9b2';
    const result = failure(selectManifestAmi(manifest([build({ builderType: 'docker', artifactId })]), 'us-east-1', undefined));
    expect(result.problem).toContain(`artifact_id "${artifactId}"`);
    expect(result.problem).toContain('Only Amazon EBS builders produce AMIs.');
  });

  // A Docker build's artifact id is an image id such as "sha256:<digest>", whose colon must not pass for a Region.
  it('rejects a Docker image id', () => {
    const artifactId = 'sha256:5b0d2c9f3e8a7d6c1b4e0f9a8d7c6b5a4e3d2c1b0a9f8e7d6c5b4a3e2d1c0b9a';
    const docker = build({ name: 'app-image', builderType: 'docker', artifactId });
    const result = failure(selectManifestAmi(manifest([docker]), 'us-east-1', undefined));
    expect(result.problem).toContain('Only Amazon EBS builders produce AMIs.');
  });
});
