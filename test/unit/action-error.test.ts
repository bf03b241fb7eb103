import { describe, expect, it } from 'vitest';
import { ActionError, formatFailure } from '../../src/action-error.ts';

describe('ActionError', () => {
  it('keeps hints, request id and AWS name', () => {
    const cause = new Error('root');
    const error = new ActionError('failed', { hints: ['do this'], requestId: 'req-1', awsErrorName: 'AccessDeniedException', cause });
    expect(error.name).toBe('ActionError');
    expect(error.hints).toEqual(['do this']);
    expect(error.requestId).toBe('req-1');
    expect(error.awsErrorName).toBe('AccessDeniedException');
    expect(error.cause).toBe(cause);
  });

  it('defaults to no hints', () => {
    const error = new ActionError('failed');
    expect(error.hints).toEqual([]);
    expect(error.requestId).toBeUndefined();
  });
});

describe('formatFailure', () => {
  it('lists hints under the message', () => {
    const text = formatFailure(new ActionError('Import failed.', { hints: ['First.', 'Second.'] }));
    expect(text).toBe('Import failed.\n- First.\n- Second.');
  });

  it('formats a plain Error', () => {
    expect(formatFailure(new TypeError('bad value'))).toBe('bad value');
  });

  it('formats a thrown string', () => {
    expect(formatFailure('boom')).toBe('boom');
  });
});

describe('formatFailure details', () => {
  it('lists details before hints', () => {
    const error = new ActionError('Ingestion failed.', { details: ['FirewallEnabled: on.'], hints: ['Fix the VM.'] });
    expect(formatFailure(error)).toBe('Ingestion failed.\n- FirewallEnabled: on.\n- Fix the VM.');
  });
});
