import { describe, expect, it } from 'vitest';
import { readRunContext, runUrl } from '../../src/github-context.ts';

describe('readRunContext', () => {
  it('reads the runner variables', () => {
    const context = readRunContext({
      GITHUB_REPOSITORY: 'octo-org/images',
      GITHUB_REF: 'refs/tags/v1.2.3',
      GITHUB_SHA: 'abc123',
      GITHUB_WORKFLOW: 'Import',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
    });
    expect(context).toEqual({
      repository: 'octo-org/images',
      ref: 'refs/tags/v1.2.3',
      sha: 'abc123',
      workflow: 'Import',
      runId: '4242',
      runAttempt: '2',
      serverUrl: 'https://ghe.example.com',
    });
  });

  it('uses empty strings outside a workflow', () => {
    const context = readRunContext({});
    expect(context.repository).toBe('');
    expect(context.runId).toBe('');
    expect(context.serverUrl).toBe('https://github.com');
  });
});

describe('runUrl', () => {
  it('links to the run', () => {
    const context = readRunContext({ GITHUB_REPOSITORY: 'octo-org/images', GITHUB_RUN_ID: '4242' });
    expect(runUrl(context)).toBe('https://github.com/octo-org/images/actions/runs/4242');
  });

  it('returns undefined without a run id', () => {
    expect(runUrl(readRunContext({ GITHUB_REPOSITORY: 'octo-org/images' }))).toBeUndefined();
  });

  it('returns undefined without a repository', () => {
    expect(runUrl(readRunContext({ GITHUB_RUN_ID: '4242' }))).toBeUndefined();
  });
});
