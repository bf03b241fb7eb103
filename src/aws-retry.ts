/**
 * The AWS SDK's standard retry strategy, with one log line per retry naming
 * the operation, the attempt, the delay, the error and its request id.
 */
import * as core from '@actions/core';
import { StandardRetryStrategy } from '@smithy/core/retry';
import type {
  MiddlewareStack,
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryToken,
} from '@smithy/types';
import { awsErrorInfo } from './aws-errors.js';
import { backoffDelayMs } from './backoff.js';

/** Attempts per AWS call, the first included. The SDK's default is 3; throttling bursts need more. */
export const MAX_ATTEMPTS = 6;

/** Largest delay between two attempts (the SDK's own cap is 20 s). */
const MAX_RETRY_DELAY_MS = 20_000;

/**
 * Wraps the SDK's `StandardRetryStrategy` (retry quota, throttling detection)
 * and uses this action's backoff schedule, logging each retry before its wait.
 */
export class LoggingRetryStrategy implements RetryStrategyV2 {
  /** Name of the operation in flight, set by the client middleware before each call. */
  operation = 'AWS request';

  private readonly standard: StandardRetryStrategy;
  private readonly maxAttempts: number;
  private pendingError: RetryErrorInfo | undefined;

  constructor(serviceName: string, maxAttempts = MAX_ATTEMPTS) {
    this.maxAttempts = maxAttempts;
    let delayBase = 100;
    const backoff = {
      computeNextBackoffDelay: (retry: number): number => {
        const delay = backoffDelayMs(retry, { baseMs: delayBase, maxMs: MAX_RETRY_DELAY_MS });
        this.logRetry(serviceName, retry, delay);
        return delay;
      },
      setDelayBase: (delay: number): void => {
        delayBase = delay;
      },
    };
    this.standard = new StandardRetryStrategy({ maxAttempts, backoff });
  }

  acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    return this.standard.acquireInitialRetryToken(retryTokenScope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    this.pendingError = errorInfo;
    return this.standard.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.standard.recordSuccess(token as StandardRetryToken);
  }

  private logRetry(serviceName: string, retry: number, delayMs: number): void {
    const info = awsErrorInfo(this.pendingError?.error);
    const requestId = info.requestId ? `, request id ${info.requestId}` : '';
    core.info(
      `${serviceName} ${this.operation} attempt ${retry + 1} of ${this.maxAttempts} failed with ${info.name}${requestId}; ` +
        `retrying in ${(delayMs / 1000).toFixed(1)} s.`,
    );
    core.debug(`${serviceName} ${this.operation} error message: ${info.message}`);
  }
}

/** Makes a client tell `strategy` the name of each operation it sends, for the retry log. */
export function trackOperationNames<Input extends object, Output extends object>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  strategy: LoggingRetryStrategy,
): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      strategy.operation = context.commandName?.replace(/Command$/, '') ?? 'AWS request';
      return next(args);
    },
    { step: 'initialize', name: 'operationNameForRetryLog' },
  );
}
