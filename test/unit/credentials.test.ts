import {
  AssumeRoleWithWebIdentityCommand,
  IDPCommunicationErrorException,
  IDPRejectedClaimException,
  InvalidIdentityTokenException,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ActionError } from '../../src/action-error.ts';
import {
  ASSUME_ROLE_MAX_ATTEMPTS,
  decodeTokenClaims,
  explainAssumeRoleError,
  webIdentityCredentials,
  type WebIdentityOptions,
} from '../../src/credentials.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/workspaces-import';
const SUB = 'repo:octo-org/images:ref:refs/heads/main';
const AUDIENCE = 'sts.amazonaws.com';

/** Builds an unsigned JWT with the given payload and a placeholder signature. */
function jwt(payload: unknown): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

function tokenNumber(index: number): string {
  return jwt({ sub: SUB, aud: AUDIENCE, iss: 'https://token.actions.githubusercontent.com', jti: `token-${index}` });
}

const EXPIRATION = new Date('2030-01-01T01:00:00Z');

function stsCredentials(index: number) {
  return {
    Credentials: {
      AccessKeyId: `ASIAEXAMPLE${index}`,
      SecretAccessKey: `secret-${index}`,
      SessionToken: `session-${index}`,
      Expiration: EXPIRATION,
    },
    $metadata: { requestId: `sts-request-${index}` },
  };
}

function stsError(name: string, message: string): Error {
  return new STSServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: 403, requestId: 'sts-req-403' } });
}

const stsMock = mockClient(STSClient);
let stdout: MockInstance<typeof process.stdout.write>;

function loggedText(): string {
  return stdout.mock.calls.map((call) => String(call[0])).join('');
}

/** Returns a getIdToken mock that hands out a new token on each call. */
function tokenSource(): ReturnType<typeof vi.fn<(audience: string) => Promise<string>>> {
  let count = 0;
  return vi.fn(async (_audience: string) => {
    count += 1;
    return tokenNumber(count);
  });
}

function options(getIdToken: WebIdentityOptions['getIdToken'], extra: Partial<WebIdentityOptions> = {}): WebIdentityOptions {
  return {
    roleArn: ROLE_ARN,
    roleSessionName: 'GitHubActions',
    durationSeconds: 3600,
    audience: AUDIENCE,
    region: 'us-east-1',
    getIdToken,
    ...extra,
  };
}

function sentTokens(): string[] {
  return stsMock.commandCalls(AssumeRoleWithWebIdentityCommand).map((call) => call.args[0].input.WebIdentityToken ?? '');
}

beforeEach(() => {
  stsMock.reset();
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('decodeTokenClaims', () => {
  it('reads sub, aud and iss', () => {
    const claims = decodeTokenClaims(jwt({ sub: SUB, aud: AUDIENCE, iss: 'https://issuer.example', extra: 1 }));
    expect(claims).toEqual({ sub: SUB, aud: AUDIENCE, iss: 'https://issuer.example' });
  });

  it('reads an audience list', () => {
    expect(decodeTokenClaims(jwt({ aud: ['a', 'b'] }))).toEqual({ aud: ['a', 'b'] });
  });

  it('skips claims of the wrong type', () => {
    expect(decodeTokenClaims(jwt({ sub: 42, aud: { a: 1 }, iss: null }))).toEqual({});
  });

  it('returns nothing for a malformed token', () => {
    expect(decodeTokenClaims('not-a-jwt')).toEqual({});
  });

  it('returns nothing for a non-JSON payload', () => {
    const payload = Buffer.from('not json').toString('base64url');
    expect(decodeTokenClaims(`e30.${payload}.sig`)).toEqual({});
  });

  it('returns nothing for a JSON scalar payload', () => {
    expect(decodeTokenClaims(jwt('just a string'))).toEqual({});
    expect(decodeTokenClaims(jwt(null))).toEqual({});
  });
});

describe('explainAssumeRoleError', () => {
  const claims = { sub: SUB, aud: AUDIENCE };
  const secretToken = tokenNumber(99);

  it('AccessDenied shows sub and aud', () => {
    const explained = explainAssumeRoleError(stsError('AccessDenied', 'Not authorized'), { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 1);
    const text = [explained.message, ...explained.hints].join('\n');
    expect(text).toContain(`sub "${SUB}"`);
    expect(text).toContain(`aud "${AUDIENCE}"`);
    expect(text).toContain('trust policy');
    expect(explained.message).toContain(ROLE_ARN);
    expect(explained.requestId).toBe('sts-req-403');
  });

  it('IDPRejectedClaimException shows sub and aud', () => {
    const error = new IDPRejectedClaimException({ message: 'rejected', $metadata: {} });
    const explained = explainAssumeRoleError(error, { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 1);
    expect(explained.hints.join('\n')).toContain(`sub "${SUB}"`);
  });

  it('shows none for missing claims', () => {
    const explained = explainAssumeRoleError(stsError('AccessDenied', 'no'), { roleArn: ROLE_ARN, audience: AUDIENCE }, {}, 1);
    expect(explained.hints[0]).toBe('The token\'s claims were sub "(none)" and aud "(none)".');
  });

  it('InvalidIdentityToken names provider and audience', () => {
    const error = new InvalidIdentityTokenException({ message: 'No OpenIDConnect provider found', $metadata: {} });
    const explained = explainAssumeRoleError(error, { roleArn: ROLE_ARN, audience: 'custom-aud' }, claims, 1);
    const hints = explained.hints.join('\n');
    expect(hints).toContain('token.actions.githubusercontent.com as an IAM OIDC identity provider');
    expect(hints).toContain('custom-aud');
  });

  it('ValidationError about DurationSeconds', () => {
    const error = stsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const explained = explainAssumeRoleError(error, { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 1);
    expect(explained.hints).toHaveLength(1);
    expect(explained.hints[0]).toContain('Lower role-duration-seconds');
  });

  it('other ValidationError shows the claims', () => {
    const error = stsError('ValidationError', '1 validation error detected: roleSessionName');
    const explained = explainAssumeRoleError(error, { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 1);
    expect(explained.hints.join('\n')).not.toContain('role-duration-seconds');
  });

  it('RegionDisabledException names STS activation', () => {
    const explained = explainAssumeRoleError(stsError('RegionDisabledException', 'off'), { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 1);
    expect(explained.hints[0]).toContain('STS is not activated in this Region');
  });

  it('IDPCommunicationError states the attempts', () => {
    const error = new IDPCommunicationErrorException({ message: 'timeout', $metadata: { requestId: 'sts-req-1' } });
    const explained = explainAssumeRoleError(error, { roleArn: ROLE_ARN, audience: AUDIENCE }, claims, 5);
    expect(explained.message).toMatch(/\(after 5 attempts\)$/);
    expect(explained.hints[0]).toContain('Re-run the job later');
  });

  it('never contains the token', () => {
    const names = ['AccessDenied', 'InvalidIdentityToken', 'IDPCommunicationError', 'SomethingElse'];
    for (const name of names) {
      const explained = explainAssumeRoleError(stsError(name, 'failed'), { roleArn: ROLE_ARN, audience: AUDIENCE }, decodeTokenClaims(secretToken), 1);
      const text = [explained.message, ...explained.hints].join('\n');
      expect(text).not.toContain(secretToken);
      expect(text).not.toContain(secretToken.split('.')[1]);
    }
  });
});

describe('webIdentityCredentials', () => {
  it('returns credentials with expiration', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves(stsCredentials(1));
    const getIdToken = tokenSource();

    const credentials = await webIdentityCredentials(options(getIdToken))();

    expect(credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLE1',
      secretAccessKey: 'secret-1',
      sessionToken: 'session-1',
      expiration: EXPIRATION,
    });
    expect(getIdToken).toHaveBeenCalledWith(AUDIENCE);
  });

  it('sends the role request fields', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves(stsCredentials(1));

    await webIdentityCredentials(options(tokenSource(), { roleSessionName: 'run-42', durationSeconds: 900 }))();

    const calls = stsMock.commandCalls(AssumeRoleWithWebIdentityCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'run-42',
      WebIdentityToken: tokenNumber(1),
      DurationSeconds: 900,
    });
  });

  it('requests a new token per call', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolvesOnce(stsCredentials(1)).resolvesOnce(stsCredentials(2));
    const getIdToken = tokenSource();
    const provider = webIdentityCredentials(options(getIdToken));

    const first = await provider();
    const second = await provider();

    expect(getIdToken).toHaveBeenCalledTimes(2);
    expect(sentTokens()).toEqual([tokenNumber(1), tokenNumber(2)]);
    expect(first.accessKeyId).toBe('ASIAEXAMPLE1');
    expect(second.accessKeyId).toBe('ASIAEXAMPLE2');
    expect(loggedText()).toContain('Renewing the session of role');
  });

  it('masks the credentials', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves(stsCredentials(1));

    await webIdentityCredentials(options(tokenSource()))();

    const log = loggedText();
    expect(log).toContain('::add-mask::ASIAEXAMPLE1');
    expect(log).toContain('::add-mask::secret-1');
    expect(log).toContain('::add-mask::session-1');
  });

  it('never logs the token', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves(stsCredentials(1));

    await webIdentityCredentials(options(tokenSource()))();

    expect(loggedText()).not.toContain(tokenNumber(1).split('.')[1]);
  });

  it('retries IDPCommunicationError with a new token', async () => {
    vi.useFakeTimers();
    stsMock
      .on(AssumeRoleWithWebIdentityCommand)
      .rejectsOnce(new IDPCommunicationErrorException({ message: 'could not reach issuer', $metadata: { requestId: 'sts-req-1' } }))
      .resolvesOnce(stsCredentials(2));
    const getIdToken = tokenSource();

    const pending = webIdentityCredentials(options(getIdToken))();
    await vi.advanceTimersByTimeAsync(1_000);
    const credentials = await pending;

    expect(credentials.accessKeyId).toBe('ASIAEXAMPLE2');
    expect(sentTokens()).toEqual([tokenNumber(1), tokenNumber(2)]);
    expect(loggedText()).toContain('AssumeRoleWithWebIdentity failed with IDPCommunicationErrorException, request id sts-req-1');
  });

  it('does not retry AccessDenied', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).rejects(stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'));
    const getIdToken = tokenSource();

    const failure = await webIdentityCredentials(options(getIdToken))().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ActionError);
    const explained = failure as ActionError;
    expect(stsMock.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1);
    expect(getIdToken).toHaveBeenCalledTimes(1);
    expect(explained.awsErrorName).toBe('AccessDenied');
    expect(explained.hints.join('\n')).toContain(`sub "${SUB}"`);
    expect([explained.message, ...explained.hints].join('\n')).not.toContain(tokenNumber(1));
  });

  it('retries a failed token request', async () => {
    vi.useFakeTimers();
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves(stsCredentials(1));
    const getIdToken = vi
      .fn<(audience: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('Failed to get ID Token.\n Error Code : 500'))
      .mockResolvedValueOnce(tokenNumber(1));

    const pending = webIdentityCredentials(options(getIdToken))();
    await vi.advanceTimersByTimeAsync(1_000);
    const credentials = await pending;

    expect(credentials.accessKeyId).toBe('ASIAEXAMPLE1');
    expect(getIdToken).toHaveBeenCalledTimes(2);
    expect(stsMock.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1);
    expect(loggedText()).toContain('the OIDC token request failed (Failed to get ID Token. Error Code : 500)');
  });

  it('gives up after the last token request', async () => {
    vi.useFakeTimers();
    const getIdToken = vi.fn<(audience: string) => Promise<string>>().mockRejectedValue(new Error('token service down'));

    const outcome = webIdentityCredentials(options(getIdToken))().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const failure = await outcome;

    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).message).toBe(
      `Could not get a GitHub OIDC token after ${ASSUME_ROLE_MAX_ATTEMPTS} attempts: token service down`,
    );
    expect(getIdToken).toHaveBeenCalledTimes(ASSUME_ROLE_MAX_ATTEMPTS);
  });

  it('gives up after the last STS attempt', async () => {
    vi.useFakeTimers();
    stsMock
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(new IDPCommunicationErrorException({ message: 'issuer unreachable', $metadata: {} }));

    const outcome = webIdentityCredentials(options(tokenSource()))().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    const failure = await outcome;

    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).message).toContain(`(after ${ASSUME_ROLE_MAX_ATTEMPTS} attempts)`);
    expect(sentTokens()).toHaveLength(ASSUME_ROLE_MAX_ATTEMPTS);
    expect(new Set(sentTokens()).size).toBe(ASSUME_ROLE_MAX_ATTEMPTS);
  });

  it('stops waiting when aborted', async () => {
    vi.useFakeTimers();
    stsMock
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(new IDPCommunicationErrorException({ message: 'issuer unreachable', $metadata: {} }));
    const controller = new AbortController();

    const outcome = webIdentityCredentials(options(tokenSource(), { signal: controller.signal }))().catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('step cancelled'));
    const failure = await outcome;

    expect((failure as Error).message).toBe('step cancelled');
    expect(stsMock.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(1);
  });

  // The error from the empty response is raised inside the STS try block, so it is wrapped as an STS failure.
  it('rejects a response without credentials', async () => {
    stsMock.on(AssumeRoleWithWebIdentityCommand).resolves({ $metadata: { requestId: 'sts-empty' } });

    const failure = await webIdentityCredentials(options(tokenSource()))().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ActionError);
    expect((failure as ActionError).message).toBe('AssumeRoleWithWebIdentity returned no credentials (request id sts-empty).');
  });
});
