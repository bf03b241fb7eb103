/**
 * The `tags` input: `Key=Value` lines or a JSON object, checked against the
 * tag rules of WorkSpaces.
 */
import {
  RESERVED_TAG_PREFIX,
  TAG_KEY_MAX_LENGTH,
  TAG_TEXT_CHARACTERS,
  TAG_TEXT_PATTERN,
  TAG_VALUE_MAX_LENGTH,
} from './constraints.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface TagParseResult {
  tags: Tag[];
  /** One sentence per problem, each naming the tag it is about. */
  problems: string[];
}

/**
 * Parses the `tags` input. A value starting with `{` is read as a JSON object
 * of string values. Anything else is read as lines of `Key=Value`, split at
 * the first `=` so that values may contain `=`, and blank lines are skipped.
 */
export function parseTags(text: string): TagParseResult {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { tags: [], problems: [] };
  }
  const looksLikeJson = trimmed.startsWith('{') || trimmed.startsWith('"') || trimmed.startsWith('[');
  const parsed = looksLikeJson ? parseJsonTags(trimmed) : parseTagLines(trimmed);
  // The tags that could be read are checked too, so one run reports every problem.
  return { tags: parsed.tags, problems: [...parsed.problems, ...parsed.tags.flatMap(checkTag)] };
}

/**
 * Returns the keys that a flat JSON object names more than once. JSON.parse
 * keeps only the last of them, so they are found in the text itself.
 */
function duplicateJsonKeys(text: string): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) {
    let key: string;
    try {
      key = JSON.parse(`"${match[1] ?? ''}"`) as string;
    } catch {
      continue;
    }
    if (seen.has(key)) {
      duplicates.add(key);
    }
    seen.add(key);
  }
  return [...duplicates];
}

function parseJsonTags(text: string): TagParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { tags: [], problems: [`is not valid JSON (${reason}). Write a JSON object such as {"team": "vdi"}, or Key=Value lines.`] };
  }
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    return {
      tags: [],
      problems: ['is a JSON string that contains an object: remove the outer quotes so the value is the object itself.'],
    };
  }
  if (Array.isArray(value)) {
    return {
      tags: [],
      problems: ['is a JSON array; write a JSON object of keys to values instead, such as {"team": "vdi"}, or Key=Value lines.'],
    };
  }
  if (value === null || typeof value !== 'object') {
    return { tags: [], problems: ['must be a JSON object of tag keys to values, such as {"team": "vdi"}.'] };
  }

  const tags: Tag[] = [];
  const problems = duplicateJsonKeys(text).map((key) => `tag "${key}" is given more than once: keep one entry per key.`);
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue === 'string') {
      tags.push({ Key: key, Value: tagValue });
    } else if (typeof tagValue === 'number' || typeof tagValue === 'boolean') {
      tags.push({ Key: key, Value: String(tagValue) });
    } else {
      const kind = tagValue === null ? 'a null' : Array.isArray(tagValue) ? 'an array' : 'an object';
      problems.push(`tag "${key}" has ${kind} value; tag values must be strings.`);
    }
  }
  return { tags, problems };
}

function parseTagLines(text: string): TagParseResult {
  const tags: Tag[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '') {
      continue;
    }
    const separator = line.indexOf('=');
    if (separator < 0) {
      problems.push(`line ${index + 1} "${line}" has no "=": write each tag as Key=Value on its own line.`);
      continue;
    }
    const key = line.slice(0, separator).trim();
    const value = line.slice(separator + 1).trim();
    if (seen.has(key)) {
      problems.push(`tag "${shorten(key)}" is given more than once: keep one line per key.`);
      continue;
    }
    seen.add(key);
    tags.push({ Key: key, Value: value });
  }
  return { tags, problems };
}

/** Checks one tag against the WorkSpaces tag rules and returns its problems. */
export function checkTag(tag: Tag): string[] {
  const problems: string[] = [];
  const { Key: fullKey, Value: value } = tag;
  const key = shorten(fullKey);

  if (fullKey.length === 0) {
    problems.push(`a tag has an empty key (value "${shorten(value)}"): keys are 1-${TAG_KEY_MAX_LENGTH} characters.`);
  } else if ([...fullKey].length > TAG_KEY_MAX_LENGTH) {
    problems.push(`tag key "${key}" is ${[...fullKey].length} characters long; keys are at most ${TAG_KEY_MAX_LENGTH}.`);
  }
  if (fullKey.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
    problems.push(`tag key "${key}" starts with "${RESERVED_TAG_PREFIX}", which AWS reserves for its own tags: choose another key.`);
  }
  if (!TAG_TEXT_PATTERN.test(fullKey)) {
    problems.push(`tag key "${key}" contains ${describeInvalidCharacters(fullKey, TAG_TEXT_PATTERN)}; tags may contain ${TAG_TEXT_CHARACTERS}.`);
  }
  if ([...value].length > TAG_VALUE_MAX_LENGTH) {
    problems.push(`tag "${key}" has a value of ${[...value].length} characters; values are at most ${TAG_VALUE_MAX_LENGTH}.`);
  }
  if (!TAG_TEXT_PATTERN.test(value)) {
    problems.push(`tag "${key}" has a value that contains ${describeInvalidCharacters(value, TAG_TEXT_PATTERN)}; tags may contain ${TAG_TEXT_CHARACTERS}.`);
  }
  return problems;
}

/**
 * Lists the distinct characters of `text` that `pattern` (anchored, one
 * character class) rejects, quoted and named where invisible: `" " (space), ":"`.
 */
export function describeInvalidCharacters(text: string, pattern: RegExp): string {
  const invalid = new Set<string>();
  for (const character of text) {
    if (!pattern.test(character)) {
      invalid.add(character);
    }
  }
  if (invalid.size === 0) {
    return 'no invalid character';
  }
  return [...invalid].map(nameCharacter).join(', ');
}

function nameCharacter(character: string): string {
  switch (character) {
    case ' ':
      return '" " (space)';
    case '\t':
      return '"\\t" (tab)';
    case '\n':
      return '"\\n" (line break)';
    case '\r':
      return '"\\r" (carriage return)';
    default:
      return `"${character}"`;
  }
}

/** Shortens long text for a message, so that one huge tag cannot flood the log. */
function shorten(text: string, maxLength = 60): string {
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
