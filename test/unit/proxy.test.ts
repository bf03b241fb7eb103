import * as http from 'node:http';
import * as https from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentProxyAgent, proxyAgents, proxyConfigured, proxyHint, redactCredentials } from '../../src/proxy.ts';

const request = {} as http.ClientRequest;

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Sets the proxy variables of `process.env` to exactly `env`, for the agent, which reads them there. */
function useEnv(env: Record<string, string>): void {
  for (const name of PROXY_VARIABLES) {
    vi.stubEnv(name, env[name] ?? '');
  }
}

function choose(env: Record<string, string>, secure: boolean, host: string, port: number): http.Agent {
  useEnv(env);
  const agent = new EnvironmentProxyAgent();
  return secure
    ? agent.connect(request, { secureEndpoint: true, host, port })
    : agent.connect(request, { secureEndpoint: false, host, port });
}

describe('EnvironmentProxyAgent', () => {
  it('tunnels https through HTTPS_PROXY', () => {
    const chosen = choose({ HTTPS_PROXY: 'http://proxy.internal:3128' }, true, 'workspaces.us-east-1.amazonaws.com', 443);
    expect(chosen).toBeInstanceOf(HttpsProxyAgent);
  });

  it('tunnels https through lower-case https_proxy', () => {
    const chosen = choose({ https_proxy: 'http://proxy.internal:3128' }, true, 'sts.us-east-1.amazonaws.com', 443);
    expect(chosen).toBeInstanceOf(HttpsProxyAgent);
  });

  it('goes direct for a host in NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy.internal:3128', NO_PROXY: '.amazonaws.com' };
    const chosen = choose(env, true, 'workspaces.us-east-1.amazonaws.com', 443);
    expect(chosen).toBeInstanceOf(https.Agent);
    expect(chosen).not.toBeInstanceOf(HttpsProxyAgent);
  });

  it('goes direct for http without HTTP_PROXY', () => {
    const chosen = choose({ HTTPS_PROXY: 'http://proxy.internal:3128' }, false, '127.0.0.1', 8080);
    expect(chosen).toBeInstanceOf(http.Agent);
    expect(chosen).not.toBeInstanceOf(HttpsProxyAgent);
  });

  it('reuses one tunnel agent per proxy', () => {
    useEnv({ HTTPS_PROXY: 'http://proxy.internal:3128' });
    const agent = new EnvironmentProxyAgent();
    const first = agent.connect(request, { secureEndpoint: true, host: 'a.amazonaws.com', port: 443 });
    const second = agent.connect(request, { secureEndpoint: true, host: 'b.amazonaws.com', port: 443 });
    expect(second).toBe(first);
  });
});

describe('proxy configuration', () => {
  it('no variable means no agents', () => {
    expect(proxyAgents({})).toEqual({});
  });

  it('a variable gives one agent for both protocols', () => {
    const agents = proxyAgents({ HTTP_PROXY: 'http://proxy.internal:3128' });
    expect(agents.httpAgent).toBeInstanceOf(EnvironmentProxyAgent);
    expect(agents.httpsAgent).toBe(agents.httpAgent);
  });

  it('proxyConfigured sees lower-case variables', () => {
    expect(proxyConfigured({ https_proxy: 'http://proxy.internal:3128' })).toBe(true);
  });

  it('proxyConfigured ignores empty variables', () => {
    expect(proxyConfigured({ HTTPS_PROXY: '', NO_PROXY: '*' })).toBe(false);
  });

  it('redacts user and password', () => {
    expect(redactCredentials('http://user:pa55@proxy.internal:3128')).toBe('http://***@proxy.internal:3128');
  });

  it('redacts credentials without a scheme', () => {
    expect(redactCredentials('user:s3cret@proxy.internal:3128')).toBe('***@proxy.internal:3128');
  });

  it('redacts a password containing @', () => {
    expect(redactCredentials('http://user:p@ss@proxy.internal:3128')).toBe('http://***@proxy.internal:3128');
  });

  it('hint names a proxy in use without credentials', () => {
    choose({ HTTPS_PROXY: 'http://user:pa55@proxy.internal:3128' }, true, 'sts.us-east-1.amazonaws.com', 443);
    const hint = proxyHint();
    expect(hint).toContain('http://***@proxy.internal:3128 (from HTTPS_PROXY)');
    expect(hint).not.toContain('pa55');
  });

  it('HTTP_PROXY alone leaves https direct', () => {
    const chosen = choose({ HTTP_PROXY: 'http://proxy.internal:3128' }, true, 'workspaces.eu-west-1.amazonaws.com', 443);
    expect(chosen).not.toBeInstanceOf(HttpsProxyAgent);
  });

  it('a proxy without scheme is plain HTTP', () => {
    const chosen = choose({ HTTPS_PROXY: 'proxy.internal:3128' }, true, 'workspaces.eu-west-1.amazonaws.com', 443);
    expect(chosen).toBeInstanceOf(HttpsProxyAgent);
    expect((chosen as HttpsProxyAgent<string>).proxy.protocol).toBe('http:');
  });
});
