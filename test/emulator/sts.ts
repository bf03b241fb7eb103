/**
 * STS (awsQuery) operations: AssumeRoleWithWebIdentity for GitHub OIDC tokens
 * and GetCallerIdentity.
 */
import { randomKeyId, randomSecret, randomSessionToken, type CredentialRecord, type CredentialStore } from './credentials.ts';
import { GITHUB_ISSUER, type OidcIssuer } from './oidc.ts';
import { ServiceError, type XmlTree } from './protocol.ts';
import type { ServiceRules, ShapeRule } from './rule-types.ts';
import type { AuthFailureKind } from './sigv4.ts';
import { formatViolations, InputTypeError, validateShape } from './validate.ts';

export interface RoleConfig {
  arn: string;
  /** Audience the role trusts (`token.actions.githubusercontent.com:aud`). Default `sts.amazonaws.com`. */
  audience?: string;
  /** `sub` patterns the role trusts, matched like IAM `StringLike` (`*` and `?`). Default `repo:octo-org/octo-repo:*`. */
  subjects?: string[];
  /** Role's MaxSessionDuration in seconds. Default 3600. */
  maxSessionDurationSeconds?: number;
}

export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const DEFAULT_DURATION_SECONDS = 3600;
const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';

/** STS error code and HTTP status for each SigV4 failure (STS query API error codes). */
export const STS_AUTH_ERRORS: Record<AuthFailureKind, { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationToken', status: 403 },
  malformed: { code: 'IncompleteSignature', status: 400 },
  'unknown-key': { code: 'InvalidClientTokenId', status: 403 },
  'invalid-token': { code: 'InvalidClientTokenId', status: 403 },
  'expired-token': { code: 'ExpiredToken', status: 400 },
  'clock-skew': { code: 'SignatureDoesNotMatch', status: 403 },
  'wrong-scope': { code: 'SignatureDoesNotMatch', status: 403 },
  'bad-signature': { code: 'SignatureDoesNotMatch', status: 403 },
};

/** Matches `value` against an IAM `StringLike` pattern: `*` is any run of characters, `?` one character. */
export function matchesStringLike(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Decodes awsQuery form parameters into the input structure described by
 * `rule`: `Name=v`, lists as `Name.member.1=v`, nested structures as `Name.member.1.arn=v`.
 */
export function decodeQueryInput(rule: ShapeRule, params: URLSearchParams, prefix = ''): unknown {
  const key = (name: string): string => (prefix === '' ? name : `${prefix}.${name}`);
  switch (rule.type) {
    case 'structure': {
      const result: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(rule.members ?? {})) {
        const value = decodeQueryInput(member, params, key(name));
        if (value !== undefined) result[name] = value;
      }
      if (prefix !== '' && Object.keys(result).length === 0) return undefined;
      return result;
    }
    case 'list': {
      const items: unknown[] = [];
      for (let index = 1; ; index++) {
        const itemPrefix = `${prefix}.member.${index}`;
        const present = [...params.keys()].some((name) => name === itemPrefix || name.startsWith(`${itemPrefix}.`));
        if (!present || rule.member === undefined) break;
        items.push(decodeQueryInput(rule.member, params, itemPrefix));
      }
      if (items.length === 0 && !params.has(prefix)) return undefined;
      return items;
    }
    case 'integer': {
      const text = params.get(prefix);
      if (text === null) return undefined;
      return /^-?\d+$/.test(text) ? Number(text) : text;
    }
    case 'boolean': {
      const text = params.get(prefix);
      if (text === null) return undefined;
      if (text === 'true') return true;
      if (text === 'false') return false;
      return text;
    }
    default:
      return params.get(prefix) ?? undefined;
  }
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface StsDependencies {
  rules: ServiceRules;
  store: CredentialStore;
  oidc: OidcIssuer;
  roles: RoleConfig[];
  accountId: string;
  /** Caps the lifetime of issued session credentials, for tests of expiry. */
  sessionLifetimeSeconds?: number;
  /** Receives every secret access key and session token issued. */
  issuedSecrets: string[];
}

export class StsService {
  readonly #deps: StsDependencies;
  readonly #roleIds = new Map<string, string>();

  constructor(deps: StsDependencies) {
    this.#deps = deps;
  }

  /** Runs one action and returns its `<…Result>` element tree; throws ServiceError. */
  handle(action: string, params: URLSearchParams, caller: CredentialRecord | undefined): XmlTree {
    const version = params.get('Version');
    const operation = this.#deps.rules.operations[action];
    if (operation === undefined || version !== this.#deps.rules.version) {
      throw new ServiceError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
    }

    const input = decodeQueryInput(operation.input, params) as Record<string, unknown>;
    let violations;
    try {
      violations = validateShape(operation.input, input);
    } catch (error) {
      if (error instanceof InputTypeError) throw new ServiceError('ValidationError', error.message);
      throw error;
    }
    if (violations.length > 0) throw new ServiceError('ValidationError', formatViolations(violations));

    if (action === 'AssumeRoleWithWebIdentity') return this.#assumeRoleWithWebIdentity(input);
    if (caller === undefined) throw new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    return { UserId: caller.userId, Account: this.#deps.accountId, Arn: caller.arn };
  }

  #roleId(arn: string): string {
    let id = this.#roleIds.get(arn);
    if (id === undefined) {
      id = randomKeyId('AROA', 21);
      this.#roleIds.set(arn, id);
    }
    return id;
  }

  #assumeRoleWithWebIdentity(input: Record<string, unknown>): XmlTree {
    const roleArn = String(input['RoleArn']);
    const sessionName = String(input['RoleSessionName']);
    const token = String(input['WebIdentityToken']);
    const now = Date.now();

    const check = this.#deps.oidc.check(token);
    if (!check.ok) {
      const message =
        check.reason === 'malformed'
          ? 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)'
          : 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';
      throw new ServiceError('InvalidIdentityToken', message);
    }
    const claims = check.claims;
    if (claims.iss !== GITHUB_ISSUER) {
      throw new ServiceError('InvalidIdentityToken', `No OpenIDConnect provider found in your account for ${String(claims.iss)}`);
    }
    const nowSeconds = Math.floor(now / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
      throw new ServiceError(
        'ExpiredTokenException',
        `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${String(claims.exp)}`,
      );
    }
    if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 60) {
      throw new ServiceError('InvalidIdentityToken', `Token is not yet valid: current date/time ${nowSeconds} is before the not-before date/time ${claims.nbf}`);
    }

    const role = this.#deps.roles.find((candidate) => candidate.arn === roleArn);
    if (role === undefined) throw new ServiceError('AccessDenied', NOT_AUTHORIZED, 403);
    if (claims.aud !== (role.audience ?? DEFAULT_AUDIENCE)) throw new ServiceError('InvalidIdentityToken', 'Incorrect token audience');
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    const subjects = role.subjects ?? ['repo:octo-org/octo-repo:*'];
    if (!subjects.some((pattern) => matchesStringLike(pattern, subject))) throw new ServiceError('AccessDenied', NOT_AUTHORIZED, 403);

    const requested = typeof input['DurationSeconds'] === 'number' ? input['DurationSeconds'] : DEFAULT_DURATION_SECONDS;
    if (requested > (role.maxSessionDurationSeconds ?? DEFAULT_DURATION_SECONDS)) {
      throw new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }

    const lifetimeSeconds = Math.min(requested, this.#deps.sessionLifetimeSeconds ?? requested);
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const roleId = this.#roleId(roleArn);
    const credential: CredentialRecord = {
      accessKeyId: randomKeyId('ASIA'),
      secretAccessKey: randomSecret(),
      sessionToken: randomSessionToken(),
      expiration: new Date(now + lifetimeSeconds * 1000),
      kind: 'session',
      arn: `arn:aws:sts::${this.#deps.accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
    };
    this.#deps.store.add(credential);
    this.#deps.issuedSecrets.push(credential.secretAccessKey, credential.sessionToken ?? '');

    return {
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        SecretAccessKey: credential.secretAccessKey,
        SessionToken: credential.sessionToken ?? '',
        Expiration: isoSeconds(credential.expiration ?? new Date(now)),
      },
      SubjectFromWebIdentityToken: subject,
      AssumedRoleUser: { AssumedRoleId: credential.userId, Arn: credential.arn },
      // The API reference states that Provider contains the token's `iss` claim for OIDC tokens.
      Provider: String(claims.iss),
      Audience: String(claims.aud),
    };
  }
}
