/** Helpers shared by the emulator tests: SDK clients, OIDC tokens, and raw signed requests. */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

import { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { WorkSpacesClient } from '@aws-sdk/client-workspaces';
import { SignatureV4 } from '@smithy/signature-v4';

import type { Emulator } from './index.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Returns a WorkSpaces client without retries, so each fault reaches the test. */
export function workspacesClient(emulator: Emulator, credentials: Credentials = emulator.ambientCredentials, maxAttempts = 1): WorkSpacesClient {
  return new WorkSpacesClient({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts });
}

export function stsClient(emulator: Emulator, credentials?: Credentials, maxAttempts = 1): STSClient {
  return new STSClient({ endpoint: emulator.url, region: 'us-east-1', maxAttempts, ...(credentials === undefined ? {} : { credentials }) });
}

/** Requests a token from the emulator's OIDC endpoint as `@actions/core` does. */
export async function fetchOidcToken(emulator: Emulator, audience = 'sts.amazonaws.com'): Promise<string> {
  const response = await fetch(`${emulator.oidcRequestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${emulator.oidcRequestToken}` },
  });
  if (response.status !== 200) throw new Error(`OIDC token request failed with HTTP ${response.status}`);
  const body = (await response.json()) as { value: string };
  return body.value;
}

/** Runs the OIDC → AssumeRoleWithWebIdentity chain and returns the session credentials. */
export async function assumeDefaultRole(emulator: Emulator): Promise<Required<Credentials>> {
  const token = await fetchOidcToken(emulator);
  const output = await stsClient(emulator).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: emulator.defaultRoleArn, RoleSessionName: 'emulator-test', WebIdentityToken: token }),
  );
  const credentials = output.Credentials;
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined || credentials.SessionToken === undefined) {
    throw new Error('AssumeRoleWithWebIdentity returned no credentials');
  }
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken };
}

/** Awaits a promise that must reject and returns its error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('Expected the promise to reject, but it resolved');
}

/** SHA-256 (or HMAC-SHA-256 when given a key) from node:crypto, in the shape SignatureV4 expects. */
class NodeSha256 {
  readonly #key: Buffer | undefined;
  #hash: Hash | Hmac;

  constructor(key?: string | ArrayBuffer | ArrayBufferView) {
    if (key === undefined) this.#key = undefined;
    else if (typeof key === 'string') this.#key = Buffer.from(key, 'utf8');
    else if (ArrayBuffer.isView(key)) this.#key = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    else this.#key = Buffer.from(key);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#key === undefined ? createHash('sha256') : createHmac('sha256', this.#key);
  }

  update(data: string | Uint8Array): void {
    this.#hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

export interface RawRequestOptions {
  service?: string;
  credentials?: Credentials;
  signingDate?: Date;
  /** Send without an Authorization header. */
  unsigned?: boolean;
  headers?: Record<string, string>;
  /** Body to send in place of the signed one, to test tampering. */
  sentBody?: string;
}

/**
 * Sends a POST to the emulator, signed with `@smithy/signature-v4` unless
 * `unsigned`, for requests the SDK clients cannot produce.
 */
export async function sendRaw(emulator: Emulator, body: string, options: RawRequestOptions = {}): Promise<Response> {
  const url = new URL(emulator.url);
  const headers: Record<string, string> = { host: url.host, ...options.headers };
  let signedHeaders = headers;
  if (options.unsigned !== true) {
    const signer = new SignatureV4({
      credentials: options.credentials ?? emulator.ambientCredentials,
      region: 'us-east-1',
      service: options.service ?? 'workspaces',
      sha256: NodeSha256,
    });
    const signed = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body },
      options.signingDate === undefined ? {} : { signingDate: options.signingDate },
    );
    signedHeaders = signed.headers;
  }
  const { host: _host, ...sendHeaders } = signedHeaders;
  return fetch(emulator.url, { method: 'POST', headers: sendHeaders, body: options.sentBody ?? body });
}

/** Returns the awsJson1_1 headers of a WorkSpaces request for `operation`. */
export function workspacesHeaders(operation: string): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `WorkspacesService.${operation}` };
}
