/**
 * AWS credentials: a provider that exchanges the job's GitHub OIDC token for
 * a role session, renewed with a fresh token before the session expires.
 */
import * as core from '@actions/core';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ActionError } from './action-error.js';
import { awsErrorInfo, formatAwsError, isRetryableAwsError } from './aws-errors.js';
import { backoffDelayMs, sleep } from './backoff.js';
import { proxyAgents, proxyHint } from './proxy.js';
import { CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './workspaces.js';

/** Tries of the token request and AssumeRoleWithWebIdentity together, the first included. */
export const ASSUME_ROLE_MAX_ATTEMPTS = 5;
const ASSUME_ROLE_BACKOFF = { baseMs: 1_000, maxMs: 15_000 };

/** STS errors that a new token may fix: `IDPCommunicationError` is documented as often transient. */
const RETRYABLE_STS_ERRORS = new Set(['IDPCommunicationErrorException', 'IDPCommunicationError', 'ExpiredTokenException']);

export interface WebIdentityOptions {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  audience: string;
  region: string;
  /** Returns a fresh GitHub OIDC token for the audience, masked in the log. */
  getIdToken: (audience: string) => Promise<string>;
  /** Ends waits between tries when the step is cancelled. */
  signal?: AbortSignal;
}

/** Claims of the OIDC token that a trust policy matches on. */
export interface TokenClaims {
  sub?: string;
  aud?: string | string[];
  iss?: string;
}

/**
 * Creates a credential provider for the AWS SDK. The SDK calls it again when
 * the credentials it returned come close to their expiration, so each call
 * requests a new OIDC token and assumes the role again.
 */
export function webIdentityCredentials(options: WebIdentityOptions): AwsCredentialIdentityProvider {
  // AssumeRoleWithWebIdentity is unsigned, so this client needs no credentials of its own.
  // Retries are done here, not by the SDK, because each try needs a fresh token.
  const sts = new STSClient({
    region: options.region,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, ...proxyAgents() },
  });
  let sessionCount = 0;

  return async (): Promise<AwsCredentialIdentity> => {
    sessionCount += 1;
    const credentials = await assumeRoleWithRetries(sts, options, sessionCount);
    return credentials;
  };
}

async function assumeRoleWithRetries(
  sts: STSClient,
  options: WebIdentityOptions,
  sessionCount: number,
): Promise<AwsCredentialIdentity> {
  const verb = sessionCount === 1 ? 'Assuming' : 'Renewing the session of';
  core.info(`${verb} role ${options.roleArn} with the job's OIDC token (audience ${options.audience}).`);

  for (let attempt = 1; ; attempt += 1) {
    let token: string;
    try {
      token = await untilAborted(options.getIdToken(options.audience), options.signal);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (options.signal?.aborted) {
        throw error;
      }
      if (attempt < ASSUME_ROLE_MAX_ATTEMPTS) {
        await waitBeforeRetry(attempt, `the OIDC token request failed (${oneLine(reason)})`, options.signal);
        continue;
      }
      throw new ActionError(`Could not get a GitHub OIDC token after ${attempt} attempts: ${oneLine(reason)}`, {
        hints: ['Check that the job has "permissions: id-token: write" and re-run it; GitHub\'s token service may be unavailable.'],
        cause: error,
      });
    }
    // core.getIDToken has already masked the token in the log.
    let output;
    try {
      output = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: options.roleArn,
          RoleSessionName: options.roleSessionName,
          WebIdentityToken: token,
          DurationSeconds: options.durationSeconds,
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      const info = awsErrorInfo(error);
      const retryable = RETRYABLE_STS_ERRORS.has(info.name) || isRetryableAwsError(error);
      if (retryable && attempt < ASSUME_ROLE_MAX_ATTEMPTS && !options.signal?.aborted) {
        const requestId = info.requestId ? `, request id ${info.requestId}` : '';
        await waitBeforeRetry(attempt, `AssumeRoleWithWebIdentity failed with ${info.name}${requestId}`, options.signal);
        continue;
      }
      throw explainAssumeRoleError(error, options, decodeTokenClaims(token), attempt);
    }
    return toIdentity(output.Credentials, output.$metadata.requestId);
  }
}

/**
 * Settles with `promise`, or rejects as soon as `signal` is aborted, for calls
 * such as core.getIDToken that take no signal of their own.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return promise;
  }
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function waitBeforeRetry(attempt: number, reason: string, signal: AbortSignal | undefined): Promise<void> {
  const delay = backoffDelayMs(attempt - 1, ASSUME_ROLE_BACKOFF);
  core.info(
    `Attempt ${attempt} of ${ASSUME_ROLE_MAX_ATTEMPTS}: ${reason}; retrying with a new token in ${(delay / 1000).toFixed(1)} s.`,
  );
  await sleep(delay, signal);
}

function toIdentity(
  credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  requestId: string | undefined,
): AwsCredentialIdentity {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new ActionError(`AssumeRoleWithWebIdentity returned no credentials (request id ${requestId ?? 'unknown'}).`);
  }
  core.setSecret(credentials.AccessKeyId);
  core.setSecret(credentials.SecretAccessKey);
  core.setSecret(credentials.SessionToken);
  const expiration = credentials.Expiration;
  core.info(`Role session obtained${expiration ? `, valid until ${expiration.toISOString()}` : ''}.`);
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(expiration ? { expiration } : {}),
  };
}

/**
 * Reads the claims of a JWT without verifying it, to show in error messages
 * what a trust policy was matched against. Returns `{}` for a malformed token.
 */
export function decodeTokenClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) {
    return {};
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims === null || typeof claims !== 'object') {
      return {};
    }
    const { sub, aud, iss } = claims as Record<string, unknown>;
    return {
      ...(typeof sub === 'string' ? { sub } : {}),
      ...(typeof aud === 'string' || Array.isArray(aud) ? { aud: aud as string | string[] } : {}),
      ...(typeof iss === 'string' ? { iss } : {}),
    };
  } catch {
    return {};
  }
}

/** Explains a failed AssumeRoleWithWebIdentity, showing the token's claims but never the token. */
export function explainAssumeRoleError(
  error: unknown,
  options: Pick<WebIdentityOptions, 'roleArn' | 'audience'>,
  claims: TokenClaims,
  attempts: number,
): ActionError {
  const info = awsErrorInfo(error);
  const message = `Could not assume role ${options.roleArn} with the GitHub OIDC token: ${formatAwsError(info)}`;
  const shownClaims = `The token's claims were sub ${JSON.stringify(claims.sub ?? '(none)')} and aud ${JSON.stringify(claims.aud ?? '(none)')}.`;
  const base = { requestId: info.requestId, awsErrorName: info.name, cause: error };

  if (info.name === 'AccessDenied' || info.name === 'AccessDeniedException' || info.name === 'IDPRejectedClaimException') {
    return new ActionError(message, {
      ...base,
      hints: [
        shownClaims,
        'The role\'s trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal ' +
          'token.actions.githubusercontent.com, with "token.actions.githubusercontent.com:aud" equal to the aud above ' +
          'and "token.actions.githubusercontent.com:sub" matching the sub above (StringLike allows wildcards).',
        'Runs on a tag have a sub ending in ref:refs/tags/TAG; jobs with an environment have environment:NAME in place of the ref; ' +
          'pull requests have pull_request.',
      ],
    });
  }
  if (info.name === 'InvalidIdentityTokenException' || info.name === 'InvalidIdentityToken') {
    return new ActionError(message, {
      ...base,
      hints: [
        shownClaims,
        'Register token.actions.githubusercontent.com as an IAM OIDC identity provider in the account, ' +
          `with ${options.audience} in its audiences (set the audience input if the provider expects another).`,
      ],
    });
  }
  if (info.name === 'ValidationError' && /DurationSeconds/i.test(info.message)) {
    return new ActionError(message, {
      ...base,
      hints: ['Lower role-duration-seconds to at most the role\'s maximum session duration, or raise that maximum in IAM.'],
    });
  }
  if (info.name === 'RegionDisabledException') {
    return new ActionError(message, {
      ...base,
      hints: ['STS is not activated in this Region for the account: activate it in IAM account settings.'],
    });
  }
  if (RETRYABLE_STS_ERRORS.has(info.name) || isRetryableAwsError(error)) {
    const proxy = proxyHint();
    return new ActionError(`${message} (after ${attempts} attempts)`, {
      ...base,
      hints: ['STS or GitHub\'s token service kept failing. Re-run the job later.', ...(proxy ? [proxy] : [])],
    });
  }
  const proxy = proxyHint();
  return new ActionError(message, { ...base, hints: [shownClaims, ...(proxy ? [proxy] : [])] });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
