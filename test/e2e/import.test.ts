/**
 * End-to-end tests of the import: the committed bundle runs as a child
 * process, as the GitHub runner runs it, against the local AWS emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.ts';

import { expectNoSecretLeak, operations, releaseInputs, runScenario } from '../support/scenario.ts';

let emulator: Emulator;

async function useEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  await emulator?.close();
  emulator = await startEmulator(options);
  return emulator;
}

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

describe('import through OIDC', () => {
  it('imports and sets every output', async () => {
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: { ...emulator.env(), RUNNER_DEBUG: '1' } });

    expect(result.exitCode).toBe(0);
    const images = emulator.images;
    expect(images).toHaveLength(1);
    expect(result.outputs['image-id']).toBe(images[0]?.imageId);
    expect(result.outputs['image-name']).toBe('win11-v1.2.3');
    expect(result.outputs['image-state']).toBe('PENDING');
    expect(result.outputs['ec2-image-id']).toBe('ami-0123456789abcdef0');
    expect(result.outputs['created']).toBe('true');
    expect(operations(emulator)).toEqual([
      'oidc',
      'AssumeRoleWithWebIdentity',
      'DescribeAccount',
      'DescribeWorkspaceImages',
      'ImportWorkspaceImage',
    ]);
    expectNoSecretLeak(result, emulator);
  });

  it('signs WorkSpaces calls with the role session', async () => {
    await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    const importCall = emulator.callsTo('ImportWorkspaceImage')[0];
    expect(importCall?.auth).toBe('valid');
    expect(importCall?.accessKeyId?.startsWith('ASIA')).toBe(true);
  });

  it('summary shows image, AMI, region and console link', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { tags: 'team=vdi\ncost-center=a=b' }),
      env: emulator.env(),
    });

    const imageId = result.outputs['image-id'] ?? '';
    expect(result.summary).toContain('import started');
    expect(result.summary).toContain(imageId);
    expect(result.summary).toContain('ami-0123456789abcdef0');
    expect(result.summary).toContain('BYOL_REGULAR_WSP');
    expect(result.summary).toContain(`https://console.aws.amazon.com/workspaces/home?region=us-east-1#images:search=${imageId}`);
    expect(result.summary).toContain('cost-center=a=b');
  });

  it('sends tags, description and application', async () => {
    await runScenario(emulator, {
      inputs: releaseInputs(emulator, { tags: '{"team": "vdi", "tier": "gold"}', applications: 'Microsoft_Office_2019' }),
      env: emulator.env(),
    });

    const input = emulator.callsTo('ImportWorkspaceImage')[0]?.input as Record<string, unknown>;
    expect(input['Tags']).toEqual([
      { Key: 'team', Value: 'vdi' },
      { Key: 'tier', Value: 'gold' },
      { Key: 'github:repository', Value: 'octo-org/octo-repo' },
      { Key: 'github:ref', Value: 'refs/tags/v1.2.3' },
      { Key: 'github:sha', Value: '0123456789abcdef0123456789abcdef01234567' },
      { Key: 'github:run-id', Value: '4242' },
      { Key: 'github:run-attempt', Value: '1' },
      { Key: 'github:workflow', Value: 'release' },
    ]);
    expect(input['Applications']).toEqual(['Microsoft_Office_2019']);
    expect(input['ImageDescription']).toBe('BYOL import of ami-0123456789abcdef0 from octo-org/octo-repo run 4242');
  });
});

describe('import with ambient credentials', () => {
  it('uses the default credential chain without OIDC', async () => {
    const inputs = releaseInputs(emulator, { 'role-to-assume': '' });
    const result = await runScenario(emulator, {
      inputs,
      env: {
        ...emulator.env(),
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
        AWS_ACCESS_KEY_ID: emulator.ambientCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emulator.ambientCredentials.secretAccessKey,
      },
    });

    expect(result.exitCode).toBe(0);
    expect(operations(emulator)).toEqual(['DescribeAccount', 'DescribeWorkspaceImages', 'ImportWorkspaceImage']);
    expect(emulator.callsTo('ImportWorkspaceImage')[0]?.accessKeyId).toBe(emulator.ambientCredentials.accessKeyId);
    expectNoSecretLeak(result, emulator);
  });

  it('missing credentials fail before any AWS call', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'role-to-assume': '' }),
      env: { ...emulator.env(), ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(result.stdout).toContain("Could not obtain AWS credentials from the AWS SDK's default credential chain");
    expect(result.stdout).toContain('aws-actions/configure-aws-credentials');
  });

  it('explains credentials AWS does not know', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'role-to-assume': '' }),
      env: { ...emulator.env(), AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000000', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('UnrecognizedClientException');
    expect(result.stdout).toContain('did not accept the credentials');
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(0);
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['image name with a space', { 'image-name': 'win11 v1' }, 'image-name'],
    ['image name of 65 characters', { 'image-name': 'a'.repeat(65) }, 'image-name'],
    ['AMI in upper case', { 'ec2-image-id': 'ami-0123456789ABCDEF0' }, 'ec2-image-id'],
    ['AMI of another region', { 'ec2-image-id': 'eu-west-1:ami-0123456789abcdef0' }, 'ec2-image-id'],
    ['unknown ingestion process', { 'ingestion-process': 'BYOL_FAST' }, 'ingestion-process'],
    ['two applications', { applications: 'Microsoft_Office_2016,Microsoft_Office_2019' }, 'applications'],
    ['reserved tag prefix', { tags: 'aws:owner=me' }, 'tags'],
    ['tag line without =', { tags: 'team' }, 'tags'],
    ['role name instead of ARN', { 'role-to-assume': 'workspaces-image-import' }, 'role-to-assume'],
    ['China role with US region', { 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/importer' }, 'role-to-assume'],
    ['session name with a space', { 'role-session-name': 'my session' }, 'role-session-name'],
    ['duration below 900', { 'role-duration-seconds': '899' }, 'role-duration-seconds'],
    ['description with a comma', { 'image-description': 'Windows 11, release' }, 'image-description'],
    ['yes for a boolean', { 'wait-for-available': 'yes' }, 'wait-for-available'],
  ];

  it.each(cases)('%s fails before any AWS call', async (_name, extra, input) => {
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator, extra), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(emulator.calls).toHaveLength(0);
    expect(result.stdout).toContain(`::error::`);
    expect(result.stdout).toContain(`- ${input}: `);
    expect(result.summary).toContain('Invalid inputs');
    expect(result.summary).toContain(`<code>${input}</code>`);
  });

  it('reports every problem at once', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'image-name': 'bad name', 'ingestion-process': '', tags: 'aws:x=1' }),
      env: emulator.env(),
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('3 inputs are invalid');
    expect(emulator.calls).toHaveLength(0);
  });

  it('missing region fails before any AWS call', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'aws-region': '', 'ec2-image-id': 'ami-0123456789abcdef0' }),
      env: { ...emulator.env(), AWS_REGION: undefined },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('aws-region: is required');
    expect(emulator.calls).toHaveLength(0);
  });
});

describe('OIDC and trust policy', () => {
  it('missing id-token permission fails before any call', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator),
      env: { ...emulator.env(), ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('permissions: id-token: write');
    expect(result.stdout).toContain('forks');
    expect(emulator.calls).toHaveLength(0);
  });

  it('trust-policy denial shows claims and stops after one call', async () => {
    await useEmulator({
      roles: [
        {
          arn: 'arn:aws:iam::123456789012:role/workspaces-image-import',
          audience: 'sts.amazonaws.com',
          subjects: ['repo:octo-org/octo-repo:environment:production'],
          maxSessionDurationSeconds: 3600,
        },
      ],
    });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: { ...emulator.env(), RUNNER_DEBUG: '1' } });

    expect(result.exitCode).toBe(1);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(emulator.callsTo('DescribeAccount')).toHaveLength(0);
    expect(result.stdout).toContain('AccessDenied');
    expect(result.stdout).toContain('repo:octo-org/octo-repo:ref:refs/tags/v1.2.3');
    expect(result.stdout).toContain('sts.amazonaws.com');
    expect(result.summary).toContain('trust policy');
    expectNoSecretLeak(result, emulator);
  });

  it('retries IDPCommunicationError with a new token', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'error', errorName: 'IDPCommunicationError', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(2);
    expect(emulator.callsTo('oidc')).toHaveLength(2);
    expect(result.stdout).toContain('retrying with a new token');
  });

  it('retries STS throttling and 5xx', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'throttle', count: 1 });
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'http503', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(3);
  });

  it('retries a failed OIDC token request', async () => {
    emulator.fault({ target: 'oidc', kind: 'reset', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')).toHaveLength(1);
    expect(emulator.images).toHaveLength(1);
  });
});

describe('WorkSpaces faults and errors', () => {
  it('retries throttling of the import', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'throttle', count: 2 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(3);
    expect(emulator.images).toHaveLength(1);
    expect(result.stdout).toContain('ImportWorkspaceImage attempt 1 of 6 failed with ThrottlingException');
  });

  it('retries 500, 503 and a reset of the pre-flight', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'http500', count: 1 });
    emulator.fault({ target: 'DescribeAccount', kind: 'http503', count: 1 });
    emulator.fault({ target: 'DescribeAccount', kind: 'reset', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(0);
    expect(emulator.callsTo('DescribeAccount')).toHaveLength(4);
  });

  it('BYOL disabled fails before importing', async () => {
    await useEmulator({ byol: 'DISABLED' });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('BYOL is not enabled for this account in us-east-1');
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(0);
    expect(result.summary).toContain('What to do');
  });

  it('unknown AMI is explained with the request id', async () => {
    const result = await runScenario(emulator, {
      inputs: releaseInputs(emulator, { 'ec2-image-id': 'ami-0fedcba9876543210' }),
      env: emulator.env(),
    });

    const requestId = emulator.callsTo('ImportWorkspaceImage')[0]?.requestId ?? 'missing';
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ResourceNotFoundException');
    expect(result.stdout).toContain('owned by this account');
    expect(result.stdout).toContain(requestId);
    expect(result.summary).toContain(requestId);
  });

  it('access denied lists the IAM actions and is not retried', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'error', errorName: 'AccessDeniedException', count: 1 });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(1);
    for (const action of ['workspaces:ImportWorkspaceImage', 'workspaces:CreateTags', 'ec2:DescribeImages', 'ec2:ModifyImageAttribute']) {
      expect(result.stdout).toContain(action);
    }
  });

  it('image quota reached is explained', async () => {
    await useEmulator({ imageQuota: 1 });
    emulator.seedImage({ name: 'older-image' });
    const result = await runScenario(emulator, { inputs: releaseInputs(emulator), env: emulator.env() });

    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('ResourceLimitExceededException');
    expect(result.stdout).toContain('Service Quotas');
  });
});
