/** Types of rules.json, the constraints generated from the Smithy models. */

/** Constraint tree of one Smithy shape, as used for validation. */
export interface ShapeRule {
  /** Smithy shape name without namespace, for example `WorkspaceImageName`. */
  shape: string;
  type: 'string' | 'integer' | 'boolean' | 'list' | 'structure' | 'enum' | 'timestamp' | 'blob' | 'map';
  /** Length in characters for strings, in items for lists (Smithy `length` trait). */
  length?: { min?: number; max?: number };
  /** Integer range (Smithy `range` trait). */
  range?: { min?: number; max?: number };
  /** Smithy `pattern` trait, verbatim from the model. */
  pattern?: string;
  enum?: string[];
  /** Smithy `sensitive` trait: the value must not be echoed in messages. */
  sensitive?: boolean;
  /** Item rule of a list. */
  member?: ShapeRule;
  /** Member rules of a structure, in model order. */
  members?: Record<string, MemberRule>;
}

export interface MemberRule extends ShapeRule {
  required: boolean;
}

/** A modeled error of an operation. */
export interface ErrorRule {
  /** Shape name, which the SDK uses as `error.name`. */
  name: string;
  /** Wire code: the awsQuery `<Code>` for STS, the shape name for awsJson services. */
  code: string;
  httpStatus: number;
  fault: 'client' | 'server';
}

export interface OperationRule {
  input: ShapeRule;
  errors: ErrorRule[];
}

export interface ServiceRules {
  serviceShape: string;
  version: string;
  protocol: string;
  signingName: string;
  /** Prefix of the `X-Amz-Target` header for awsJson services. */
  targetPrefix: string;
  xmlNamespace: string;
  operations: Record<string, OperationRule>;
}

export interface RulesFile {
  generatedBy: string;
  /** Model file name per service. */
  sources: Record<string, string>;
  services: Record<string, ServiceRules>;
}
