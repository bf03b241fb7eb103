/**
 * Tags that record which workflow run made an image, and how they merge with
 * the user's tags.
 */
import { TAG_TEXT_PATTERN, TAG_VALUE_MAX_LENGTH } from './constraints.js';
import { PROVENANCE_TAG_PREFIX, type RunContext } from './github-context.js';
import type { Tag } from './tags.js';

/**
 * Returns the provenance tags of a run: `github:repository`, `github:ref`,
 * `github:sha`, `github:run-id`, `github:run-attempt` and `github:workflow`.
 * Characters that tags do not allow become `_`; empty values are left out.
 */
export function provenanceTags(run: RunContext): Tag[] {
  const entries: Array<[string, string]> = [
    ['repository', run.repository],
    ['ref', run.ref],
    ['sha', run.sha],
    ['run-id', run.runId],
    ['run-attempt', run.runAttempt],
    ['workflow', run.workflow],
  ];
  return entries
    .filter(([, value]) => value !== '')
    .map(([name, value]) => ({ Key: `${PROVENANCE_TAG_PREFIX}${name}`, Value: toTagValue(value) }));
}

function toTagValue(text: string): string {
  const cleaned = [...text].map((character) => (TAG_TEXT_PATTERN.test(character) ? character : '_')).join('');
  return [...cleaned].slice(0, TAG_VALUE_MAX_LENGTH).join('').trim();
}

/** Merges provenance tags under the user's tags: a user tag with the same key wins. */
export function mergeTags(userTags: readonly Tag[], provenance: readonly Tag[]): Tag[] {
  const userKeys = new Set(userTags.map((tag) => tag.Key));
  return [...userTags, ...provenance.filter((tag) => !userKeys.has(tag.Key))];
}
