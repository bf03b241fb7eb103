import { describe, expect, it } from 'vitest';
import { TAG_TEXT_PATTERN, TAG_VALUE_MAX_LENGTH } from '../../src/constraints.ts';
import type { RunContext } from '../../src/github-context.ts';
import { mergeTags, provenanceTags } from '../../src/provenance-tags.ts';

const RUN: RunContext = {
  repository: 'octo-org/images',
  ref: 'refs/tags/v1.2.3',
  sha: '0123456789abcdef0123456789abcdef01234567',
  workflow: 'Release',
  runId: '4242',
  runAttempt: '2',
  serverUrl: 'https://github.com',
};

const EMPTY_RUN: RunContext = {
  repository: '',
  ref: '',
  sha: '',
  workflow: '',
  runId: '',
  runAttempt: '',
  serverUrl: 'https://github.com',
};

function valueOf(run: RunContext, key: string): string | undefined {
  return provenanceTags(run).find((tag) => tag.Key === key)?.Value;
}

describe('provenanceTags', () => {
  it('returns the keys in order', () => {
    expect(provenanceTags(RUN).map((tag) => tag.Key)).toEqual([
      'github:repository',
      'github:ref',
      'github:sha',
      'github:run-id',
      'github:run-attempt',
      'github:workflow',
    ]);
  });

  it('copies the run values', () => {
    expect(provenanceTags(RUN).map((tag) => tag.Value)).toEqual([
      'octo-org/images',
      'refs/tags/v1.2.3',
      '0123456789abcdef0123456789abcdef01234567',
      '4242',
      '2',
      'Release',
    ]);
  });

  it('leaves out empty values', () => {
    const keys = provenanceTags({ ...RUN, ref: '', workflow: '' }).map((tag) => tag.Key);
    expect(keys).toEqual(['github:repository', 'github:sha', 'github:run-id', 'github:run-attempt']);
  });

  it('returns nothing outside a workflow', () => {
    expect(provenanceTags(EMPTY_RUN)).toEqual([]);
  });

  it('ignores the server URL', () => {
    expect(provenanceTags({ ...EMPTY_RUN, serverUrl: 'https://ghe.example.com' })).toEqual([]);
  });

  it('sanitizes a workflow name', () => {
    const value = valueOf({ ...RUN, workflow: 'Release (Windows) #1' }, 'github:workflow');
    expect(value).toBe('Release _Windows_ _1');
  });

  it('sanitizes an exclamation mark', () => {
    expect(valueOf({ ...RUN, workflow: 'Ship it!' }, 'github:workflow')).toBe('Ship it_');
  });

  it.each([
    ['parentheses and hash', 'Release (Windows) #1'],
    ['exclamation mark', 'Ship it!'],
    ['comma and ampersand', 'Build, test & release'],
    ['emoji', 'Deploy 🚀'],
    ['quotes and brackets', 'Build "golden" [win]'],
  ])('makes valid text from %s', (_label, workflow) => {
    const value = valueOf({ ...RUN, workflow }, 'github:workflow') ?? '';
    expect(value).toMatch(TAG_TEXT_PATTERN);
    expect([...value]).toHaveLength([...workflow].length);
  });

  it('keeps allowed characters', () => {
    const workflow = 'Übersetzung 2.0: a/b=c+d_e-f@g';
    expect(valueOf({ ...RUN, workflow }, 'github:workflow')).toBe(workflow);
  });

  it('keeps every key valid', () => {
    for (const tag of provenanceTags(RUN)) {
      expect(tag.Key).toMatch(TAG_TEXT_PATTERN);
    }
  });

  it('cuts values to 255 characters', () => {
    const value = valueOf({ ...RUN, workflow: 'w'.repeat(300) }, 'github:workflow') ?? '';
    expect(value).toHaveLength(TAG_VALUE_MAX_LENGTH);
    expect(TAG_VALUE_MAX_LENGTH).toBe(255);
  });

  it('keeps 255 characters whole', () => {
    const workflow = 'w'.repeat(255);
    expect(valueOf({ ...RUN, workflow }, 'github:workflow')).toBe(workflow);
  });

  it('cuts a long ref', () => {
    const ref = `refs/heads/${'feature/'.repeat(40)}`;
    const value = valueOf({ ...RUN, ref }, 'github:ref') ?? '';
    expect(value).toHaveLength(255);
    expect(ref.startsWith(value)).toBe(true);
  });
});

describe('mergeTags', () => {
  const provenance = provenanceTags(RUN);

  it('puts user tags first', () => {
    const merged = mergeTags([{ Key: 'team', Value: 'vdi' }], provenance);
    expect(merged[0]).toEqual({ Key: 'team', Value: 'vdi' });
    expect(merged.slice(1)).toEqual(provenance);
  });

  it('lets a user tag win', () => {
    const merged = mergeTags([{ Key: 'github:workflow', Value: 'golden-image' }], provenance);
    const workflowTags = merged.filter((tag) => tag.Key === 'github:workflow');
    expect(workflowTags).toEqual([{ Key: 'github:workflow', Value: 'golden-image' }]);
    expect(merged).toHaveLength(provenance.length);
  });

  it('keeps the user tag position', () => {
    const merged = mergeTags(
      [
        { Key: 'team', Value: 'vdi' },
        { Key: 'github:ref', Value: 'release' },
      ],
      provenance,
    );
    expect(merged.map((tag) => tag.Key)).toEqual([
      'team',
      'github:ref',
      'github:repository',
      'github:sha',
      'github:run-id',
      'github:run-attempt',
      'github:workflow',
    ]);
  });

  it('returns user tags without provenance', () => {
    expect(mergeTags([{ Key: 'team', Value: 'vdi' }], [])).toEqual([{ Key: 'team', Value: 'vdi' }]);
  });

  it('returns provenance without user tags', () => {
    expect(mergeTags([], provenance)).toEqual(provenance);
  });
});
