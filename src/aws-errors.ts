/**
 * Fields the action reads from AWS SDK v3 errors. SDK v3 errors carry their
 * type in `name` (there is no `code`) and the request id in `$metadata`.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

export interface AwsErrorInfo {
  name: string;
  message: string;
  requestId: string | undefined;
  httpStatus: number | undefined;
}

/** Extracts name, message, request id and HTTP status from any thrown value. */
export function awsErrorInfo(error: unknown): AwsErrorInfo {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), requestId: undefined, httpStatus: undefined };
  }
  const metadata = (error as { $metadata?: { requestId?: string; httpStatusCode?: number } }).$metadata;
  return {
    name: error.name,
    message: error.message,
    requestId: metadata?.requestId,
    httpStatus: metadata?.httpStatusCode,
  };
}

/**
 * Tells whether a failed AWS call may succeed when sent again: throttling,
 * 5xx responses, timeouts and dropped connections.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const sdkError = error as Parameters<typeof isTransientError>[0];
  if (isThrottlingError(sdkError) || isTransientError(sdkError) || isServerError(sdkError)) {
    return true;
  }
  // The SDK's classification already covers ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, ENOTFOUND and EAI_AGAIN.
  return (error as { code?: string }).code === 'ECONNABORTED';
}

/** Formats `Name: message (request id …)` for logs and failure messages. */
export function formatAwsError(info: AwsErrorInfo): string {
  const requestId = info.requestId ? ` (request id ${info.requestId})` : '';
  if (info.name === 'Unknown' || info.name === 'UnknownError') {
    // The SDK could not read an AWS error from the response, so a proxy or gateway may have responded instead.
    const status = info.httpStatus === undefined ? '' : `HTTP ${info.httpStatus} `;
    return `an unrecognized ${status}response that carries no AWS error${requestId}`;
  }
  return `${info.name}: ${info.message}${requestId}`;
}
