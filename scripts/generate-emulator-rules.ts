/**
 * Generates test/emulator/rules.json, the input constraints and modeled errors
 * that the AWS emulator enforces, from the official Smithy JSON models of
 * WorkSpaces (2015-04-08) and STS (2011-06-15).
 *
 * Usage: node scripts/generate-emulator-rules.ts [MODEL_DIR [OUTPUT]]
 * MODEL_DIR defaults to ../shared/aws relative to the repository root and must
 * contain workspaces-2015-04-08.json and sts-2011-06-15.json. OUTPUT defaults
 * to test/emulator/rules.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ErrorRule, OperationRule, RulesFile, ServiceRules, ShapeRule } from '../test/emulator/rule-types.ts';

interface SmithyMember {
  target: string;
  traits?: Record<string, unknown>;
}

interface SmithyShape {
  type: string;
  version?: string;
  input?: { target: string };
  errors?: { target: string }[];
  member?: SmithyMember;
  members?: Record<string, SmithyMember>;
  traits?: Record<string, unknown>;
}

interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

interface ServiceSpec {
  key: 'workspaces' | 'sts';
  file: string;
  serviceShape: string;
  operations: string[];
}

const SERVICES: ServiceSpec[] = [
  {
    key: 'workspaces',
    file: 'workspaces-2015-04-08.json',
    serviceShape: 'com.amazonaws.workspaces#WorkspacesService',
    operations: ['ImportWorkspaceImage', 'DescribeWorkspaceImages', 'DescribeAccount', 'CreateTags'],
  },
  {
    key: 'sts',
    file: 'sts-2011-06-15.json',
    serviceShape: 'com.amazonaws.sts#AWSSecurityTokenServiceV20110615',
    operations: ['AssumeRoleWithWebIdentity', 'GetCallerIdentity'],
  },
];

/** Smithy prelude simple types that the selected operations can target. */
const PRELUDE_TYPES: Record<string, ShapeRule['type']> = {
  'smithy.api#String': 'string',
  'smithy.api#Integer': 'integer',
  'smithy.api#Boolean': 'boolean',
  'smithy.api#Timestamp': 'timestamp',
  'smithy.api#Blob': 'blob',
};

const SUPPORTED_TYPES = new Set(['string', 'integer', 'long', 'boolean', 'list', 'structure', 'enum', 'timestamp', 'blob', 'map']);

function shapeName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

function traitRecord(traits: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  const value = traits?.[name];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function numberField(record: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = record?.[key];
  return typeof value === 'number' ? value : undefined;
}

/** Converts a Smithy `length` or `range` trait into `{min?, max?}`, or undefined when absent. */
function bounds(traits: Record<string, unknown> | undefined, name: string): { min?: number; max?: number } | undefined {
  const trait = traitRecord(traits, name);
  if (trait === undefined) return undefined;
  const result: { min?: number; max?: number } = {};
  const min = numberField(trait, 'min');
  const max = numberField(trait, 'max');
  if (min !== undefined) result.min = min;
  if (max !== undefined) result.max = max;
  return result;
}

/** Builds the constraint tree for one shape, resolving targets recursively. */
function buildShapeRule(model: SmithyModel, id: string, seen: string[]): ShapeRule {
  const preludeType = PRELUDE_TYPES[id];
  if (preludeType !== undefined) return { shape: shapeName(id), type: preludeType };

  const shape = model.shapes[id];
  if (shape === undefined) throw new Error(`Shape ${id} is missing from the model`);
  if (seen.includes(id)) throw new Error(`Shape ${id} is recursive, which the rules format cannot express`);
  if (!SUPPORTED_TYPES.has(shape.type)) throw new Error(`Shape ${id} has unsupported type ${shape.type}`);

  const type = (shape.type === 'long' ? 'integer' : shape.type) as ShapeRule['type'];
  const rule: ShapeRule = { shape: shapeName(id), type };
  const traits = shape.traits;

  const length = bounds(traits, 'smithy.api#length');
  if (length !== undefined) rule.length = length;
  const range = bounds(traits, 'smithy.api#range');
  if (range !== undefined) rule.range = range;
  const pattern = traits?.['smithy.api#pattern'];
  if (typeof pattern === 'string') rule.pattern = pattern;
  if (traits?.['smithy.api#sensitive'] !== undefined) rule.sensitive = true;

  if (shape.type === 'enum') {
    rule.enum = Object.entries(shape.members ?? {}).map(([name, member]) => {
      const value = member.traits?.['smithy.api#enumValue'];
      return typeof value === 'string' ? value : name;
    });
  }
  if (shape.type === 'list') {
    if (shape.member === undefined) throw new Error(`List shape ${id} has no member`);
    rule.member = buildShapeRule(model, shape.member.target, [...seen, id]);
  }
  if (shape.type === 'structure') {
    rule.members = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const memberRule = buildShapeRule(model, member.target, [...seen, id]);
      rule.members[name] = { required: member.traits?.['smithy.api#required'] !== undefined, ...memberRule };
    }
  }
  return rule;
}

function buildErrorRule(model: SmithyModel, id: string): ErrorRule {
  const shape = model.shapes[id];
  if (shape === undefined) throw new Error(`Error shape ${id} is missing from the model`);
  const queryError = traitRecord(shape.traits, 'aws.protocols#awsQueryError');
  const httpError = shape.traits?.['smithy.api#httpError'];
  const fault = shape.traits?.['smithy.api#error'];
  const defaultStatus = fault === 'server' ? 500 : 400;
  const code = queryError?.['code'];
  const status = numberField(queryError, 'httpResponseCode') ?? (typeof httpError === 'number' ? httpError : defaultStatus);
  return {
    name: shapeName(id),
    code: typeof code === 'string' ? code : shapeName(id),
    httpStatus: status,
    fault: fault === 'server' ? 'server' : 'client',
  };
}

function buildServiceRules(model: SmithyModel, spec: ServiceSpec): ServiceRules {
  const service = model.shapes[spec.serviceShape];
  if (service === undefined) throw new Error(`Service shape ${spec.serviceShape} is missing from the model`);
  const traits = service.traits ?? {};
  const protocol = ['aws.protocols#awsJson1_1', 'aws.protocols#awsQuery'].find((name) => name in traits);
  if (protocol === undefined) throw new Error(`Service ${spec.serviceShape} uses neither awsJson1_1 nor awsQuery`);
  const sigv4 = traitRecord(traits, 'aws.auth#sigv4');
  const xmlNamespace = traitRecord(traits, 'smithy.api#xmlNamespace');

  const operations: Record<string, OperationRule> = {};
  for (const operation of spec.operations) {
    const id = `${spec.serviceShape.slice(0, spec.serviceShape.indexOf('#'))}#${operation}`;
    const shape = model.shapes[id];
    if (shape === undefined || shape.type !== 'operation') throw new Error(`Operation ${id} is missing from the model`);
    const input = shape.input === undefined ? { shape: 'Unit', type: 'structure' as const, members: {} } : buildShapeRule(model, shape.input.target, []);
    const errors = (shape.errors ?? []).map((error) => buildErrorRule(model, error.target));
    operations[operation] = { input, errors };
  }

  return {
    serviceShape: spec.serviceShape,
    version: service.version ?? '',
    protocol: shapeName(protocol),
    signingName: typeof sigv4?.['name'] === 'string' ? sigv4['name'] : spec.key,
    targetPrefix: shapeName(spec.serviceShape),
    xmlNamespace: typeof xmlNamespace?.['uri'] === 'string' ? xmlNamespace['uri'] : '',
    operations,
  };
}

/** Builds the rules from the two model files in `modelDir`. */
export function buildRules(modelDir: string): RulesFile {
  const rules: RulesFile = { generatedBy: 'scripts/generate-emulator-rules.ts', sources: {}, services: {} };
  for (const spec of SERVICES) {
    const model = JSON.parse(readFileSync(join(modelDir, spec.file), 'utf8')) as SmithyModel;
    rules.sources[spec.key] = spec.file;
    rules.services[spec.key] = buildServiceRules(model, spec);
  }
  return rules;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MODEL_DIR = join(REPO_ROOT, '..', 'shared', 'aws');
export const RULES_PATH = join(REPO_ROOT, 'test', 'emulator', 'rules.json');

/** Serializes rules as committed: two-space indent, keys in construction order, final newline. */
export function serializeRules(rules: RulesFile): string {
  return `${JSON.stringify(rules, null, 2)}\n`;
}

function main(): void {
  const modelDir = resolve(process.argv[2] ?? DEFAULT_MODEL_DIR);
  const outputPath = resolve(process.argv[3] ?? RULES_PATH);
  writeFileSync(outputPath, serializeRules(buildRules(modelDir)));
  console.log(`Wrote ${relative(process.cwd(), outputPath)} from ${modelDir}`);
}

// Run only when executed directly, so tests can import buildRules.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
