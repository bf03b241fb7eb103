// @actions/http-client imports undici's ProxyAgent at load time, but uses it
// only in getAgentDispatcher(), for fetch-based clients. The action never calls
// that: it makes its requests with node:http, the AWS SDK and
// https-proxy-agent, and the OIDC token request of @actions/core uses node:http.
// So undici (about 426 kB minified, about 50 ms of start-up) is left out.
export class ProxyAgent {
  constructor() {
    throw new Error(
      'undici is not part of this action\'s bundle: @actions/http-client getAgentDispatcher() is not supported.',
    );
  }
}
