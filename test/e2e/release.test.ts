/**
 * End-to-end tests of the release-pipeline features: Packer manifests,
 * re-runs with an existing image name, a lost import response, dry runs and
 * names made from tags.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.ts';

import { expectNoSecretLeak, operations, releaseInputs, runScenario } from '../support/scenario.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ amis: ['ami-0123456789abcdef0', 'ami-0fedcba9876543210', 'ami-00000000000000001'] });
});

afterEach(async () => {
  await emulator.close();
});

/** A manifest as Packer's manifest post-processor writes it after two runs of a multi-region build. */
const MANIFEST = JSON.stringify(
  {
    builds: [
      {
        name: 'windows11',
        builder_type: 'amazon-ebs',
        build_time: 1764000000,
        files: null,
        artifact_id: 'eu-west-1:ami-00000000000000001,us-east-1:ami-00000000000000001',
        packer_run_uuid: '1e0c1f4a-0000-4000-8000-000000000001',
        custom_data: null,
      },
      {
        name: 'windows11',
        builder_type: 'amazon-ebs',
        build_time: 1764800000,
        files: null,
        artifact_id: 'eu-west-1:ami-0fedcba9876543210,us-east-1:ami-0123456789abcdef0',
        packer_run_uuid: '7b2d9c3e-0000-4000-8000-000000000002',
        custom_data: { version: 'v1.2.3' },
      },
    ],
    last_run_uuid: '7b2d9c3e-0000-4000-8000-000000000002',
  },
  null,
  2,
);

function manifestInputs(extra: Record<string, string> = {}): Record<string, string> {
  return releaseInputs(emulator, { 'ec2-image-id': '', 'packer-manifest': 'build/packer-manifest.json', ...extra });
}

describe('Packer manifest', () => {
  it('imports the AMI of the last run', async () => {
    const result = await runScenario(emulator, {
      inputs: manifestInputs(),
      env: emulator.env(),
      files: { 'build/packer-manifest.json': MANIFEST },
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['ec2-image-id']).toBe('ami-0123456789abcdef0');
    expect(emulator.images[0]?.ec2ImageId).toBe('ami-0123456789abcdef0');
    expect(result.stdout).toContain('from build "windows11"');
    expect(result.summary).toContain('Packer build');
  });

  it('missing manifest fails before any call', async () => {
    const result = await runScenario(emulator, { inputs: manifestInputs(), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('packer-manifest: ');
    expect(result.stdout).toContain('does not exist');
    expect(emulator.calls).toHaveLength(0);
  });

  it('manifest from another region lists its regions', async () => {
    const result = await runScenario(emulator, {
      inputs: manifestInputs({ 'aws-region': 'ap-southeast-2' }),
      env: emulator.env(),
      files: { 'build/packer-manifest.json': MANIFEST },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('made no AMI in ap-southeast-2; it has AMIs in eu-west-1, us-east-1');
    expect(emulator.calls).toHaveLength(0);
  });

  it('both AMI inputs at once fail', async () => {
    const result = await runScenario(emulator, {
      inputs: manifestInputs({ 'ec2-image-id': 'ami-0123456789abcdef0' }),
      env: emulator.env(),
      files: { 'build/packer-manifest.json': MANIFEST },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('set only one of them');
    expect(emulator.calls).toHaveLength(0);
  });
});

describe('existing image name', () => {
  function seedPages(): string {
    for (let index = 0; index < 30; index += 1) {
      emulator.seedImage({ name: `older-image-${index}`, state: 'AVAILABLE' });
    }
    return emulator.seedImage({ name: 'win11-v1.2.3', state: 'AVAILABLE', created: new Date('2026-11-30T10:00:00Z') }).imageId;
  }

  it('fails when the name is on the second page', async () => {
    const existingId = seedPages();
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(emulator.callsTo('DescribeWorkspaceImages')).toHaveLength(2);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(0);
    expect(result.stdout).toContain(`already exists: image ${existingId} (state AVAILABLE, created 2026-11-30T10:00:00.000Z)`);
    expect(result.outputs['image-id']).toBeUndefined();
    expect(result.summary).toContain('if-exists: reuse');
  });

  it('reuse imports nothing and describes the image', async () => {
    const existingId = seedPages();
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'if-exists': 'reuse', 'wait-for-available': 'true', 'poll-interval-seconds': '1' }),
      env: emulator.env(),
    });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(0);
    expect(result.outputs['image-id']).toBe(existingId);
    expect(result.outputs['image-state']).toBe('AVAILABLE');
    expect(result.outputs['created']).toBe('false');
    expect(result.summary).toContain('reused');
    expect(emulator.images).toHaveLength(31);
  });

  it('reuse of a failed image fails', async () => {
    const existing = emulator.seedImage({ name: 'win11-v1.2.3', state: 'ERROR', errorCode: 'ValidationFailed' });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, { 'if-exists': 'reuse' }) });

    expect(result.exitCode).toBe(1);
    expect(result.outputs['image-id']).toBe(existing.imageId);
    expect(result.outputs['image-state']).toBe('ERROR');
    expect(result.stdout).toContain('failed ingestion (state ERROR)');
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(0);
  });

  it('reuse waits on a pending image', async () => {
    const existing = emulator.seedImage({
      name: 'win11-v1.2.3',
      timeline: [{ state: 'PENDING', forMs: 2000 }, { state: 'AVAILABLE' }],
    });
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'if-exists': 'reuse', 'wait-for-available': 'true', 'poll-interval-seconds': '1' }),
      env: emulator.env(),
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs['image-id']).toBe(existing.imageId);
    expect(result.outputs['image-state']).toBe('AVAILABLE');
    expect(result.outputs['created']).toBe('false');
  });
});

describe('lost import response', () => {
  it('adopts the image of the first attempt', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'lost-response', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.images).toHaveLength(1);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(2);
    expect(emulator.callsTo('ImportWorkspaceImage')[1]?.errorName).toBe('ResourceAlreadyExistsException');
    expect(result.outputs['image-id']).toBe(emulator.images[0]?.imageId);
    expect(result.outputs['created']).toBe('true');
    expect(result.stdout).toContain('::warning::');
    expect(result.summary).toContain('no duplicate was made');
  });
});

describe('import that never gets a response', () => {
  it('adopts the image when every retry fails', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'lost-response', count: 1 });
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'reset', count: 5 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator) });

    expect(result.exitCode).toBe(0);
    expect(emulator.images).toHaveLength(1);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(6);
    expect(result.outputs['image-id']).toBe(emulator.images[0]?.imageId);
    expect(result.outputs['created']).toBe('true');
    expect(result.stdout).toContain('::warning::');
  });

  it('fails when no image was made', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'reset', count: 6 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator) });

    expect(result.exitCode).toBe(1);
    expect(emulator.images).toHaveLength(0);
    expect(result.outputs['image-id']).toBeUndefined();
    expect(result.stdout).toContain('kept failing after 6 attempts');
  });
});

describe('dry run', () => {
  it('checks everything and imports nothing', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'dry-run': 'true', tags: 'team=vdi' }),
      env: { ...emulator.env(), RUNNER_DEBUG: '1' },
    });

    expect(result.exitCode).toBe(0);
    expect(operations(emulator)).toEqual(['oidc', 'AssumeRoleWithWebIdentity', 'DescribeAccount', 'DescribeWorkspaceImages']);
    expect(emulator.images).toHaveLength(0);
    expect(result.outputs['created']).toBe('false');
    expect(result.outputs['image-id']).toBeUndefined();
    expect(result.stdout).toContain('Ec2ImageId:       ami-0123456789abcdef0');
    expect(result.stdout).toContain('team=vdi');
    expect(result.summary).toContain('Dry run');
    expectNoSecretLeak(result, emulator);
  });

  it('still fails when BYOL is disabled', async () => {
    emulator.account.byol = 'DISABLED';
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, { 'dry-run': 'true' }), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('BYOL is not enabled');
  });
});

describe('names made from tags', () => {
  it.each([
    ['win11-v1.2.3+build.7', 'win11-v1.2.3-build.7'],
    ['win11 2026-12-04 10:30', 'win11-2026-12-04-10-30'],
  ])('%s gets a valid suggestion', async (name, suggestion) => {
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, { 'image-name': name }), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`A valid name close to it: "${suggestion}"`);
    expect(emulator.calls).toHaveLength(0);
  });
});
