import {
  AccessDeniedException,
  DescribeAccountCommand,
  DescribeWorkspaceImagesCommand,
  ImportWorkspaceImageCommand,
  ResourceNotFoundException,
  WorkSpacesClient,
  WorkSpacesServiceException,
} from '@aws-sdk/client-workspaces';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionError } from '../../src/action-error.ts';
import { WorkSpacesApi, type ImportRequest } from '../../src/workspaces.ts';

const REGION = 'eu-west-1';

const REQUEST: ImportRequest = {
  ec2ImageId: 'ami-0123456789abcdef0',
  ingestionProcess: 'BYOL_REGULAR_WSP',
  imageName: 'win11-golden',
  imageDescription: 'Windows 11 golden image',
  tags: [],
  applications: [],
  region: REGION,
};

const workspacesMock = mockClient(WorkSpacesClient);

/** Returns the response metadata the SDK attaches to every successful output. */
function responseMetadata(): { httpStatusCode: number; requestId: string } {
  return { httpStatusCode: 200, requestId: 'req-ok' };
}

const staticCredentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

function expiredToken(): WorkSpacesServiceException {
  return new WorkSpacesServiceException({
    name: 'ExpiredTokenException',
    $fault: 'client',
    message: 'The security token included in the request is expired',
    $metadata: { httpStatusCode: 400, requestId: 'req-expired' },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<ActionError> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(ActionError);
  return failure as ActionError;
}

beforeEach(() => {
  workspacesMock.reset();
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checkByolEnabled', () => {
  it('passes when ENABLED', async () => {
    workspacesMock.on(DescribeAccountCommand).resolves({ DedicatedTenancySupport: 'ENABLED', $metadata: responseMetadata() });

    await expect(new WorkSpacesApi(REGION).checkByolEnabled()).resolves.toBeUndefined();
    expect(workspacesMock.commandCalls(DescribeAccountCommand)).toHaveLength(1);
  });

  it('fails when DISABLED', async () => {
    workspacesMock.on(DescribeAccountCommand).resolves({ DedicatedTenancySupport: 'DISABLED', $metadata: responseMetadata() });

    const failure = await failureOf(new WorkSpacesApi(REGION).checkByolEnabled());

    expect(failure.message).toContain(`BYOL is not enabled for this account in ${REGION}`);
    expect(failure.message).toContain('DedicatedTenancySupport DISABLED');
    expect(failure.hints[0]).toContain(`Enable BYOL for the account in ${REGION}`);
  });

  it('fails when the field is missing', async () => {
    workspacesMock.on(DescribeAccountCommand).resolves({ $metadata: responseMetadata() });

    const failure = await failureOf(new WorkSpacesApi(REGION).checkByolEnabled());

    expect(failure.message).toContain('DedicatedTenancySupport missing');
  });

  it('explains AccessDeniedException', async () => {
    workspacesMock
      .on(DescribeAccountCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized', $metadata: { requestId: 'req-denied' } }));

    const failure = await failureOf(new WorkSpacesApi(REGION).checkByolEnabled());

    expect(failure.message).toBe('WorkSpaces DescribeAccount failed: AccessDeniedException: not authorized (request id req-denied)');
    expect(failure.requestId).toBe('req-denied');
    expect(failure.hints[0]).toContain('workspaces:DescribeAccount');
  });
});

describe('importImage', () => {
  it('returns the image id', async () => {
    workspacesMock.on(ImportWorkspaceImageCommand).resolves({ ImageId: 'wsi-abc123def', $metadata: responseMetadata() });

    await expect(new WorkSpacesApi(REGION).importImage(REQUEST)).resolves.toBe('wsi-abc123def');
  });

  it('sends no Tags or Applications when empty', async () => {
    workspacesMock.on(ImportWorkspaceImageCommand).resolves({ ImageId: 'wsi-abc123def', $metadata: responseMetadata() });

    await new WorkSpacesApi(REGION).importImage(REQUEST);

    const calls = workspacesMock.commandCalls(ImportWorkspaceImageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toStrictEqual({
      Ec2ImageId: 'ami-0123456789abcdef0',
      IngestionProcess: 'BYOL_REGULAR_WSP',
      ImageName: 'win11-golden',
      ImageDescription: 'Windows 11 golden image',
    });
  });

  it('sends tags and applications', async () => {
    workspacesMock.on(ImportWorkspaceImageCommand).resolves({ ImageId: 'wsi-abc123def', $metadata: responseMetadata() });
    const request: ImportRequest = {
      ...REQUEST,
      tags: [{ Key: 'team', Value: 'vdi' }],
      applications: ['Microsoft_Office_2019'],
    };

    await new WorkSpacesApi(REGION).importImage(request);

    expect(workspacesMock.commandCalls(ImportWorkspaceImageCommand)[0]!.args[0].input).toStrictEqual({
      Ec2ImageId: 'ami-0123456789abcdef0',
      IngestionProcess: 'BYOL_REGULAR_WSP',
      ImageName: 'win11-golden',
      ImageDescription: 'Windows 11 golden image',
      Tags: [{ Key: 'team', Value: 'vdi' }],
      Applications: ['Microsoft_Office_2019'],
    });
  });

  it('fails without an image id', async () => {
    workspacesMock.on(ImportWorkspaceImageCommand).resolves({ $metadata: { requestId: 'req-empty' } });

    const failure = await failureOf(new WorkSpacesApi(REGION).importImage(REQUEST));

    expect(failure.message).toBe('ImportWorkspaceImage returned no image id (request id req-empty).');
  });

  it('explains ResourceNotFoundException', async () => {
    workspacesMock
      .on(ImportWorkspaceImageCommand)
      .rejects(new ResourceNotFoundException({ message: 'The AMI was not found', $metadata: { requestId: 'req-404' } }));

    const failure = await failureOf(new WorkSpacesApi(REGION).importImage(REQUEST));

    expect(failure.message).toContain('WorkSpaces ImportWorkspaceImage failed: ResourceNotFoundException');
    expect(failure.message).toContain('req-404');
    expect(failure.hints[0]).toContain(`ami-0123456789abcdef0 must exist in ${REGION}`);
  });
});

describe('expired session', () => {
  it('resends once with renewed credentials', async () => {
    workspacesMock.on(ImportWorkspaceImageCommand).rejectsOnce(expiredToken()).resolves({ ImageId: 'wsi-renewed01', $metadata: responseMetadata() });

    await expect(new WorkSpacesApi(REGION, staticCredentials).importImage(REQUEST)).resolves.toBe('wsi-renewed01');
    expect(workspacesMock.commandCalls(ImportWorkspaceImageCommand)).toHaveLength(2);
  });

  it('gives up after the second expiry', async () => {
    workspacesMock.on(DescribeAccountCommand).rejects(expiredToken());

    const failure = await failureOf(new WorkSpacesApi(REGION, staticCredentials).checkByolEnabled());

    expect(failure.awsErrorName).toBe('ExpiredTokenException');
    expect(workspacesMock.commandCalls(DescribeAccountCommand)).toHaveLength(2);
  });

  it('does not resend without a role', async () => {
    workspacesMock.on(DescribeAccountCommand).rejects(expiredToken());

    const failure = await failureOf(new WorkSpacesApi(REGION).checkByolEnabled());

    expect(failure.hints[0]).toContain('role-to-assume');
    expect(workspacesMock.commandCalls(DescribeAccountCommand)).toHaveLength(1);
  });
});

describe('describeImage', () => {
  it('reads state and error details', async () => {
    workspacesMock.on(DescribeWorkspaceImagesCommand).resolves({
      Images: [
        {
          ImageId: 'wsi-abc123def',
          State: 'ERROR',
          ErrorCode: 'InvalidImage',
          ErrorMessage: 'Validation failed',
          ErrorDetails: [{ ErrorCode: 'OutdatedPowershellVersion', ErrorMessage: 'Update PowerShell' }],
        },
      ],
      $metadata: responseMetadata(),
    });

    const image = await new WorkSpacesApi(REGION).describeImage('wsi-abc123def');

    expect(image).toEqual({
      state: 'ERROR',
      errorCode: 'InvalidImage',
      errorMessage: 'Validation failed',
      errorDetails: [{ code: 'OutdatedPowershellVersion', message: 'Update PowerShell' }],
    });
    expect(workspacesMock.commandCalls(DescribeWorkspaceImagesCommand)[0]!.args[0].input).toStrictEqual({
      ImageIds: ['wsi-abc123def'],
    });
  });

  it('returns undefined for an unlisted image', async () => {
    workspacesMock.on(DescribeWorkspaceImagesCommand).resolves({ Images: [], $metadata: responseMetadata() });

    await expect(new WorkSpacesApi(REGION).describeImage('wsi-abc123def')).resolves.toBeUndefined();
  });
});
