import type { SdkError } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { LoggingRetryStrategy, MAX_ATTEMPTS } from '../../src/aws-retry.ts';

function throttling(requestId: string): SdkError {
  const error = new Error('Rate exceeded');
  error.name = 'ThrottlingException';
  return Object.assign(error, { $metadata: { httpStatusCode: 400, requestId } }) as SdkError;
}

let stdout: MockInstance<typeof process.stdout.write>;

function loggedLines(): string[] {
  return stdout.mock.calls.map((call) => String(call[0]).trimEnd());
}

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // refreshRetryTokenForRetry waits out the backoff delay, so a random share of 0 keeps each delay at 0 ms.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('LoggingRetryStrategy', () => {
  it('allows six attempts by default', () => {
    expect(MAX_ATTEMPTS).toBe(6);
  });

  it('logs each retry with operation and request id', async () => {
    const strategy = new LoggingRetryStrategy('WorkSpaces', 3);
    strategy.operation = 'ImportWorkspaceImage';
    const token = await strategy.acquireInitialRetryToken('workspaces');

    await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING', error: throttling('req-7') });

    const retryLines = loggedLines().filter((line) => line.startsWith('WorkSpaces '));
    expect(retryLines).toHaveLength(1);
    expect(retryLines[0]).toMatch(
      /^WorkSpaces ImportWorkspaceImage attempt 1 of 3 failed with ThrottlingException, request id req-7; retrying in 0\.0 s\.$/,
    );
  });

  it('stops after the last attempt', async () => {
    const strategy = new LoggingRetryStrategy('WorkSpaces', 2);
    const token = await strategy.acquireInitialRetryToken('workspaces');
    const retried = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING', error: throttling('req-1') });

    await expect(
      strategy.refreshRetryTokenForRetry(retried, { errorType: 'THROTTLING', error: throttling('req-2') }),
    ).rejects.toThrow();
  });

  it('does not retry a client error', async () => {
    const strategy = new LoggingRetryStrategy('WorkSpaces', 3);
    const token = await strategy.acquireInitialRetryToken('workspaces');
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' }) as SdkError;

    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'CLIENT_ERROR', error: denied })).rejects.toThrow();
  });
});
