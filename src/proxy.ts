/**
 * Proxy support for self-hosted runners: each AWS request goes through the
 * proxy that the standard variables name for its protocol (HTTPS_PROXY for
 * https, HTTP_PROXY for http, ALL_PROXY for both, in either case), unless
 * NO_PROXY lists the host. The OIDC token request is proxied by @actions/core.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** A proxy that carried AWS requests, for messages: its URL without credentials and the variable that named it. */
export interface ProxyInUse {
  url: string;
  variable: string;
}

const proxiesInUse = new Map<string, ProxyInUse>();

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
    const protocol = options.secureEndpoint ? 'https' : 'http';
    const host = options.host?.includes(':') ? `[${options.host}]` : (options.host ?? 'localhost');
    if (getProxyForUrl(`${protocol}://${host}:${options.port}`) === '') {
      return options.secureEndpoint ? this.direct.https : this.direct.http;
    }

    const { variable, value } = proxyVariableFor(protocol);
    // A value without a scheme names a plain HTTP proxy, as curl reads it.
    const proxy = value.includes('://') ? value : `http://${value}`;
    proxiesInUse.set(proxy, { url: redactCredentials(proxy), variable });
    let tunnel = this.tunnels.get(proxy);
    if (tunnel === undefined) {
      tunnel = new HttpsProxyAgent(proxy, { keepAlive: true });
      this.tunnels.set(proxy, tunnel);
    }
    return tunnel;
  }
}

/** Returns the variable that applies to a protocol, in the order proxy-from-env reads them. */
function proxyVariableFor(protocol: 'http' | 'https'): { variable: string; value: string } {
  const names = [`${protocol}_proxy`, `${protocol.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'];
  for (const variable of names) {
    const value = process.env[variable] ?? '';
    if (value !== '') {
      return { variable, value };
    }
  }
  return { variable: names[0] ?? 'https_proxy', value: '' };
}

/** Tells whether any proxy variable is set. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '');
}

/** Hides the user name and password of a proxy URL, with or without a scheme, for messages. */
export function redactCredentials(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) {
    return url;
  }
  const schemeEnd = url.indexOf('://');
  const start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
  return `${url.slice(0, start)}***${url.slice(at)}`;
}

/**
 * Returns the agents for an AWS SDK client's request handler: a proxy-aware
 * agent when a proxy variable is set, none otherwise.
 */
export function proxyAgents(env: NodeJS.ProcessEnv = process.env): { httpAgent?: http.Agent; httpsAgent?: https.Agent } {
  if (!proxyConfigured(env)) {
    return {};
  }
  const agent = new EnvironmentProxyAgent();
  return { httpAgent: agent, httpsAgent: agent as unknown as https.Agent };
}

/** Returns a hint for network failures when AWS requests went through a proxy, or undefined when none did. */
export function proxyHint(): string | undefined {
  if (proxiesInUse.size === 0) {
    return undefined;
  }
  const proxies = [...proxiesInUse.values()].map((proxy) => `${proxy.url} (from ${proxy.variable})`).join(' and ');
  return (
    `AWS requests go through the proxy ${proxies}. Check that it is reachable and allows CONNECT to the AWS ` +
    'endpoints on port 443, or list the hosts to reach directly in NO_PROXY.'
  );
}
