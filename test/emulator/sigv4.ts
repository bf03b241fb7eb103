/**
 * AWS Signature Version 4 verification for requests signed in the
 * `Authorization` header. The emulator recomputes the signature with its own
 * implementation of the algorithm (AWS General Reference, "Create a signed AWS
 * API request"), independent of the SDK's signer.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { CredentialRecord, CredentialStore } from './credentials.ts';

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Maximum difference between `X-Amz-Date` and the emulator's clock that AWS accepts. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface ParsedAuthorization {
  accessKeyId: string;
  /** Scope date, `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) return undefined;
    fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const scope = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (scope?.length !== 5 || scope[4] !== 'aws4_request' || signedHeaders === undefined || signature === undefined) return undefined;
  const [accessKeyId = '', date = '', region = '', service = ''] = scope;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Why a request failed authentication; the service modules map each kind to their error codes. */
export type AuthFailureKind =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'invalid-token'
  | 'expired-token'
  | 'clock-skew'
  | 'wrong-scope'
  | 'bad-signature';

export type AuthResult =
  | { ok: true; credential: CredentialRecord }
  | { ok: false; kind: AuthFailureKind; message: string; accessKeyId?: string };

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/` or `/a?b=c`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Percent-encodes everything except RFC 3986 unreserved characters, as SigV4 requires. */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  // Services other than S3 encode each path segment once more on top of the encoding on the wire.
  return path
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Returns the canonical query string, or undefined when the query has invalid percent-encoding. */
function canonicalQuery(query: string): string | undefined {
  const decode = (text: string): string => decodeURIComponent(text.replaceAll('+', ' '));
  const pairs: [string, string][] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = separator < 0 ? pair : pair.slice(0, separator);
    const value = separator < 0 ? '' : pair.slice(separator + 1);
    try {
      pairs.push([encodeRfc3986(decode(key)), encodeRfc3986(decode(value))]);
    } catch {
      return undefined;
    }
  }
  pairs.sort(([keyA, valueA], [keyB, valueB]) => compareStrings(keyA, keyB) || compareStrings(valueA, valueB));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  return text.trim().replace(/\s+/g, ' ');
}

/** Parses `20240102T030405Z` into a Date, or undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Computes the SigV4 signature of `request` for the given scope and secret.
 * Returns undefined when a signed header is absent from the request or the
 * query string is not valid percent-encoding.
 */
export function computeSignature(request: SignedRequest, auth: ParsedAuthorization, amzDate: string, secretAccessKey: string): string | undefined {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = queryStart < 0 ? '' : request.url.slice(queryStart + 1);

  const queryString = canonicalQuery(query);
  if (queryString === undefined) return undefined;

  const headerLines: string[] = [];
  for (const name of auth.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return undefined;
    headerLines.push(`${name}:${value}\n`);
  }

  const canonicalRequest = [
    request.method,
    canonicalUri(path),
    queryString,
    headerLines.join(''),
    auth.signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');

  const dateKey = hmac(`AWS4${secretAccessKey}`, auth.date);
  const regionKey = hmac(dateKey, auth.region);
  const serviceKey = hmac(regionKey, auth.service);
  const signingKey = hmac(serviceKey, 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/**
 * Authenticates a request signed with SigV4: known access key, matching
 * session token, unexpired session, `X-Amz-Date` within 15 minutes, scope
 * naming `service`, and a signature that matches the recomputed one.
 */
export function verifyRequest(request: SignedRequest, store: CredentialStore, service: string, now: Date): AuthResult {
  const header = headerValue(request.headers, 'authorization');
  if (header === undefined) return { ok: false, kind: 'missing', message: 'Missing Authentication Token' };
  const auth = parseAuthorization(header);
  if (auth === undefined) {
    return { ok: false, kind: 'malformed', message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in the ${ALGORITHM} format.` };
  }
  const failure = (kind: AuthFailureKind, message: string): AuthResult => ({ ok: false, kind, message, accessKeyId: auth.accessKeyId });

  const credential = store.get(auth.accessKeyId);
  if (credential === undefined) return failure('unknown-key', 'The security token included in the request is invalid.');
  const token = headerValue(request.headers, 'x-amz-security-token');
  if (token !== credential.sessionToken) return failure('invalid-token', 'The security token included in the request is invalid.');
  if (credential.expiration !== undefined && credential.expiration.getTime() <= now.getTime()) {
    return failure('expired-token', 'The security token included in the request is expired');
  }

  const amzDateText = headerValue(request.headers, 'x-amz-date') ?? '';
  const amzDate = parseAmzDate(amzDateText);
  if (amzDate === undefined) return failure('malformed', `X-Amz-Date header '${amzDateText}' is missing or not in the form YYYYMMDDTHHMMSSZ.`);
  const skew = amzDate.getTime() - now.getTime();
  if (skew < -MAX_CLOCK_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS));
    return failure('clock-skew', `Signature expired: ${amzDateText} is now earlier than ${limit} (${formatAmzDate(now)} - 15 min.)`);
  }
  if (skew > MAX_CLOCK_SKEW_MS) {
    const limit = formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS));
    return failure('clock-skew', `Signature not yet current: ${amzDateText} is still later than ${limit} (${formatAmzDate(now)} + 15 min.)`);
  }

  if (auth.service !== service) return failure('wrong-scope', `Credential should be scoped to correct service: '${service}'.`);
  if (auth.date !== amzDateText.slice(0, 8)) {
    return failure('wrong-scope', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDateText.slice(0, 8)}'`);
  }
  if (!auth.signedHeaders.includes('host')) return failure('bad-signature', "'Host' must be a signed header.");

  const contentHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== sha256Hex(request.body)) {
    return failure('bad-signature', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }

  const expected = computeSignature(request, auth, amzDateText, credential.secretAccessKey);
  const matches = expected !== undefined && expected.length === auth.signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature));
  if (!matches) {
    return failure(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true, credential };
}
