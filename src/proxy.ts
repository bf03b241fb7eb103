/**
 * Proxy support for self-hosted runners: AWS requests go through the proxy
 * named by HTTPS_PROXY or HTTP_PROXY (either case), except to hosts listed in
 * NO_PROXY. The OIDC token request is proxied by @actions/core itself.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/**
 * Picks, for each connection, a direct socket or a CONNECT tunnel through the
 * proxy that `process.env` names for that host and protocol.
 */
export class EnvironmentProxyAgent extends Agent {
  private readonly direct = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly tunnels = new Map<string, HttpsProxyAgent<string>>();

  constructor() {
    super({ keepAlive: true });
  }

  override connect(_request: http.ClientRequest, options: AgentConnectOpts): http.Agent {
    const protocol = options.secureEndpoint ? 'https:' : 'http:';
    const host = options.host?.includes(':') ? `[${options.host}]` : (options.host ?? 'localhost');
    const proxy = getProxyForUrl(`${protocol}//${host}:${options.port}`);
    if (proxy === '') {
      return options.secureEndpoint ? this.direct.https : this.direct.http;
    }
    let tunnel = this.tunnels.get(proxy);
    if (tunnel === undefined) {
      tunnel = new HttpsProxyAgent(proxy, { keepAlive: true });
      this.tunnels.set(proxy, tunnel);
    }
    return tunnel;
  }
}

/** Returns the name and value of the first proxy variable set, or undefined. */
export function configuredProxy(env: NodeJS.ProcessEnv = process.env): { variable: string; url: string } | undefined {
  const variable = PROXY_VARIABLES.find((name) => (env[name] ?? '') !== '');
  return variable === undefined ? undefined : { variable, url: redactCredentials(env[variable] ?? '') };
}

/** Hides a user name and password in a proxy URL, for messages. */
export function redactCredentials(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

/**
 * Returns the agents for an AWS SDK client's request handler: a proxy-aware
 * agent when a proxy variable is set, none otherwise.
 */
export function proxyAgents(env: NodeJS.ProcessEnv = process.env): { httpAgent?: http.Agent; httpsAgent?: https.Agent } {
  if (configuredProxy(env) === undefined) {
    return {};
  }
  const agent = new EnvironmentProxyAgent();
  return { httpAgent: agent, httpsAgent: agent as unknown as https.Agent };
}

/** A hint for network failures when a proxy is configured, or undefined without one. */
export function proxyHint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const proxy = configuredProxy(env);
  if (proxy === undefined) {
    return undefined;
  }
  return (
    `AWS requests go through the proxy ${proxy.url} (from ${proxy.variable}). Check that it is reachable and allows ` +
    'CONNECT to the AWS endpoints on port 443, or list the hosts to reach directly in NO_PROXY.'
  );
}
