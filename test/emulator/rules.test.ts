import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildRules, DEFAULT_MODEL_DIR, RULES_PATH, serializeRules } from '../../scripts/generate-emulator-rules.ts';
import { compilePattern, formatViolations, loadRules, validateShape } from './validate.ts';

const rules = loadRules();
const workspaces = rules.services['workspaces'];
const sts = rules.services['sts'];
const modelsPresent = existsSync(join(DEFAULT_MODEL_DIR, 'workspaces-2015-04-08.json'));

function importMember(name: string) {
  return workspaces?.operations['ImportWorkspaceImage']?.input.members?.[name];
}

describe('rules.json', () => {
  it.skipIf(!modelsPresent)('matches the Smithy models', () => {
    expect(serializeRules(buildRules(DEFAULT_MODEL_DIR))).toBe(readFileSync(RULES_PATH, 'utf8'));
  });

  it('covers the six operations', () => {
    expect(Object.keys(workspaces?.operations ?? {})).toEqual(['ImportWorkspaceImage', 'DescribeWorkspaceImages', 'DescribeAccount', 'CreateTags']);
    expect(Object.keys(sts?.operations ?? {})).toEqual(['AssumeRoleWithWebIdentity', 'GetCallerIdentity']);
  });

  it('keeps image name constraints', () => {
    const name = importMember('ImageName');
    expect(name?.required).toBe(true);
    expect(name?.length).toEqual({ min: 1, max: 64 });
    expect(name?.pattern).toBe('^[a-zA-Z0-9_./()\\\\-]+$');
  });

  it('keeps nested tag and list rules', () => {
    const tags = importMember('Tags');
    expect(tags?.type).toBe('list');
    expect(tags?.member?.members?.['Key']?.length).toEqual({ min: 1, max: 127 });
    expect(tags?.member?.members?.['Key']?.required).toBe(true);
    expect(importMember('Applications')?.length).toEqual({ min: 1, max: 5 });
    expect(importMember('Applications')?.member?.enum).toEqual(['Microsoft_Office_2016', 'Microsoft_Office_2019']);
  });

  it('keeps the MaxResults range', () => {
    const maxResults = workspaces?.operations['DescribeWorkspaceImages']?.input.members?.['MaxResults'];
    expect(maxResults?.type).toBe('integer');
    expect(maxResults?.range).toEqual({ min: 1, max: 25 });
  });

  it('lists modeled import errors', () => {
    const names = workspaces?.operations['ImportWorkspaceImage']?.errors.map((error) => error.name);
    expect(names).toEqual([
      'AccessDeniedException',
      'InvalidParameterValuesException',
      'OperationNotSupportedException',
      'ResourceAlreadyExistsException',
      'ResourceLimitExceededException',
      'ResourceNotFoundException',
    ]);
  });

  it('keeps STS wire codes and statuses', () => {
    const errors = sts?.operations['AssumeRoleWithWebIdentity']?.errors ?? [];
    const rejected = errors.find((error) => error.name === 'IDPRejectedClaimException');
    expect(rejected?.code).toBe('IDPRejectedClaim');
    expect(rejected?.httpStatus).toBe(403);
    const communication = errors.find((error) => error.name === 'IDPCommunicationErrorException');
    expect(communication?.code).toBe('IDPCommunicationError');
    expect(communication?.httpStatus).toBe(400);
    expect(errors).toHaveLength(7);
  });

  it('marks the web identity token sensitive', () => {
    const token = sts?.operations['AssumeRoleWithWebIdentity']?.input.members?.['WebIdentityToken'];
    expect(token?.sensitive).toBe(true);
    expect(token?.length).toEqual({ min: 4, max: 20000 });
  });
});

describe('compilePattern', () => {
  it('compiles every pattern in the rules', () => {
    const patterns = JSON.stringify(rules).match(/"pattern": ?"((?:[^"\\]|\\.)*)"/g) ?? [];
    expect(patterns.length).toBeGreaterThan(5);
    for (const entry of patterns) {
      const pattern = JSON.parse(`{${entry}}`) as { pattern: string };
      expect(() => compilePattern(pattern.pattern), pattern.pattern).not.toThrow();
    }
  });

  it('reads the STS astral range as code points', () => {
    const arn = compilePattern(sts?.operations['AssumeRoleWithWebIdentity']?.input.members?.['RoleArn']?.pattern ?? '');
    expect(arn.flags).toContain('u');
    expect(arn.test('arn:aws:iam::123456789012:role/\u{1F600}')).toBe(true);
    expect(arn.test('arn:aws:iam::123456789012:role/\u{10FFFF}')).toBe(true);
    expect(arn.test('arn:aws:iam::123456789012:role/\uD800')).toBe(false);
    expect(arn.test('arn:aws:iam::123456789012:role/\u0001')).toBe(false);
  });

  it('keeps ASCII patterns without the u flag', () => {
    const ami = compilePattern(importMember('Ec2ImageId')?.pattern ?? '');
    expect(ami.flags).not.toContain('u');
    expect(ami.test('ami-0123456789abcdef0')).toBe(true);
    expect(ami.test('ami-01234567')).toBe(true);
    expect(ami.test('ami-012345678')).toBe(false);
  });

  it('unescapes hyphens when the u flag is needed', () => {
    const pattern = compilePattern('^x\\-[\\u10000-\\u10FFFF]$');
    expect(pattern.test('x-\u{10000}')).toBe(true);
  });

  it('keeps four-digit escapes followed by hex letters', () => {
    expect(compilePattern('^\\u0041B$').test('AB')).toBe(true);
  });

  it('accepts backslash but not space in image names', () => {
    const name = compilePattern(importMember('ImageName')?.pattern ?? '');
    expect(name.test('win\\10')).toBe(true);
    expect(name.test('paren(1)')).toBe(true);
    expect(name.test('has space')).toBe(false);
    expect(name.test('colon:x')).toBe(false);
  });
});

describe('validateShape', () => {
  const input = workspaces?.operations['ImportWorkspaceImage']?.input;

  it('returns no violations for valid input', () => {
    const violations = validateShape(input ?? { shape: 'x', type: 'structure' }, {
      Ec2ImageId: 'ami-0123456789abcdef0',
      IngestionProcess: 'BYOL_REGULAR',
      ImageName: 'a',
      ImageDescription: 'b',
    });
    expect(violations).toEqual([]);
  });

  it('counts characters by code point', () => {
    const rule = { shape: 'S', type: 'string' as const, length: { max: 2 } };
    expect(validateShape(rule, '\u{1F600}\u{1F600}')).toEqual([]);
    expect(validateShape(rule, '\u{1F600}\u{1F600}a')).toHaveLength(1);
  });

  it('formats one violation in the singular', () => {
    const message = formatViolations([{ path: 'imageName', value: 'x y', sensitive: false, constraint: 'Member must satisfy regular expression pattern: ^a$' }]);
    expect(message).toBe("1 validation error detected: Value 'x y' at 'imageName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^a$");
  });

  it('formats list values in brackets', () => {
    const message = formatViolations([{ path: 'applications', value: ['A', 'B'], sensitive: false, constraint: 'c' }]);
    expect(message).toContain("Value '[A, B]' at 'applications'");
  });
});
