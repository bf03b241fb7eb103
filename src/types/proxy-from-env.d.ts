/** Types of the proxy-from-env package, which ships none. */
declare module 'proxy-from-env' {
  /**
   * Returns the proxy URL for `url` from the standard proxy variables of
   * `process.env`, or an empty string when none applies (no variable set, or
   * the host is in NO_PROXY).
   */
  export function getProxyForUrl(url: string | URL): string;
}
