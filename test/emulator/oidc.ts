/**
 * GitHub Actions OIDC token issuer: the endpoint that `@actions/core`'s
 * `getIDToken(audience)` calls (`ACTIONS_ID_TOKEN_REQUEST_URL` plus
 * `&audience=…`, with `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`),
 * and the RS256 JWTs it returns.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface OidcOptions {
  /** `sub` claim. Default `repo:octo-org/octo-repo:ref:refs/tags/v1.2.3`. */
  subject?: string;
  /** Token lifetime in seconds. Default 300, GitHub's lifetime. */
  lifetimeSeconds?: number;
  /** Extra or replaced claims, merged last. */
  claims?: Record<string, unknown>;
}

export type JwtClaims = Record<string, unknown> & {
  iss?: unknown;
  aud?: unknown;
  sub?: unknown;
  exp?: unknown;
  nbf?: unknown;
};

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export type TokenCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'algorithm' };

export class OidcIssuer {
  readonly requestToken = randomBytes(24).toString('hex');
  readonly keyId = randomBytes(8).toString('hex');
  #keyPair: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  readonly options: Required<Pick<OidcOptions, 'subject' | 'lifetimeSeconds'>> & { claims: Record<string, unknown> };
  /** Every token issued, so tests can scan outputs for leaks. */
  readonly issued: string[] = [];

  constructor(options: OidcOptions = {}) {
    this.options = {
      subject: options.subject ?? 'repo:octo-org/octo-repo:ref:refs/tags/v1.2.3',
      lifetimeSeconds: options.lifetimeSeconds ?? 300,
      claims: options.claims ?? {},
    };
  }

  /**
   * Returns this issuer's RSA key pair, generated on first use because
   * generating a 2048-bit key takes tens of milliseconds and most tests never
   * need a token.
   */
  #keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    if (this.#keyPair === undefined) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.#keyPair = { privateKey, publicKey: createPublicKey(privateKey) };
    }
    return this.#keyPair;
  }

  /** Public key that verifies the issued tokens. */
  get publicKey(): KeyObject {
    return this.#keys().publicKey;
  }

  /** Issues a signed token. Without an audience, GitHub uses the repository owner's URL. */
  issue(audience: string | undefined): string {
    const now = Math.floor(Date.now() / 1000);
    const repository = typeof this.options.claims['repository'] === 'string' ? this.options.claims['repository'] : 'octo-org/octo-repo';
    const owner = repository.split('/')[0] ?? '';
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      sub: this.options.subject,
      aud: audience ?? `https://github.com/${owner}`,
      ref: 'refs/tags/v1.2.3',
      sha: randomBytes(20).toString('hex'),
      repository,
      repository_owner: owner,
      run_id: '1234567890',
      run_attempt: '1',
      workflow: 'release',
      event_name: 'push',
      ref_type: 'tag',
      actor: 'octocat',
      runner_environment: 'github-hosted',
      iss: GITHUB_ISSUER,
      nbf: now - 5,
      iat: now,
      exp: now + this.options.lifetimeSeconds,
      ...this.options.claims,
    };
    const header = { alg: 'RS256', typ: 'JWT', kid: this.keyId };
    const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.#keys().privateKey).toString('base64url');
    const token = `${signingInput}.${signature}`;
    this.issued.push(token);
    return token;
  }

  /** Checks the token's form and RS256 signature. Claim checks are up to the caller. */
  check(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [headerPart = '', claimsPart = '', signaturePart = ''] = parts;
    let header: unknown;
    let claims: unknown;
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (header === null || typeof header !== 'object' || claims === null || typeof claims !== 'object') return { ok: false, reason: 'malformed' };
    if ((header as Record<string, unknown>)['alg'] !== 'RS256') return { ok: false, reason: 'algorithm' };
    const valid = verify('sha256', Buffer.from(`${headerPart}.${claimsPart}`), this.publicKey, Buffer.from(signaturePart, 'base64url'));
    if (!valid) return { ok: false, reason: 'signature' };
    return { ok: true, claims: claims as JwtClaims };
  }
}
