import { WorkspaceImageErrorDetailCode } from '@aws-sdk/client-workspaces';
import { describe, expect, it } from 'vitest';
import { ingestionErrorHint, KNOWN_INGESTION_ERROR_CODES } from '../../src/ingestion-errors.ts';

const SDK_CODES: readonly string[] = Object.values(WorkspaceImageErrorDetailCode);

describe('ingestionErrorHint', () => {
  it('reads codes from the SDK enum', () => {
    expect(SDK_CODES.length).toBeGreaterThan(40);
  });

  it.each(SDK_CODES)('has a hint for %s', (code) => {
    const hint = ingestionErrorHint(code);
    expect(typeof hint).toBe('string');
    expect(hint?.trim()).not.toBe('');
  });

  it('returns undefined for an unknown code', () => {
    expect(ingestionErrorHint('SomeFutureCode')).toBeUndefined();
  });

  it('returns undefined for undefined', () => {
    expect(ingestionErrorHint(undefined)).toBeUndefined();
  });

  it('matches codes case-sensitively', () => {
    expect(ingestionErrorHint('firewallenabled')).toBeUndefined();
  });

  // Codes named like members of Object.prototype must not find those members.
  it('returns undefined for toString', () => {
    expect(ingestionErrorHint('toString')).toBeUndefined();
  });

  it('returns undefined for constructor', () => {
    expect(ingestionErrorHint('constructor')).toBeUndefined();
  });
});

describe('KNOWN_INGESTION_ERROR_CODES', () => {
  it('has no code missing from the SDK enum', () => {
    const unknownToSdk = KNOWN_INGESTION_ERROR_CODES.filter((code) => !SDK_CODES.includes(code));
    expect(unknownToSdk).toEqual([]);
  });

  it('covers every SDK code', () => {
    const missing = SDK_CODES.filter((code) => !KNOWN_INGESTION_ERROR_CODES.includes(code));
    expect(missing).toEqual([]);
  });

  it('has no duplicates', () => {
    expect(new Set(KNOWN_INGESTION_ERROR_CODES).size).toBe(KNOWN_INGESTION_ERROR_CODES.length);
  });
});
