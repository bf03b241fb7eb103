/**
 * Input validation against rules.json, with messages in the form AWS services
 * use for constraint violations:
 * `1 validation error detected: Value 'x' at 'imageName' failed to satisfy constraint: Member must ...`.
 */
import { readFileSync } from 'node:fs';

import type { RulesFile, ShapeRule } from './rule-types.ts';

export function loadRules(): RulesFile {
  const text = readFileSync(new URL('./rules.json', import.meta.url), 'utf8');
  return JSON.parse(text) as RulesFile;
}

/**
 * Compiles a Smithy pattern into a JS RegExp. Smithy patterns follow
 * ECMA-262, but the STS model writes astral code points Java-style as
 * `\u10000`, which JS would read as `\u1000` followed by `0`. Such escapes
 * become `\u{10000}` under the `u` flag. Pure ASCII patterns compile without
 * the `u` flag, because `u` rejects identity escapes such as `\-` outside a
 * character class, as in the WorkSpaces `Ec2ImageId` pattern. When `u` is
 * needed, those escapes are unescaped.
 */
export function compilePattern(pattern: string): RegExp {
  let source = '';
  let needsUnicode = false;
  let inClass = false;

  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char !== '\\') {
      if (char === '[' && !inClass) inClass = true;
      else if (char === ']' && inClass) inClass = false;
      if (char.charCodeAt(0) > 0x7f) needsUnicode = true;
      source += char;
      continue;
    }

    const next = pattern[i + 1] ?? '';
    const digits = next === 'u' ? astralEscapeDigits(pattern.slice(i + 2)) : undefined;
    if (digits !== undefined) {
      source += `\\u{${digits}}`;
      needsUnicode = true;
      i += 1 + digits.length;
      continue;
    }
    source += char + next;
    i += 1;
  }

  if (!needsUnicode) return new RegExp(source);
  return new RegExp(unescapeHyphensOutsideClasses(source), 'u');
}

/**
 * Returns the 5 or 6 hex digits of a Java-style astral escape at the start of
 * `text` (after `\u`), or undefined when the digits denote no code point in
 * U+10000..U+10FFFF and so are a 4-digit escape followed by literal text.
 */
function astralEscapeDigits(text: string): string | undefined {
  const run = /^[0-9A-Fa-f]{5,6}/.exec(text)?.[0];
  if (run === undefined) return undefined;
  for (const candidate of [run, run.slice(0, 5)]) {
    const codePoint = Number.parseInt(candidate, 16);
    if (candidate.length >= 5 && codePoint >= 0x10000 && codePoint <= 0x10ffff) return candidate;
  }
  return undefined;
}

/** Replaces `\-` outside character classes by `-`, which the `u` flag requires. */
function unescapeHyphensOutsideClasses(source: string): string {
  let result = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] ?? '';
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      result += next === '-' && !inClass ? '-' : char + next;
      i += 1;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    result += char;
  }
  return result;
}

const patternCache = new Map<string, RegExp>();

function cachedPattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    compiled = compilePattern(pattern);
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/** One failed constraint. `path` uses AWS's member path form, e.g. `tags.1.member.key`. */
export interface Violation {
  path: string;
  value: unknown;
  sensitive: boolean;
  constraint: string;
}

/** Value of the wrong JSON type, which awsJson services reject as a SerializationException. */
export class InputTypeError extends Error {
  override name = 'InputTypeError';
}

/** Lower-cases the first letter of a member name, as AWS does in violation paths. */
export function camelCaseMember(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Checks `value` against `rule` and returns every failed constraint.
 * Throws InputTypeError when a value has the wrong type for its shape.
 */
export function validateShape(rule: ShapeRule, value: unknown, path = ''): Violation[] {
  const violations: Violation[] = [];
  const sensitive = rule.sensitive === true;
  const fail = (constraint: string): void => {
    violations.push({ path, value, sensitive, constraint });
  };

  switch (rule.type) {
    case 'string':
    case 'enum': {
      if (typeof value !== 'string') throw new InputTypeError(`Expected a string at '${path}'`);
      const length = [...value].length;
      if (rule.length?.min !== undefined && length < rule.length.min) fail(`Member must have length greater than or equal to ${rule.length.min}`);
      if (rule.length?.max !== undefined && length > rule.length.max) fail(`Member must have length less than or equal to ${rule.length.max}`);
      if (rule.pattern !== undefined && !cachedPattern(rule.pattern).test(value)) fail(`Member must satisfy regular expression pattern: ${rule.pattern}`);
      if (rule.enum !== undefined && !rule.enum.includes(value)) fail(`Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
      break;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputTypeError(`Expected an integer at '${path}'`);
      if (rule.range?.min !== undefined && value < rule.range.min) fail(`Member must have value greater than or equal to ${rule.range.min}`);
      if (rule.range?.max !== undefined && value > rule.range.max) fail(`Member must have value less than or equal to ${rule.range.max}`);
      break;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw new InputTypeError(`Expected a boolean at '${path}'`);
      break;
    }
    case 'list': {
      if (!Array.isArray(value)) throw new InputTypeError(`Expected a list at '${path}'`);
      if (rule.length?.min !== undefined && value.length < rule.length.min) fail(`Member must have length greater than or equal to ${rule.length.min}`);
      if (rule.length?.max !== undefined && value.length > rule.length.max) fail(`Member must have length less than or equal to ${rule.length.max}`);
      if (rule.member !== undefined) {
        const itemRule = rule.member;
        value.forEach((item: unknown, index) => {
          violations.push(...validateShape(itemRule, item, `${path}.${index + 1}.member`));
        });
      }
      break;
    }
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputTypeError(`Expected a structure at '${path || 'input'}'`);
      const record = value as Record<string, unknown>;
      for (const [name, memberRule] of Object.entries(rule.members ?? {})) {
        const memberPath = path === '' ? camelCaseMember(name) : `${path}.${camelCaseMember(name)}`;
        const memberValue = record[name];
        if (memberValue === undefined || memberValue === null) {
          if (memberRule.required) violations.push({ path: memberPath, value: null, sensitive: false, constraint: 'Member must not be null' });
          continue;
        }
        violations.push(...validateShape(memberRule, memberValue, memberPath));
      }
      break;
    }
    default:
      // Timestamps, blobs and maps are not part of the emulated operations' inputs.
      break;
  }
  return violations;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}=${formatValue(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

/**
 * Formats violations as AWS does. Sensitive values are left out
 * (`Value at 'webIdentityToken' failed ...`).
 */
export function formatViolations(violations: Violation[]): string {
  const count = violations.length;
  const parts = violations.map((violation) => {
    let subject: string;
    if (violation.value === null) subject = 'Value null';
    else if (violation.sensitive) subject = 'Value';
    else subject = `Value '${formatValue(violation.value)}'`;
    return `${subject} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`;
  });
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
