import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeAccountCommand, DescribeWorkspaceImagesCommand, ImportWorkspaceImageCommand } from '@aws-sdk/client-workspaces';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_AMI, startEmulator, type Emulator } from './index.ts';
import { fetchOidcToken, rejection, stsClient, workspacesClient } from './helpers.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const IMPORT_INPUT = { Ec2ImageId: DEFAULT_AMI, IngestionProcess: 'BYOL_REGULAR_WSP', ImageName: 'faulty', ImageDescription: 'faulty' } as const;

function metadata(error: Record<string, unknown>): { httpStatusCode?: number; requestId?: string } {
  return (error['$metadata'] as { httpStatusCode?: number; requestId?: string } | undefined) ?? {};
}

async function assumeRole(): Promise<unknown> {
  const token = await fetchOidcToken(emulator);
  return stsClient(emulator).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: emulator.defaultRoleArn, RoleSessionName: 'faults', WebIdentityToken: token }));
}

describe('WorkSpaces faults', () => {
  it('throttles with ThrottlingException', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'throttle' });
    const error = await rejection(workspacesClient(emulator).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(metadata(error).httpStatusCode).toBe(400);
    expect(metadata(error).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns HTTP 500', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'http500' });
    const error = await rejection(workspacesClient(emulator).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('InternalServerError');
    expect(metadata(error).httpStatusCode).toBe(500);
  });

  it('returns HTTP 503', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'http503' });
    const error = await rejection(workspacesClient(emulator).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('ServiceUnavailable');
    expect(metadata(error).httpStatusCode).toBe(503);
  });

  it('resets the connection', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'reset' });
    const error = await rejection(workspacesClient(emulator).send(new DescribeAccountCommand({})));
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(emulator.calls[0]?.status).toBeUndefined();
    expect(emulator.calls[0]?.fault).toBe('reset');
  });

  it('delays and then responds', async () => {
    emulator.fault({ target: 'DescribeAccount', kind: 'delay', delayMs: 120 });
    const started = Date.now();
    const output = await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(output.DedicatedTenancySupport).toBe('ENABLED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('returns a chosen modeled error', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'error', errorName: 'AccessDeniedException', message: 'User is not authorized' });
    const error = await rejection(workspacesClient(emulator).send(new ImportWorkspaceImageCommand(IMPORT_INPUT)));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe('User is not authorized');
    expect(metadata(error).httpStatusCode).toBe(400);
    expect(emulator.images).toHaveLength(0);
  });

  it('returns every modeled import error', async () => {
    const names = [
      'AccessDeniedException',
      'InvalidParameterValuesException',
      'OperationNotSupportedException',
      'ResourceAlreadyExistsException',
      'ResourceLimitExceededException',
      'ResourceNotFoundException',
    ];
    for (const name of names) {
      emulator.fault({ target: 'ImportWorkspaceImage', kind: 'error', errorName: name });
      const error = await rejection(workspacesClient(emulator).send(new ImportWorkspaceImageCommand(IMPORT_INPUT)));
      expect(error.name, name).toBe(name);
    }
  });

  it('creates the image but loses the response', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'lost-response' });
    const client = workspacesClient(emulator);
    const lost = await rejection(client.send(new ImportWorkspaceImageCommand(IMPORT_INPUT)));
    expect(lost.message).toMatch(/socket hang up|ECONNRESET/);
    expect(emulator.images).toHaveLength(1);
    expect(emulator.calls[0]?.status).toBe(200);

    const retry = await rejection(client.send(new ImportWorkspaceImageCommand(IMPORT_INPUT)));
    expect(retry.name).toBe('ResourceAlreadyExistsException');
  });

  it('lets SDK retries recover from throttling', async () => {
    emulator.fault({ target: 'DescribeWorkspaceImages', kind: 'throttle', count: 2 });
    const output = await workspacesClient(emulator, emulator.ambientCredentials, 3).send(new DescribeWorkspaceImagesCommand({}));
    expect(output.Images).toEqual([]);
    expect(emulator.callsTo('DescribeWorkspaceImages').map((call) => call.status)).toEqual([400, 400, 200]);
  });

  it('applies faults only to their target', async () => {
    emulator.fault({ target: 'ImportWorkspaceImage', kind: 'http500' });
    const output = await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(output.DedicatedTenancySupport).toBe('ENABLED');
  });

  it('consumes faults in order', async () => {
    emulator.fault({ target: '*', kind: 'throttle' });
    emulator.fault({ target: 'DescribeAccount', kind: 'http503' });
    const client = workspacesClient(emulator);
    const first = await rejection(client.send(new DescribeAccountCommand({})));
    const second = await rejection(client.send(new DescribeAccountCommand({})));
    const third = await client.send(new DescribeAccountCommand({}));
    expect(first.name).toBe('ThrottlingException');
    expect(second.name).toBe('ServiceUnavailable');
    expect(third.DedicatedTenancySupport).toBe('ENABLED');
  });

  it('clears pending faults', async () => {
    emulator.fault({ target: '*', kind: 'http500', count: 5 });
    emulator.clearFaults();
    const output = await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(output.DedicatedTenancySupport).toBe('ENABLED');
  });
});

describe('STS faults', () => {
  it('throttles with Throttling', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'throttle' });
    const error = await rejection(assumeRole());
    expect(error.name).toBe('Throttling');
    expect(metadata(error).httpStatusCode).toBe(400);
  });

  it('returns HTTP 500 as InternalFailure', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'http500' });
    const error = await rejection(assumeRole());
    expect(error.name).toBe('InternalFailure');
    expect(metadata(error).httpStatusCode).toBe(500);
  });

  it('returns HTTP 503', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'http503' });
    const error = await rejection(assumeRole());
    expect(error.name).toBe('ServiceUnavailable');
    expect(metadata(error).httpStatusCode).toBe(503);
  });

  it('maps every modeled error code to its SDK name', async () => {
    const expected: [code: string, name: string, status: number][] = [
      ['ExpiredTokenException', 'ExpiredTokenException', 400],
      ['IDPCommunicationError', 'IDPCommunicationErrorException', 400],
      ['IDPRejectedClaim', 'IDPRejectedClaimException', 403],
      ['InvalidIdentityToken', 'InvalidIdentityTokenException', 400],
      ['MalformedPolicyDocument', 'MalformedPolicyDocumentException', 400],
      ['PackedPolicyTooLarge', 'PackedPolicyTooLargeException', 400],
      ['RegionDisabledException', 'RegionDisabledException', 403],
    ];
    for (const [code, name, status] of expected) {
      emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'error', errorName: code });
      const error = await rejection(assumeRole());
      expect(error.name, code).toBe(name);
      expect(metadata(error).httpStatusCode, code).toBe(status);
    }
  });

  it('accepts the shape name as error name', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'error', errorName: 'IDPCommunicationErrorException' });
    const error = await rejection(assumeRole());
    expect(error.name).toBe('IDPCommunicationErrorException');
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')[0]?.errorName).toBe('IDPCommunicationError');
  });

  it('resets the connection', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'reset' });
    const error = await rejection(assumeRole());
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
  });

  it('issues credentials but loses the response', async () => {
    emulator.fault({ target: 'AssumeRoleWithWebIdentity', kind: 'lost-response' });
    const error = await rejection(assumeRole());
    expect(error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(emulator.callsTo('AssumeRoleWithWebIdentity')[0]?.status).toBe(200);
  });
});

describe('OIDC faults', () => {
  it('fails the token request with HTTP 500', async () => {
    emulator.fault({ target: 'oidc', kind: 'http500' });
    const error = await rejection(fetchOidcToken(emulator));
    expect(error.message).toContain('HTTP 500');
  });

  it('throttles the token request with HTTP 429', async () => {
    emulator.fault({ target: 'oidc', kind: 'throttle' });
    const error = await rejection(fetchOidcToken(emulator));
    expect(error.message).toContain('HTTP 429');
  });

  it('returns a chosen status', async () => {
    emulator.fault({ target: 'oidc', kind: 'error', errorName: 'Forbidden', status: 403 });
    const error = await rejection(fetchOidcToken(emulator));
    expect(error.message).toContain('HTTP 403');
  });
});

describe('fault queue', () => {
  it('rejects a count below one', () => {
    expect(() => {
      emulator.fault({ target: '*', kind: 'throttle', count: 0 });
    }).toThrow(RangeError);
  });
});
