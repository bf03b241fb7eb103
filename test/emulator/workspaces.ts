/**
 * WorkSpaces (awsJson1_1) operations on an in-memory account: DescribeAccount,
 * ImportWorkspaceImage, DescribeWorkspaceImages and CreateTags.
 */
import { createHash } from 'node:crypto';

import { newImageId, toWireImage, type ImageRecord, type ImageSeed, type Tag, type TimelineStep } from './images.ts';
import { ServiceError } from './protocol.ts';
import type { ServiceRules } from './rule-types.ts';
import type { AuthFailureKind } from './sigv4.ts';
import { formatViolations, InputTypeError, validateShape } from './validate.ts';

export interface AccountConfig {
  accountId: string;
  byol: 'ENABLED' | 'DISABLED';
  /** Whether `*_BYOP` ingestion processes are allow-listed for the account. */
  byopAllowed: boolean;
  /** AMIs the account owns in the Region, which ImportWorkspaceImage accepts. */
  amis: string[];
  /** Maximum number of owned images (the WorkSpaces default quota is 40 per Region). */
  imageQuota: number;
  /** Timeline of imported images unless `setNextTimeline` overrides it for one import. */
  defaultTimeline: TimelineStep[];
}

/** WorkSpaces error code and HTTP status for each SigV4 failure. */
export const WORKSPACES_AUTH_ERRORS: Record<AuthFailureKind, { code: string; status: number }> = {
  missing: { code: 'MissingAuthenticationTokenException', status: 400 },
  malformed: { code: 'IncompleteSignatureException', status: 400 },
  'unknown-key': { code: 'UnrecognizedClientException', status: 403 },
  'invalid-token': { code: 'UnrecognizedClientException', status: 403 },
  'expired-token': { code: 'ExpiredTokenException', status: 400 },
  'clock-skew': { code: 'InvalidSignatureException', status: 403 },
  'wrong-scope': { code: 'InvalidSignatureException', status: 403 },
  'bad-signature': { code: 'InvalidSignatureException', status: 403 },
};

/** Maximum tags per WorkSpaces resource (WorkSpaces Administration Guide, tagging). */
const MAX_TAGS_PER_RESOURCE = 50;
const MAX_PAGE_SIZE = 25;
/** Address range reported by DescribeAccount when BYOL is enabled. */
const MANAGEMENT_CIDR = '10.0.0.0/16';

interface PageToken {
  offset: number;
  query: string;
}

function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodePageToken(text: string): PageToken | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object') return undefined;
    const { offset, query } = value as Record<string, unknown>;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || typeof query !== 'string') return undefined;
    return { offset, query };
  } catch {
    return undefined;
  }
}

function checkTagKeys(tags: Tag[]): void {
  const reserved = tags.find((tag) => tag.Key.toLowerCase().startsWith('aws:'));
  if (reserved !== undefined) {
    throw new ServiceError('InvalidParameterValuesException', `The tag key '${reserved.Key}' uses the reserved prefix 'aws:'.`);
  }
}

export class WorkSpacesService {
  readonly account: AccountConfig;
  readonly images: ImageRecord[] = [];
  readonly #rules: ServiceRules;
  #nextTimeline: TimelineStep[] | undefined;

  constructor(rules: ServiceRules, account: AccountConfig) {
    this.#rules = rules;
    this.account = account;
  }

  /** Sets the timeline of the next imported image only. */
  setNextTimeline(timeline: TimelineStep[]): void {
    this.#nextTimeline = timeline;
  }

  seedImage(seed: ImageSeed): ImageRecord {
    const shared = seed.shared ?? false;
    const finalStep: TimelineStep = { state: seed.state ?? 'AVAILABLE' };
    if (seed.errorCode !== undefined) finalStep.errorCode = seed.errorCode;
    if (seed.errorMessage !== undefined) finalStep.errorMessage = seed.errorMessage;
    if (seed.errorDetails !== undefined) finalStep.errorDetails = seed.errorDetails;
    const image: ImageRecord = {
      imageId: seed.imageId ?? newImageId(),
      name: seed.name,
      description: seed.description ?? seed.name,
      ownerAccountId: seed.ownerAccountId ?? (shared ? '210987654321' : this.account.accountId),
      created: seed.created ?? new Date(),
      timelineStart: Date.now(),
      timeline: seed.timeline ?? [finalStep],
      tags: seed.tags?.map((tag) => ({ ...tag })) ?? [],
      shared,
      requiredTenancy: 'DEDICATED',
    };
    if (seed.ec2ImageId !== undefined) image.ec2ImageId = seed.ec2ImageId;
    this.images.push(image);
    return image;
  }

  /** Returns whether the account has an operation of this name in the rules. */
  hasOperation(operation: string): boolean {
    return this.#rules.operations[operation] !== undefined;
  }

  /** Validates the input and runs the operation; throws ServiceError. */
  handle(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const rule = this.#rules.operations[operation];
    if (rule === undefined) throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by this emulator.`);
    let violations;
    try {
      violations = validateShape(rule.input, input);
    } catch (error) {
      if (error instanceof InputTypeError) throw new ServiceError('SerializationException', error.message);
      throw error;
    }
    if (violations.length > 0) throw new ServiceError('ValidationException', formatViolations(violations));

    switch (operation) {
      case 'DescribeAccount':
        return this.#describeAccount();
      case 'ImportWorkspaceImage':
        return this.#importWorkspaceImage(input);
      case 'DescribeWorkspaceImages':
        return this.#describeWorkspaceImages(input);
      case 'CreateTags':
        return this.#createTags(input);
      default:
        throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported by this emulator.`);
    }
  }

  #ownedImages(): ImageRecord[] {
    return this.images.filter((image) => image.ownerAccountId === this.account.accountId);
  }

  #describeAccount(): Record<string, unknown> {
    const enabled = this.account.byol === 'ENABLED';
    const output: Record<string, unknown> = { DedicatedTenancySupport: this.account.byol };
    if (enabled) output['DedicatedTenancyManagementCidrRange'] = MANAGEMENT_CIDR;
    output['DedicatedTenancyAccountType'] = 'SOURCE_ACCOUNT';
    return output;
  }

  // NOTE: the WorkSpaces API model does not say which condition raises which
  // error; the mapping and order below are inferred from the error names.
  #importWorkspaceImage(input: Record<string, unknown>): Record<string, unknown> {
    const ec2ImageId = String(input['Ec2ImageId']);
    const ingestionProcess = String(input['IngestionProcess']);
    const name = String(input['ImageName']);
    const applications = (input['Applications'] as string[] | undefined) ?? [];
    const tags = (input['Tags'] as Tag[] | undefined) ?? [];

    if (this.account.byol !== 'ENABLED') {
      throw new ServiceError('OperationNotSupportedException', 'BYOL is not enabled for the account in this Region.', 400, {
        reason: 'BYOL is not enabled for the account in this Region.',
      });
    }
    if (ingestionProcess.endsWith('_BYOP') && !this.account.byopAllowed) {
      throw new ServiceError('OperationNotSupportedException', `The ingestion process ${ingestionProcess} is not allow-listed for this account.`, 400, {
        reason: `The ingestion process ${ingestionProcess} requires allow-listing by your AWS account team.`,
      });
    }
    if (!this.account.amis.includes(ec2ImageId)) {
      throw new ServiceError('ResourceNotFoundException', `The EC2 image ${ec2ImageId} could not be found.`, 400, { ResourceId: ec2ImageId });
    }
    if (applications.length > 1) {
      throw new ServiceError('InvalidParameterValuesException', 'Only one application can be specified in Applications.');
    }
    checkTagKeys(tags);
    if (tags.length > MAX_TAGS_PER_RESOURCE) {
      throw new ServiceError('ResourceLimitExceededException', `The maximum number of tags per resource (${MAX_TAGS_PER_RESOURCE}) was exceeded.`);
    }
    const owned = this.#ownedImages();
    if (owned.some((image) => image.name === name)) {
      throw new ServiceError('ResourceAlreadyExistsException', `An image with the name ${name} already exists.`);
    }
    if (owned.length >= this.account.imageQuota) {
      throw new ServiceError('ResourceLimitExceededException', `The image quota of ${this.account.imageQuota} images for this Region has been reached.`);
    }

    const image: ImageRecord = {
      imageId: newImageId(),
      name,
      description: String(input['ImageDescription']),
      ownerAccountId: this.account.accountId,
      created: new Date(),
      timelineStart: Date.now(),
      timeline: this.#nextTimeline ?? this.account.defaultTimeline,
      tags: tags.map((tag) => ({ ...tag })),
      shared: false,
      requiredTenancy: 'DEDICATED',
      ec2ImageId,
      ingestionProcess,
    };
    if (applications.length > 0) image.applications = [...applications];
    this.#nextTimeline = undefined;
    this.images.push(image);
    return { ImageId: image.imageId };
  }

  #describeWorkspaceImages(input: Record<string, unknown>): Record<string, unknown> {
    const ids = input['ImageIds'] as string[] | undefined;
    const type = input['ImageType'] as 'OWNED' | 'SHARED' | undefined;
    const pageSize = (input['MaxResults'] as number | undefined) ?? MAX_PAGE_SIZE;
    const nextToken = input['NextToken'] as string | undefined;

    const matches = this.images.filter((image) => {
      const owned = image.ownerAccountId === this.account.accountId;
      if (ids !== undefined && !ids.includes(image.imageId)) return false;
      if (type === 'OWNED') return owned;
      if (type === 'SHARED') return image.shared;
      return owned || image.shared;
    });

    // The token binds the offset to the query so a token from another query is rejected.
    const query = createHash('sha256').update(JSON.stringify({ ids: ids ? [...ids].sort() : null, type: type ?? null })).digest('hex');
    let offset = 0;
    if (nextToken !== undefined) {
      const token = decodePageToken(nextToken);
      if (token === undefined || token.query !== query || token.offset > matches.length) {
        throw new ServiceError('InvalidParameterValuesException', 'The specified NextToken is not valid.');
      }
      offset = token.offset;
    }

    const now = Date.now();
    const page = matches.slice(offset, offset + pageSize);
    const output: Record<string, unknown> = { Images: page.map((image) => toWireImage(image, now)) };
    if (offset + pageSize < matches.length) output['NextToken'] = encodePageToken({ offset: offset + pageSize, query });
    return output;
  }

  #createTags(input: Record<string, unknown>): Record<string, unknown> {
    const resourceId = String(input['ResourceId']);
    const tags = input['Tags'] as Tag[];
    const image = this.#ownedImages().find((candidate) => candidate.imageId === resourceId);
    if (image === undefined) {
      throw new ServiceError('ResourceNotFoundException', `The resource ${resourceId} could not be found.`, 400, { ResourceId: resourceId });
    }
    checkTagKeys(tags);

    const merged = new Map(image.tags.map((tag) => [tag.Key, tag] as const));
    for (const tag of tags) merged.set(tag.Key, { ...tag });
    if (merged.size > MAX_TAGS_PER_RESOURCE) {
      throw new ServiceError('ResourceLimitExceededException', `The maximum number of tags per resource (${MAX_TAGS_PER_RESOURCE}) was exceeded.`);
    }
    image.tags = [...merged.values()];
    return {};
  }
}
