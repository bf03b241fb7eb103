import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeAccountCommand } from '@aws-sdk/client-workspaces';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startEmulator, type Emulator } from './index.ts';
import { assumeDefaultRole, rejection, sendRaw, stsClient, workspacesClient, workspacesHeaders } from './helpers.ts';
import { computeSignature, parseAuthorization } from './sigv4.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ sessionLifetimeSeconds: 0.3 });
});

afterEach(async () => {
  await emulator.close();
});

function httpStatus(error: Record<string, unknown>): number | undefined {
  return (error['$metadata'] as { httpStatusCode?: number } | undefined)?.httpStatusCode;
}

describe('SigV4 on WorkSpaces', () => {
  it('accepts the ambient key pair', async () => {
    await workspacesClient(emulator).send(new DescribeAccountCommand({}));
    expect(emulator.calls[0]?.auth).toBe('valid');
  });

  it('rejects a wrong secret', async () => {
    const credentials = { accessKeyId: emulator.ambientCredentials.accessKeyId, secretAccessKey: 'wrong-secret' };
    const error = await rejection(workspacesClient(emulator, credentials).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('InvalidSignatureException');
    expect(httpStatus(error)).toBe(403);
    expect(emulator.calls[0]?.auth).toBe('bad-signature');
  });

  it('rejects an unknown access key', async () => {
    const credentials = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'secret' };
    const error = await rejection(workspacesClient(emulator, credentials).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(httpStatus(error)).toBe(403);
  });

  it('rejects expired session credentials', async () => {
    const credentials = await assumeDefaultRole(emulator);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const error = await rejection(workspacesClient(emulator, credentials).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('ExpiredTokenException');
    expect(error.message).toBe('The security token included in the request is expired');
    expect(httpStatus(error)).toBe(400);
    expect(emulator.callsTo('DescribeAccount')[0]?.auth).toBe('expired-token');
  });

  it('rejects a session key without its token', async () => {
    const { accessKeyId, secretAccessKey } = await assumeDefaultRole(emulator);
    const error = await rejection(workspacesClient(emulator, { accessKeyId, secretAccessKey }).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  it('rejects a mismatched session token', async () => {
    const credentials = await assumeDefaultRole(emulator);
    const error = await rejection(workspacesClient(emulator, { ...credentials, sessionToken: 'forged' }).send(new DescribeAccountCommand({})));
    expect(error.name).toBe('UnrecognizedClientException');
  });

  it('rejects an unsigned request', async () => {
    const response = await sendRaw(emulator, '{}', { unsigned: true, headers: workspacesHeaders('DescribeAccount') });
    const body = (await response.json()) as { __type: string };
    expect(response.status).toBe(400);
    expect(body.__type).toBe('MissingAuthenticationTokenException');
  });

  it('rejects a signature scoped to another service', async () => {
    const response = await sendRaw(emulator, '{}', { service: 'sts', headers: workspacesHeaders('DescribeAccount') });
    const body = (await response.json()) as { __type: string; message: string };
    expect(response.status).toBe(403);
    expect(body.__type).toBe('InvalidSignatureException');
    expect(body.message).toContain("'workspaces'");
  });

  it('rejects a date outside 15 minutes', async () => {
    const response = await sendRaw(emulator, '{}', { signingDate: new Date(Date.now() - 16 * 60_000), headers: workspacesHeaders('DescribeAccount') });
    const body = (await response.json()) as { __type: string; message: string };
    expect(response.status).toBe(403);
    expect(body.__type).toBe('InvalidSignatureException');
    expect(body.message).toMatch(/^Signature expired: /);
  });

  it('accepts a date inside 15 minutes', async () => {
    const response = await sendRaw(emulator, '{}', { signingDate: new Date(Date.now() - 14 * 60_000), headers: workspacesHeaders('DescribeAccount') });
    expect(response.status).toBe(200);
  });

  it('rejects a body changed after signing', async () => {
    const response = await sendRaw(emulator, '{"MaxResults":1}', { sentBody: '{"MaxResults":2}', headers: workspacesHeaders('DescribeWorkspaceImages') });
    const body = (await response.json()) as { __type: string };
    expect(response.status).toBe(403);
    expect(body.__type).toBe('InvalidSignatureException');
    expect(emulator.calls[0]?.auth).toBe('bad-signature');
  });
});

describe('SigV4 on STS', () => {
  it('rejects a wrong secret', async () => {
    const credentials = { accessKeyId: emulator.ambientCredentials.accessKeyId, secretAccessKey: 'wrong-secret' };
    const error = await rejection(stsClient(emulator, credentials).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(httpStatus(error)).toBe(403);
  });

  it('rejects an unknown access key', async () => {
    const error = await rejection(stsClient(emulator, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(httpStatus(error)).toBe(403);
  });

  it('rejects expired session credentials', async () => {
    const credentials = await assumeDefaultRole(emulator);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const error = await rejection(stsClient(emulator, credentials).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('ExpiredToken');
    expect(httpStatus(error)).toBe(400);
  });
});

describe('SigV4 signature computation', () => {
  // IAM ListUsers example from the AWS General Reference, "Create a signed AWS API request".
  const EXAMPLE_AUTHORIZATION =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
  const exampleRequest = {
    method: 'GET',
    url: '/?Version=2010-05-08&Action=ListUsers',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', host: 'iam.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
    body: '',
  };

  it('reproduces the AWS documentation example', () => {
    const auth = parseAuthorization(EXAMPLE_AUTHORIZATION);
    expect(auth).toBeDefined();
    const signature = auth === undefined ? '' : computeSignature(exampleRequest, auth, '20150830T123600Z', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    expect(signature).toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });

  it('rejects invalid percent-encoding in the query', () => {
    const auth = parseAuthorization(EXAMPLE_AUTHORIZATION);
    expect(auth).toBeDefined();
    const signature = auth === undefined ? '' : computeSignature({ ...exampleRequest, url: '/?a=%E0%A4%A' }, auth, '20150830T123600Z', 'secret');
    expect(signature).toBeUndefined();
  });
});

describe('Authorization header parsing', () => {
  it('parses scope and signed headers', () => {
    const parsed = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
    expect(parsed?.accessKeyId).toBe('AKIDEXAMPLE');
    expect(parsed?.date).toBe('20150830');
    expect(parsed?.region).toBe('us-east-1');
    expect(parsed?.service).toBe('iam');
    expect(parsed?.signedHeaders).toEqual(['content-type', 'host', 'x-amz-date']);
  });

  it('rejects other schemes', () => {
    expect(parseAuthorization('Bearer abc')).toBeUndefined();
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam, SignedHeaders=host, Signature=00')).toBeUndefined();
  });
});
