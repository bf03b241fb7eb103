import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, type AssumeRoleWithWebIdentityCommandInput } from '@aws-sdk/client-sts';
import { DescribeAccountCommand, ImportWorkspaceImageCommand } from '@aws-sdk/client-workspaces';
import { afterEach, describe, expect, it } from 'vitest';

import { DEFAULT_AMI, startEmulator, type Emulator, type EmulatorOptions } from './index.ts';
import { assumeDefaultRole, fetchOidcToken, rejection, sendRaw, stsClient, workspacesClient } from './helpers.ts';
import { matchesStringLike } from './sts.ts';

let emulator: Emulator;
const running: Emulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((started) => started.close()));
});

async function assume(input: Partial<AssumeRoleWithWebIdentityCommandInput> = {}, audience?: string) {
  const token = input.WebIdentityToken ?? (await fetchOidcToken(emulator, audience));
  return stsClient(emulator).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: emulator.defaultRoleArn, RoleSessionName: 'release-42', ...input, WebIdentityToken: token }),
  );
}

function httpStatus(error: Record<string, unknown>): number | undefined {
  return (error['$metadata'] as { httpStatusCode?: number } | undefined)?.httpStatusCode;
}

describe('AssumeRoleWithWebIdentity', () => {
  it('issues session credentials for a trusted token', async () => {
    await start();
    const before = Date.now();
    const output = await assume();
    expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(output.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(output.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiration = output.Credentials?.Expiration?.getTime() ?? 0;
    expect(expiration).toBeGreaterThanOrEqual(before + 3599_000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(output.SubjectFromWebIdentityToken).toBe('repo:octo-org/octo-repo:ref:refs/tags/v1.2.3');
    expect(output.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/workspaces-image-import/release-42');
    expect(output.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:release-42$/);
    expect(output.Audience).toBe('sts.amazonaws.com');
    expect(output.Provider).toBe('https://token.actions.githubusercontent.com');
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the request unsigned', async () => {
    await start();
    await assume();
    const call = emulator.callsTo('AssumeRoleWithWebIdentity')[0];
    expect(call?.auth).toBe('unsigned');
    expect(call?.status).toBe(200);
  });

  it('logs the token only as a length', async () => {
    await start();
    const token = await fetchOidcToken(emulator);
    await assume({ WebIdentityToken: token });
    const input = emulator.callsTo('AssumeRoleWithWebIdentity')[0]?.input as Record<string, unknown>;
    expect(input['WebIdentityToken']).toBeUndefined();
    expect(input['WebIdentityTokenLength']).toBe(token.length);
    expect(JSON.stringify(emulator.calls)).not.toContain(token);
  });

  it('honours a shorter DurationSeconds', async () => {
    await start();
    const output = await assume({ DurationSeconds: 900 });
    const remaining = (output.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(remaining).toBeLessThanOrEqual(900_000);
    expect(remaining).toBeGreaterThan(890_000);
  });

  it('rejects DurationSeconds above the role maximum', async () => {
    await start();
    const error = await rejection(assume({ DurationSeconds: 7200 }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    expect(httpStatus(error)).toBe(400);
  });

  it('rejects DurationSeconds outside the model range', async () => {
    await start();
    const error = await rejection(assume({ DurationSeconds: 899 }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it('accepts session names at 64 characters and rejects 65', async () => {
    await start();
    const ok = await assume({ RoleSessionName: 's'.repeat(64) });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);

    const error = await rejection(assume({ RoleSessionName: 's'.repeat(65) }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      `1 validation error detected: Value '${'s'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it('rejects a space in the session name', async () => {
    await start();
    const error = await rejection(assume({ RoleSessionName: 'has space' }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain("at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+=,.@-]*$");
  });

  it('counts several validation errors', async () => {
    await start();
    const error = await rejection(assume({ RoleSessionName: 'x', RoleArn: 'arn:aws:iam::1:role' }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/^2 validation errors detected: /);
    expect(error.message).toContain("at 'roleArn'");
    expect(error.message).toContain("at 'roleSessionName'");
  });

  it('leaves a short token out of the message', async () => {
    await start();
    const error = await rejection(assume({ WebIdentityToken: 'abc' }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4",
    );
  });

  it('escapes XML in error messages', async () => {
    await start();
    const error = await rejection(assume({ RoleSessionName: '<a&b>' }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain("Value '<a&b>' at 'roleSessionName'");
  });

  it('rejects subject outside trust policy', async () => {
    await start({ oidc: { subject: 'repo:evil-org/octo-repo:ref:refs/heads/main' } });
    const error = await rejection(assume());
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(httpStatus(error)).toBe(403);
  });

  it('rejects an unknown role', async () => {
    await start();
    const error = await rejection(assume({ RoleArn: 'arn:aws:iam::123456789012:role/other-role' }));
    expect(error.name).toBe('AccessDenied');
    expect(httpStatus(error)).toBe(403);
  });

  it('rejects an audience the role does not trust', async () => {
    await start();
    const error = await rejection(assume({}, 'https://github.com/octo-org'));
    expect(error.name).toBe('InvalidIdentityTokenException');
    expect(error.message).toBe('Incorrect token audience');
    expect(httpStatus(error)).toBe(400);
  });

  it('rejects an expired token', async () => {
    await start({ oidc: { lifetimeSeconds: -1 } });
    const error = await rejection(assume());
    expect(error.name).toBe('ExpiredTokenException');
    expect(httpStatus(error)).toBe(400);
  });

  it('rejects a token with a forged signature', async () => {
    await start();
    const token = await fetchOidcToken(emulator);
    const [header, claims] = token.split('.');
    const error = await rejection(assume({ WebIdentityToken: `${header ?? ''}.${claims ?? ''}.${'A'.repeat(342)}` }));
    expect(error.name).toBe('InvalidIdentityTokenException');
  });

  it('rejects a token that is not a JWT', async () => {
    await start();
    const error = await rejection(assume({ WebIdentityToken: 'not-a-jwt-at-all' }));
    expect(error.name).toBe('InvalidIdentityTokenException');
  });

  it('rejects a token from another issuer', async () => {
    await start({ oidc: { claims: { iss: 'https://issuer.example' } } });
    const error = await rejection(assume());
    expect(error.name).toBe('InvalidIdentityTokenException');
    expect(error.message).toContain('https://issuer.example');
  });

  it('matches subjects with wildcards', async () => {
    await start({
      oidc: { subject: 'repo:octo-org/octo-repo:environment:production' },
      roles: [{ arn: 'arn:aws:iam::123456789012:role/env-role', audience: 'sts.amazonaws.com', subjects: ['repo:octo-org/*:environment:prod*'] }],
    });
    const output = await assume({ RoleArn: 'arn:aws:iam::123456789012:role/env-role' });
    expect(output.AssumedRoleUser?.Arn).toContain('assumed-role/env-role/');
  });

  it('uses a role-specific audience', async () => {
    await start({ roles: [{ arn: 'arn:aws:iam::123456789012:role/custom-aud', audience: 'my-audience', subjects: ['*'] }] });
    const output = await assume({ RoleArn: 'arn:aws:iam::123456789012:role/custom-aud' }, 'my-audience');
    expect(output.Audience).toBe('my-audience');
  });
});

describe('StringLike matching', () => {
  it('matches star and question mark', () => {
    expect(matchesStringLike('repo:o/r:*', 'repo:o/r:ref:refs/tags/v1')).toBe(true);
    expect(matchesStringLike('repo:o/r:ref:refs/tags/v?', 'repo:o/r:ref:refs/tags/v1')).toBe(true);
    expect(matchesStringLike('repo:o/r:ref:refs/tags/v?', 'repo:o/r:ref:refs/tags/v10')).toBe(false);
    expect(matchesStringLike('repo:o/r:*', 'repo:o/rx:ref')).toBe(false);
    expect(matchesStringLike('repo:o.r:*', 'repo:oxr:ref')).toBe(false);
  });
});

describe('GetCallerIdentity', () => {
  it('identifies the ambient user', async () => {
    await start();
    const output = await stsClient(emulator, emulator.ambientCredentials).send(new GetCallerIdentityCommand({}));
    expect(output.Account).toBe('123456789012');
    expect(output.Arn).toBe('arn:aws:iam::123456789012:user/ci');
  });

  it('rejects an unsigned request', async () => {
    await start();
    const response = await sendRaw(emulator, 'Action=GetCallerIdentity&Version=2011-06-15', {
      unsigned: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const body = await response.text();
    expect(response.status).toBe(403);
    expect(body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(body).toContain('<Type>Sender</Type>');
  });

  it('rejects an unknown action', async () => {
    await start();
    const response = await sendRaw(emulator, 'Action=AssumeRole&Version=2011-06-15', {
      service: 'sts',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });
});

describe('OIDC to STS to WorkSpaces chain', () => {
  it('imports an image with session credentials', async () => {
    await start();
    const credentials = await assumeDefaultRole(emulator);
    const client = workspacesClient(emulator, credentials);

    const account = await client.send(new DescribeAccountCommand({}));
    expect(account.DedicatedTenancySupport).toBe('ENABLED');
    const output = await client.send(
      new ImportWorkspaceImageCommand({ Ec2ImageId: DEFAULT_AMI, IngestionProcess: 'BYOL_REGULAR_WSP', ImageName: 'chain', ImageDescription: 'chain' }),
    );
    expect(output.ImageId).toMatch(/^wsi-/);
    expect(emulator.callsTo('ImportWorkspaceImage')[0]?.accessKeyId).toBe(credentials.accessKeyId);
    expect(emulator.calls.map((call) => call.operation)).toEqual(['oidc', 'AssumeRoleWithWebIdentity', 'DescribeAccount', 'ImportWorkspaceImage']);
  });

  it('identifies the assumed role', async () => {
    await start();
    const credentials = await assumeDefaultRole(emulator);
    const output = await stsClient(emulator, credentials).send(new GetCallerIdentityCommand({}));
    expect(output.Arn).toBe('arn:aws:sts::123456789012:assumed-role/workspaces-image-import/emulator-test');
  });

  it('lists every issued secret', async () => {
    await start();
    const credentials = await assumeDefaultRole(emulator);
    expect(emulator.issuedTokens).toHaveLength(1);
    expect(emulator.secrets).toContain(emulator.issuedTokens[0]);
    expect(emulator.secrets).toContain(credentials.secretAccessKey);
    expect(emulator.secrets).toContain(credentials.sessionToken);
    expect(emulator.secrets).toContain(emulator.ambientCredentials.secretAccessKey);
  });
});
