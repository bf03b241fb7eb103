import { describe, expect, it } from 'vitest';
import { AccessDeniedException, WorkSpacesServiceException } from '@aws-sdk/client-workspaces';
import { awsErrorInfo, formatAwsError, isRetryableAwsError } from '../../src/aws-errors.ts';

/** Builds an error shaped like the AWS SDK v3 service exceptions. */
function sdkError(name: string, httpStatusCode?: number, requestId?: string): Error {
  const error = new Error(`${name} message`);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode, requestId } });
  return error;
}

describe('awsErrorInfo', () => {
  it('reads name, message, request id and status', () => {
    expect(awsErrorInfo(sdkError('ThrottlingException', 400, 'req-1'))).toEqual({
      name: 'ThrottlingException',
      message: 'ThrottlingException message',
      requestId: 'req-1',
      httpStatus: 400,
    });
  });

  it('reads a modeled SDK exception', () => {
    const error = new AccessDeniedException({
      message: 'not allowed',
      $metadata: { httpStatusCode: 400, requestId: 'req-2' },
    });
    expect(awsErrorInfo(error)).toEqual({
      name: 'AccessDeniedException',
      message: 'not allowed',
      requestId: 'req-2',
      httpStatus: 400,
    });
  });

  it('reads a plain Error', () => {
    expect(awsErrorInfo(new TypeError('bad'))).toEqual({
      name: 'TypeError',
      message: 'bad',
      requestId: undefined,
      httpStatus: undefined,
    });
  });

  it.each([
    ['string', 'boom', 'boom'],
    ['number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
  ])('reads a thrown %s', (_kind, value, message) => {
    expect(awsErrorInfo(value)).toEqual({ name: 'Error', message, requestId: undefined, httpStatus: undefined });
  });
});

describe('isRetryableAwsError', () => {
  it('retries ThrottlingException', () => {
    expect(isRetryableAwsError(sdkError('ThrottlingException', 400))).toBe(true);
  });

  it('retries HTTP 429', () => {
    expect(isRetryableAwsError(sdkError('TooManyRequests', 429))).toBe(true);
  });

  it.each([500, 502, 503, 504, 599])('retries HTTP %i', (status) => {
    expect(isRetryableAwsError(sdkError('InternalFailure', status))).toBe(true);
  });

  it('retries a 503 service exception', () => {
    const error = new WorkSpacesServiceException({
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    expect(isRetryableAwsError(error)).toBe(true);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED'])(
    'retries socket error %s',
    (code) => {
      const error = Object.assign(new Error(`socket ${code}`), { code });
      expect(isRetryableAwsError(error)).toBe(true);
    },
  );

  it('retries TimeoutError', () => {
    expect(isRetryableAwsError(sdkError('TimeoutError'))).toBe(true);
  });

  it('does not retry AccessDeniedException', () => {
    expect(isRetryableAwsError(sdkError('AccessDeniedException', 400))).toBe(false);
  });

  it('does not retry ValidationException', () => {
    expect(isRetryableAwsError(sdkError('ValidationException', 400))).toBe(false);
  });

  it('does not retry an unknown socket code', () => {
    expect(isRetryableAwsError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(false);
  });

  it('does not retry AbortError', () => {
    expect(isRetryableAwsError(sdkError('AbortError'))).toBe(false);
  });

  it('does not retry a non-Error value', () => {
    expect(isRetryableAwsError({ name: 'ThrottlingException' })).toBe(false);
    expect(isRetryableAwsError('ThrottlingException')).toBe(false);
  });
});

describe('formatAwsError', () => {
  it('adds the request id', () => {
    const text = formatAwsError({ name: 'X', message: 'failed', requestId: 'req-9', httpStatus: 400 });
    expect(text).toBe('X: failed (request id req-9)');
  });

  it('leaves out a missing request id', () => {
    const text = formatAwsError({ name: 'X', message: 'failed', requestId: undefined, httpStatus: undefined });
    expect(text).toBe('X: failed');
  });
});
