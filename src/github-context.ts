/**
 * The workflow run this action executes in, read from the variables the
 * GitHub runner sets for every step.
 */

export interface RunContext {
  /** `owner/name`. */
  repository: string;
  /** Full ref, for example `refs/tags/v1.2.3`. */
  ref: string;
  sha: string;
  workflow: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
}

/** Reads the run context from the environment; missing variables become empty strings. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  return {
    repository: env['GITHUB_REPOSITORY'] ?? '',
    ref: env['GITHUB_REF'] ?? '',
    sha: env['GITHUB_SHA'] ?? '',
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    runId: env['GITHUB_RUN_ID'] ?? '',
    runAttempt: env['GITHUB_RUN_ATTEMPT'] ?? '',
    serverUrl: env['GITHUB_SERVER_URL'] ?? 'https://github.com',
  };
}

/** Returns the link to the workflow run, or undefined outside a workflow. */
export function runUrl(context: RunContext): string | undefined {
  if (context.repository === '' || context.runId === '') {
    return undefined;
  }
  return `${context.serverUrl}/${context.repository}/actions/runs/${context.runId}`;
}

/** Prefix of the tag keys the action adds to record where an image came from. */
export const PROVENANCE_TAG_PREFIX = 'github:';
