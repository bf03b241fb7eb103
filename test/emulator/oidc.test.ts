import { getIDToken } from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { startEmulator, type Emulator } from './index.ts';
import { fetchOidcToken } from './helpers.ts';
import { GITHUB_ISSUER, OidcIssuer } from './oidc.ts';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({ oidc: { lifetimeSeconds: 120, claims: { workflow: 'images' } } });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await emulator.close();
});

function decodePart(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('OIDC token endpoint', () => {
  it('serves @actions/core getIDToken', async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', emulator.oidcRequestUrl);
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', emulator.oidcRequestToken);
    // getIDToken writes ::debug:: and ::add-mask:: workflow commands to stdout.
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const token = await getIDToken('sts.amazonaws.com');
    stdout.mockRestore();
    expect(decodePart(token, 1)['aud']).toBe('sts.amazonaws.com');
    expect(emulator.issuedTokens).toEqual([token]);
    expect(emulator.callsTo('oidc')[0]?.input).toEqual({ audience: 'sts.amazonaws.com', apiVersion: '2.0' });
  });

  it('signs RS256 tokens with a key id', async () => {
    const token = await fetchOidcToken(emulator);
    const header = decodePart(token, 0);
    expect(header['alg']).toBe('RS256');
    expect(header['typ']).toBe('JWT');
    expect(header['kid']).toBeTypeOf('string');
  });

  it('sets GitHub claims', async () => {
    const token = await fetchOidcToken(emulator);
    const claims = decodePart(token, 1);
    expect(claims['iss']).toBe(GITHUB_ISSUER);
    expect(claims['sub']).toBe('repo:octo-org/octo-repo:ref:refs/tags/v1.2.3');
    expect(claims['repository']).toBe('octo-org/octo-repo');
    expect(claims['ref']).toBe('refs/tags/v1.2.3');
    expect(claims['sha']).toMatch(/^[0-9a-f]{40}$/);
    expect(claims['workflow']).toBe('images');
    expect(claims['run_id']).toBeTypeOf('string');
    expect(claims['jti']).toBeTypeOf('string');
    expect(claims['exp']).toBe((claims['iat'] as number) + 120);
    expect(claims['nbf']).toBeLessThanOrEqual(claims['iat'] as number);
  });

  it('defaults the audience to the owner URL', async () => {
    const response = await fetch(emulator.oidcRequestUrl, { headers: { authorization: `Bearer ${emulator.oidcRequestToken}` } });
    const { value } = (await response.json()) as { value: string };
    expect(decodePart(value, 1)['aud']).toBe('https://github.com/octo-org');
  });

  it('rejects a wrong bearer token', async () => {
    const response = await fetch(emulator.oidcRequestUrl, { headers: { authorization: 'Bearer wrong' } });
    expect(response.status).toBe(401);
    expect(emulator.calls[0]?.status).toBe(401);
  });

  it('rejects a missing bearer token', async () => {
    const response = await fetch(emulator.oidcRequestUrl);
    expect(response.status).toBe(401);
  });

  it('rejects a missing api-version', async () => {
    const response = await fetch(`${emulator.url}/oidc/token`, { headers: { authorization: `Bearer ${emulator.oidcRequestToken}` } });
    expect(response.status).toBe(400);
  });

  it('returns 404 for unknown paths', async () => {
    const response = await fetch(`${emulator.url}/nothing-here`);
    expect(response.status).toBe(404);
    expect(emulator.calls[0]?.service).toBe('unknown');
  });
});

describe('OidcIssuer', () => {
  it('verifies its own tokens only', () => {
    const issuer = new OidcIssuer();
    const other = new OidcIssuer();
    const token = issuer.issue('sts.amazonaws.com');
    expect(issuer.check(token).ok).toBe(true);
    expect(other.check(token)).toEqual({ ok: false, reason: 'signature' });
  });

  it('rejects an unsigned token', () => {
    const issuer = new OidcIssuer();
    const [, claims] = issuer.issue(undefined).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(issuer.check(`${header}.${claims ?? ''}.`)).toEqual({ ok: false, reason: 'algorithm' });
  });

  it('rejects a token that is not a JWT', () => {
    expect(new OidcIssuer().check('abc')).toEqual({ ok: false, reason: 'malformed' });
  });
});
