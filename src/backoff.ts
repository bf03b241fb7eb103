/**
 * Retry delays: exponential backoff with full jitter, capped, as a pure
 * function so its schedule is tested without clocks.
 */

export interface BackoffOptions {
  /** Delay bound of the first retry, in milliseconds. */
  baseMs: number;
  /** Largest delay, in milliseconds. */
  maxMs: number;
}

/**
 * Returns the delay before retry number `retry` (0 for the first retry):
 * a random share of `min(maxMs, baseMs * 2^retry)`. `random` returns a number
 * in [0, 1) and defaults to `Math.random`.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const bound = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * bound);
}

/** Waits `ms` milliseconds, or rejects with the signal's reason once it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
