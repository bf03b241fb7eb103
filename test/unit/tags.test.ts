import { describe, expect, it } from 'vitest';
import { OIDC_REQUEST_URL_VARIABLE, readInputs } from '../../src/inputs.ts';
import { TAG_TEXT_PATTERN } from '../../src/constraints.ts';
import { checkTag, describeInvalidCharacters, parseTags } from '../../src/tags.ts';

function tagsInputProblems(tags: string): string[] {
  const values: Record<string, string> = {
    'ec2-image-id': 'ami-0123456789abcdef0',
    'ingestion-process': 'BYOL_REGULAR',
    'image-name': 'golden',
    'aws-region': 'us-east-1',
    tags,
  };
  const run = { repository: '', ref: '', sha: '', workflow: '', runId: '', runAttempt: '', serverUrl: '' };
  const result = readInputs((name) => values[name] ?? '', { [OIDC_REQUEST_URL_VARIABLE]: '' }, run);
  return result.ok ? [] : result.problems.map((problem) => `${problem.input}: ${problem.message}`);
}

describe('parseTags lines', () => {
  it('reads Key=Value lines', () => {
    expect(parseTags('team=vdi\ncost-center=4711')).toEqual({
      tags: [
        { Key: 'team', Value: 'vdi' },
        { Key: 'cost-center', Value: '4711' },
      ],
      problems: [],
    });
  });

  it('splits at the first equals sign', () => {
    expect(parseTags('formula=a=b+c').tags).toEqual([{ Key: 'formula', Value: 'a=b+c' }]);
  });

  it('skips blank lines', () => {
    expect(parseTags('\nteam=vdi\n\n   \r\nowner=ops\n').tags).toEqual([
      { Key: 'team', Value: 'vdi' },
      { Key: 'owner', Value: 'ops' },
    ]);
  });

  it('trims keys and values', () => {
    expect(parseTags('  team =  vdi  ').tags).toEqual([{ Key: 'team', Value: 'vdi' }]);
  });

  it('accepts an empty value', () => {
    expect(parseTags('flag=')).toEqual({ tags: [{ Key: 'flag', Value: '' }], problems: [] });
  });

  it('returns nothing for empty text', () => {
    expect(parseTags('  \n ')).toEqual({ tags: [], problems: [] });
  });

  it('rejects a line without equals sign', () => {
    const { problems } = parseTags('team=vdi\nowner');
    expect(problems).toEqual(['line 2 "owner" has no "=": write each tag as Key=Value on its own line.']);
  });

  it('rejects a duplicate key', () => {
    const { problems } = parseTags('team=vdi\nteam=ops');
    expect(problems).toEqual(['tag "team" is given more than once: keep one line per key.']);
  });

  it('rejects an empty key', () => {
    const { problems } = parseTags('=value');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('empty key');
  });
});

describe('parseTags JSON', () => {
  it('reads an object', () => {
    expect(parseTags('{"team": "vdi", "owner": "ops"}')).toEqual({
      tags: [
        { Key: 'team', Value: 'vdi' },
        { Key: 'owner', Value: 'ops' },
      ],
      problems: [],
    });
  });

  it('turns numbers and booleans into strings', () => {
    expect(parseTags('{"build": 42, "golden": true}').tags).toEqual([
      { Key: 'build', Value: '42' },
      { Key: 'golden', Value: 'true' },
    ]);
  });

  it('rejects a null value', () => {
    expect(parseTags('{"team": null}').problems).toEqual(['tag "team" has a null value; tag values must be strings.']);
  });

  it('rejects a nested object', () => {
    const { problems } = parseTags('{"team": {"name": "vdi"}}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tag "team" has a.* value; tag values must be strings\.$/);
  });

  it('rejects an array value', () => {
    const { problems } = parseTags('{"teams": ["a", "b"]}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^tag "teams" has a.* value; tag values must be strings\.$/);
  });

  it('rejects a JSON string', () => {
    const { problems } = parseTags('"vdi"');
    expect(problems).toEqual(['must be a JSON object of tag keys to values, such as {"team": "vdi"}.']);
  });

  it('rejects a top-level array', () => {
    const { tags, problems } = parseTags('[{"Key": "team", "Value": "vdi"}]');
    expect(tags).toEqual([]);
    expect(problems).toHaveLength(1);
  });

  it('hints at extra quotes around an object', () => {
    const { problems } = parseTags(JSON.stringify(JSON.stringify({ team: 'vdi' })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('remove the outer quotes');
  });

  it('rejects invalid JSON', () => {
    const { problems } = parseTags('{"team": "vdi",}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^is not valid JSON \(/);
    expect(problems[0]).toContain('Key=Value lines');
  });

  it('checks JSON tags against the rules', () => {
    expect(parseTags('{"aws:team": "vdi"}').problems).toHaveLength(1);
  });
});

describe('checkTag', () => {
  it('accepts a key of 127 characters', () => {
    expect(checkTag({ Key: 'k'.repeat(127), Value: 'v' })).toEqual([]);
  });

  it('rejects a key of 128 characters', () => {
    expect(checkTag({ Key: 'k'.repeat(128), Value: 'v' })).toEqual([
      `tag key "${'k'.repeat(60)}…" is 128 characters long; keys are at most 127.`,
    ]);
  });

  it('accepts a value of 255 characters', () => {
    expect(checkTag({ Key: 'k', Value: 'v'.repeat(255) })).toEqual([]);
  });

  it('rejects a value of 256 characters', () => {
    expect(checkTag({ Key: 'k', Value: 'v'.repeat(256) })).toEqual([
      'tag "k" has a value of 256 characters; values are at most 255.',
    ]);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(checkTag({ Key: '𝐀'.repeat(127), Value: '𝐁'.repeat(255) })).toEqual([]);
  });

  it.each(['aws:owner', 'AWS:owner', 'Aws:workspaces:x'])('rejects reserved prefix %s', (key) => {
    const problems = checkTag({ Key: key, Value: 'v' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('starts with "aws:", which AWS reserves');
  });

  it('accepts aws without a colon', () => {
    expect(checkTag({ Key: 'awsome', Value: 'v' })).toEqual([]);
  });

  it('rejects a hash in a key', () => {
    expect(checkTag({ Key: 'team#1', Value: 'v' })).toEqual([
      'tag key "team#1" contains "#"; tags may contain letters, digits, spaces and + - = . _ : / @.',
    ]);
  });

  it('rejects an exclamation mark in a value', () => {
    expect(checkTag({ Key: 'team', Value: 'vdi!' })).toEqual([
      'tag "team" has a value that contains "!"; tags may contain letters, digits, spaces and + - = . _ : / @.',
    ]);
  });

  it('accepts every allowed punctuation', () => {
    expect(checkTag({ Key: 'a+b-c=d.e_f:g/h@i j', Value: 'a+b-c=d.e_f:g/h@i j' })).toEqual([]);
  });

  it('accepts unicode letters', () => {
    expect(checkTag({ Key: 'Kostenstelle', Value: 'Büro München' })).toEqual([]);
    expect(checkTag({ Key: '部署', Value: 'Ĳssel' })).toEqual([]);
  });

  it('reports several problems of one tag', () => {
    expect(checkTag({ Key: 'aws:x#', Value: 'y!' })).toHaveLength(3);
  });
});

describe('describeInvalidCharacters', () => {
  it('names each invalid character once', () => {
    expect(describeInvalidCharacters('a#b#c!', TAG_TEXT_PATTERN)).toBe('"#", "!"');
  });

  it('names invisible characters', () => {
    expect(describeInvalidCharacters('a\tb\n', /^[a-z]*$/)).toBe('"\\t" (tab), "\\n" (line break)');
  });
});

describe('tags through readInputs', () => {
  const lines = (count: number): string =>
    Array.from({ length: count }, (_unused, index) => `key${index}=value${index}`).join('\n');

  it('accepts 50 tags', () => {
    expect(tagsInputProblems(lines(50))).toEqual([]);
  });

  it('rejects 51 tags', () => {
    expect(tagsInputProblems(lines(51))).toEqual(['tags: makes 51 tags; a WorkSpaces image can have at most 50. Remove some tags.']);
  });

  it('reports each tag problem under tags', () => {
    const problems = tagsInputProblems('aws:a=1\nb#=2');
    expect(problems).toHaveLength(2);
    expect(problems.every((problem) => problem.startsWith('tags: '))).toBe(true);
  });
});

describe('parseTags JSON arrays', () => {
  it('rejects an AWS CLI style array', () => {
    const problems = parseTags('[{"Key": "team", "Value": "vdi"}]').problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('is a JSON array');
  });
});
