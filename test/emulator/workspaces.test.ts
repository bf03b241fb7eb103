import {
  CreateTagsCommand,
  DescribeAccountCommand,
  DescribeWorkspaceImagesCommand,
  ImportWorkspaceImageCommand,
  type ImportWorkspaceImageCommandInput,
} from '@aws-sdk/client-workspaces';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_AMI, startEmulator, type Emulator } from './index.ts';
import { rejection, sendRaw, workspacesClient, workspacesHeaders } from './helpers.ts';

const VALID_IMPORT: ImportWorkspaceImageCommandInput = {
  Ec2ImageId: DEFAULT_AMI,
  IngestionProcess: 'BYOL_REGULAR_WSP',
  ImageName: 'win11-byol-2024.01',
  ImageDescription: 'Built by Packer run 42 (main)',
};

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ timeline: [{ state: 'PENDING', forMs: 150 }, { state: 'AVAILABLE' }] });
});

afterEach(async () => {
  await emulator.close();
});

async function importError(input: Partial<ImportWorkspaceImageCommandInput>): Promise<Error & Record<string, unknown>> {
  const command = new ImportWorkspaceImageCommand({ ...VALID_IMPORT, ...input } as ImportWorkspaceImageCommandInput);
  return rejection(workspacesClient(emulator).send(command));
}

describe('DescribeAccount', () => {
  it('reports BYOL enabled with its CIDR range', async () => {
    const output = await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(output.DedicatedTenancySupport).toBe('ENABLED');
    expect(output.DedicatedTenancyManagementCidrRange).toBe('10.0.0.0/16');
    expect(output.DedicatedTenancyAccountType).toBe('SOURCE_ACCOUNT');
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports BYOL disabled without a CIDR range', async () => {
    emulator.account.byol = 'DISABLED';
    const output = await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(output.DedicatedTenancySupport).toBe('DISABLED');
    expect(output.DedicatedTenancyManagementCidrRange).toBeUndefined();
  });
});

describe('ImportWorkspaceImage', () => {
  it('creates a pending image that becomes available', async () => {
    const client = workspacesClient(emulator);
    const { ImageId } = await client.send(new ImportWorkspaceImageCommand({ ...VALID_IMPORT, Tags: [{ Key: 'team', Value: 'euc' }] }));
    expect(ImageId).toMatch(/^wsi-[0-9a-z]{9}$/);

    const first = await client.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId ?? ''] }));
    const image = first.Images?.[0];
    expect(image?.State).toBe('PENDING');
    expect(image?.Name).toBe(VALID_IMPORT.ImageName);
    expect(image?.Description).toBe(VALID_IMPORT.ImageDescription);
    expect(image?.OperatingSystem?.Type).toBe('WINDOWS');
    expect(image?.RequiredTenancy).toBe('DEDICATED');
    expect(image?.OwnerAccountId).toBe('123456789012');
    expect(image?.Created).toBeInstanceOf(Date);
    expect(emulator.images[0]?.tags).toEqual([{ Key: 'team', Value: 'euc' }]);

    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await client.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId ?? ''] }));
    expect(later.Images?.[0]?.State).toBe('AVAILABLE');
  });

  it('reports an error timeline with details', async () => {
    emulator.setNextTimeline([
      { state: 'PENDING', forMs: 50 },
      {
        state: 'ERROR',
        errorCode: 'ValidationFailed',
        errorMessage: 'The image failed validation.',
        errorDetails: [
          { ErrorCode: 'WindowsUpdatesEnabled', ErrorMessage: 'Windows Update is enabled.' },
          { ErrorCode: 'PendingReboot', ErrorMessage: 'A reboot is pending.' },
        ],
      },
    ]);
    const client = workspacesClient(emulator);
    const { ImageId } = await client.send(new ImportWorkspaceImageCommand(VALID_IMPORT));
    await new Promise((resolve) => setTimeout(resolve, 80));

    const image = (await client.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId ?? ''] }))).Images?.[0];
    expect(image?.State).toBe('ERROR');
    expect(image?.ErrorCode).toBe('ValidationFailed');
    expect(image?.ErrorMessage).toBe('The image failed validation.');
    expect(image?.ErrorDetails?.map((detail) => detail.ErrorCode)).toEqual(['WindowsUpdatesEnabled', 'PendingReboot']);
  });

  it('applies the next timeline to one import only', async () => {
    emulator.setNextTimeline([{ state: 'AVAILABLE' }]);
    const client = workspacesClient(emulator);
    await client.send(new ImportWorkspaceImageCommand(VALID_IMPORT));
    await client.send(new ImportWorkspaceImageCommand({ ...VALID_IMPORT, ImageName: 'second' }));
    expect(emulator.images.map((image) => image.state)).toEqual(['AVAILABLE', 'PENDING']);
  });

  it('accepts names at 64 characters and rejects 65', async () => {
    const client = workspacesClient(emulator);
    const ok = await client.send(new ImportWorkspaceImageCommand({ ...VALID_IMPORT, ImageName: 'n'.repeat(64) }));
    expect(ok.ImageId).toMatch(/^wsi-/);

    const error = await importError({ ImageName: 'n'.repeat(65) });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      `1 validation error detected: Value '${'n'.repeat(65)}' at 'imageName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
  });

  it('rejects an empty image name', async () => {
    const error = await importError({ ImageName: '' });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Member must have length greater than or equal to 1');
    expect(error.message).toContain("at 'imageName'");
  });

  it('rejects a space in the image name', async () => {
    const error = await importError({ ImageName: 'has space' });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("Value 'has space' at 'imageName' failed to satisfy constraint: Member must satisfy regular expression pattern");
  });

  it('accepts descriptions at 256 characters and rejects 257', async () => {
    const ok = await workspacesClient(emulator).send(new ImportWorkspaceImageCommand({ ...VALID_IMPORT, ImageDescription: 'd'.repeat(256) }));
    expect(ok.ImageId).toMatch(/^wsi-/);
    const error = await importError({ ImageName: 'other', ImageDescription: 'd'.repeat(257) });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'imageDescription' failed to satisfy constraint: Member must have length less than or equal to 256");
  });

  it('rejects a comma in the description', async () => {
    const error = await importError({ ImageDescription: 'a, b' });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'imageDescription'");
  });

  it('rejects malformed AMI ids', async () => {
    for (const ami of ['ami-0123', 'ami-0123456789ABCDEF0', 'us-east-1:ami-0123456789abcdef0']) {
      const error = await importError({ Ec2ImageId: ami });
      expect(error.name, ami).toBe('ValidationException');
      expect(error.message, ami).toContain(`Value '${ami}' at 'ec2ImageId' failed to satisfy constraint: Member must satisfy regular expression pattern`);
    }
  });

  it('rejects an unknown ingestion process', async () => {
    const error = await importError({ IngestionProcess: 'BYOL_FANCY' as ImportWorkspaceImageCommandInput['IngestionProcess'] });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'ingestionProcess' failed to satisfy constraint: Member must satisfy enum value set: [BYOL_REGULAR, BYOL_GRAPHICS,");
  });

  it('counts several violations in one message', async () => {
    const error = await importError({ ImageName: 'bad name', ImageDescription: 'bad:description', Ec2ImageId: 'ami-1' });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^3 validation errors detected: /);
    expect(error.message.split('; ')).toHaveLength(3);
  });

  it('rejects tag keys longer than 127 characters', async () => {
    const error = await importError({ Tags: [{ Key: 'k'.repeat(128), Value: 'v' }] });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 127");
  });

  it('rejects a missing required member', async () => {
    const response = await sendRaw(emulator, JSON.stringify({ Ec2ImageId: DEFAULT_AMI, IngestionProcess: 'BYOL_REGULAR', ImageName: 'x' }), {
      headers: workspacesHeaders('ImportWorkspaceImage'),
    });
    const body = (await response.json()) as { __type: string; message: string };
    expect(response.status).toBe(400);
    expect(body.__type).toBe('ValidationException');
    expect(body.message).toBe("1 validation error detected: Value null at 'imageDescription' failed to satisfy constraint: Member must not be null");
  });

  it('rejects a wrongly typed member', async () => {
    const response = await sendRaw(emulator, JSON.stringify({ ...VALID_IMPORT, ImageName: 42 }), { headers: workspacesHeaders('ImportWorkspaceImage') });
    const body = (await response.json()) as { __type: string };
    expect(response.status).toBe(400);
    expect(body.__type).toBe('SerializationException');
  });

  it('rejects import when BYOL is disabled', async () => {
    emulator.account.byol = 'DISABLED';
    const error = await importError({});
    expect(error.name).toBe('OperationNotSupportedException');
    expect(error.message).toContain('BYOL is not enabled for the account in this Region');
    expect(error['reason']).toBeTypeOf('string');
  });

  it('rejects BYOP unless allow-listed', async () => {
    const error = await importError({ IngestionProcess: 'BYOL_REGULAR_BYOP' });
    expect(error.name).toBe('OperationNotSupportedException');

    emulator.account.byopAllowed = true;
    const ok = await workspacesClient(emulator).send(new ImportWorkspaceImageCommand({ ...VALID_IMPORT, IngestionProcess: 'BYOL_REGULAR_BYOP' }));
    expect(ok.ImageId).toMatch(/^wsi-/);
  });

  it('rejects an AMI the account lacks', async () => {
    const error = await importError({ Ec2ImageId: 'ami-0fedcba9876543210' });
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error['ResourceId']).toBe('ami-0fedcba9876543210');
  });

  it('rejects more than one application', async () => {
    const error = await importError({ Applications: ['Microsoft_Office_2016', 'Microsoft_Office_2019'] });
    expect(error.name).toBe('InvalidParameterValuesException');
  });

  it('rejects six applications by the model limit', async () => {
    const error = await importError({ Applications: Array<'Microsoft_Office_2019'>(6).fill('Microsoft_Office_2019') });
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'applications' failed to satisfy constraint: Member must have length less than or equal to 5");
  });

  it('rejects a reserved tag prefix', async () => {
    const error = await importError({ Tags: [{ Key: 'aws:owner', Value: 'x' }] });
    expect(error.name).toBe('InvalidParameterValuesException');
  });

  it('rejects a duplicate owned image name', async () => {
    emulator.seedImage({ name: VALID_IMPORT.ImageName ?? '' });
    const error = await importError({});
    expect(error.name).toBe('ResourceAlreadyExistsException');
  });

  it('ignores shared images with the same name', async () => {
    emulator.seedImage({ name: VALID_IMPORT.ImageName ?? '', shared: true });
    const output = await workspacesClient(emulator).send(new ImportWorkspaceImageCommand(VALID_IMPORT));
    expect(output.ImageId).toMatch(/^wsi-/);
  });

  it('rejects import at the image quota', async () => {
    emulator.account.imageQuota = 2;
    emulator.seedImage({ name: 'one' });
    emulator.seedImage({ name: 'two' });
    const error = await importError({});
    expect(error.name).toBe('ResourceLimitExceededException');
  });

  it('checks BYOL before the AMI', async () => {
    emulator.account.byol = 'DISABLED';
    const error = await importError({ Ec2ImageId: 'ami-0fedcba9876543210' });
    expect(error.name).toBe('OperationNotSupportedException');
  });
});

describe('DescribeWorkspaceImages', () => {
  it('returns an empty list for unknown ids', async () => {
    const output = await workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ ImageIds: ['wsi-000000000'] }));
    expect(output.Images).toEqual([]);
  });

  it('filters by owned and shared type', async () => {
    const owned = emulator.seedImage({ name: 'owned' });
    const shared = emulator.seedImage({ name: 'shared', shared: true });
    const client = workspacesClient(emulator);

    const ownedOnly = await client.send(new DescribeWorkspaceImagesCommand({ ImageType: 'OWNED' }));
    expect(ownedOnly.Images?.map((image) => image.ImageId)).toEqual([owned.imageId]);
    const sharedOnly = await client.send(new DescribeWorkspaceImagesCommand({ ImageType: 'SHARED' }));
    expect(sharedOnly.Images?.map((image) => image.ImageId)).toEqual([shared.imageId]);
    expect(sharedOnly.Images?.[0]?.OwnerAccountId).not.toBe(emulator.accountId);
    const all = await client.send(new DescribeWorkspaceImagesCommand({}));
    expect(all.Images).toHaveLength(2);
  });

  it('returns seeded fields', async () => {
    const created = new Date('2024-05-01T10:00:00Z');
    const seeded = emulator.seedImage({ name: 'old', state: 'ERROR', errorCode: 'ValidationFailed', created });
    const image = (await workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ ImageIds: [seeded.imageId] }))).Images?.[0];
    expect(image?.State).toBe('ERROR');
    expect(image?.ErrorCode).toBe('ValidationFailed');
    expect(image?.Created?.toISOString()).toBe(created.toISOString());
  });

  it('pages through more than 25 images', async () => {
    for (let i = 0; i < 30; i++) emulator.seedImage({ name: `image-${i}` });
    const client = workspacesClient(emulator);

    const first = await client.send(new DescribeWorkspaceImagesCommand({ ImageType: 'OWNED' }));
    expect(first.Images).toHaveLength(25);
    expect(first.NextToken).toBeTypeOf('string');
    const second = await client.send(new DescribeWorkspaceImagesCommand({ ImageType: 'OWNED', NextToken: first.NextToken }));
    expect(second.Images).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();

    const names = [...(first.Images ?? []), ...(second.Images ?? [])].map((image) => image.Name);
    expect(new Set(names).size).toBe(30);
  });

  it('honours MaxResults', async () => {
    for (let i = 0; i < 5; i++) emulator.seedImage({ name: `image-${i}` });
    const output = await workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ MaxResults: 2 }));
    expect(output.Images).toHaveLength(2);
    expect(output.NextToken).toBeTypeOf('string');
  });

  it('rejects MaxResults outside 1 to 25', async () => {
    for (const maxResults of [0, 26]) {
      const error = await rejection(workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ MaxResults: maxResults })));
      expect(error.name, String(maxResults)).toBe('ValidationException');
      expect(error.message, String(maxResults)).toContain("at 'maxResults' failed to satisfy constraint: Member must have value");
    }
  });

  it('rejects more than 25 image ids', async () => {
    const ids = Array.from({ length: 26 }, (_, i) => `wsi-${String(i).padStart(9, '0')}`);
    const error = await rejection(workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ ImageIds: ids })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'imageIds' failed to satisfy constraint: Member must have length less than or equal to 25");
  });

  it('rejects a malformed image id', async () => {
    const error = await rejection(workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain("at 'imageIds.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern");
  });

  it('rejects an invalid NextToken', async () => {
    const error = await rejection(workspacesClient(emulator).send(new DescribeWorkspaceImagesCommand({ NextToken: 'not-a-token' })));
    expect(error.name).toBe('InvalidParameterValuesException');
  });

  it('rejects a NextToken from another query', async () => {
    for (let i = 0; i < 3; i++) emulator.seedImage({ name: `image-${i}` });
    const client = workspacesClient(emulator);
    const first = await client.send(new DescribeWorkspaceImagesCommand({ MaxResults: 1, ImageType: 'OWNED' }));
    const error = await rejection(client.send(new DescribeWorkspaceImagesCommand({ MaxResults: 1, ImageType: 'SHARED', NextToken: first.NextToken })));
    expect(error.name).toBe('InvalidParameterValuesException');
  });
});

describe('CreateTags', () => {
  it('merges tags into an image', async () => {
    const image = emulator.seedImage({ name: 'tagged', tags: [{ Key: 'a', Value: '1' }] });
    await workspacesClient(emulator).send(
      new CreateTagsCommand({ ResourceId: image.imageId, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }),
    );
    expect(emulator.images[0]?.tags).toEqual([{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
  });

  it('rejects an unknown resource', async () => {
    const error = await rejection(workspacesClient(emulator).send(new CreateTagsCommand({ ResourceId: 'wsi-000000000', Tags: [{ Key: 'a' }] })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error['ResourceId']).toBe('wsi-000000000');
  });

  it('rejects more than 50 tags per resource', async () => {
    const image = emulator.seedImage({ name: 'tagged' });
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `key-${i}`, Value: 'v' }));
    const error = await rejection(workspacesClient(emulator).send(new CreateTagsCommand({ ResourceId: image.imageId, Tags: tags })));
    expect(error.name).toBe('ResourceLimitExceededException');
  });

  it('rejects an empty resource id', async () => {
    const error = await rejection(workspacesClient(emulator).send(new CreateTagsCommand({ ResourceId: '', Tags: [{ Key: 'a' }] })));
    expect(error.name).toBe('ValidationException');
  });
});

describe('WorkSpaces protocol', () => {
  it('rejects an unknown target', async () => {
    const response = await sendRaw(emulator, '{}', { headers: workspacesHeaders('DeleteEverything') });
    const body = (await response.json()) as { __type: string };
    expect(response.status).toBe(400);
    expect(body.__type).toBe('UnknownOperationException');
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('rejects a body that is not JSON', async () => {
    const response = await sendRaw(emulator, '{oops', { headers: workspacesHeaders('DescribeAccount') });
    const body = (await response.json()) as { __type: string };
    expect(response.status).toBe(400);
    expect(body.__type).toBe('SerializationException');
  });

  it('sends JSON with a request id header', async () => {
    const response = await sendRaw(emulator, '{}', { headers: workspacesHeaders('DescribeAccount') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records calls in order', async () => {
    const client = workspacesClient(emulator);
    await client.send(new DescribeAccountCommand({}));
    await client.send(new ImportWorkspaceImageCommand(VALID_IMPORT));
    expect(emulator.calls.map((call) => call.operation)).toEqual(['DescribeAccount', 'ImportWorkspaceImage']);
    expect(emulator.calls[1]?.status).toBe(200);
    expect(emulator.calls[1]?.accessKeyId).toBe(emulator.ambientCredentials.accessKeyId);
    expect(emulator.calls[1]?.input).toEqual(VALID_IMPORT);
    expect(emulator.callsTo('ImportWorkspaceImage')).toHaveLength(1);
  });
});
