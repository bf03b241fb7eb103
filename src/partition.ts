/**
 * AWS partitions: which one a Region belongs to, and what differs between
 * them for this action (console host, default OIDC audience).
 */

export interface Partition {
  /** Partition id as used in ARNs, for example `aws-cn`. */
  readonly id: string;
  /** Console host, or undefined where the partition has no public console. */
  readonly consoleHost: string | undefined;
  /** Audience STS expects in GitHub's OIDC token for this partition. */
  readonly defaultAudience: string;
}

const STANDARD: Partition = { id: 'aws', consoleHost: 'console.aws.amazon.com', defaultAudience: 'sts.amazonaws.com' };

// Region prefixes of the other partitions (AWS SDK partitions.json, regionRegex of each partition).
const PARTITIONS_BY_REGION_PREFIX: ReadonlyArray<readonly [string, Partition]> = [
  ['cn-', { id: 'aws-cn', consoleHost: 'console.amazonaws.cn', defaultAudience: 'sts.amazonaws.com.cn' }],
  ['us-gov-', { id: 'aws-us-gov', consoleHost: 'console.amazonaws-us-gov.com', defaultAudience: 'sts.amazonaws.com' }],
  ['us-isob-', { id: 'aws-iso-b', consoleHost: undefined, defaultAudience: 'sts.amazonaws.com' }],
  ['us-isof-', { id: 'aws-iso-f', consoleHost: undefined, defaultAudience: 'sts.amazonaws.com' }],
  ['us-iso-', { id: 'aws-iso', consoleHost: undefined, defaultAudience: 'sts.amazonaws.com' }],
  ['eu-isoe-', { id: 'aws-iso-e', consoleHost: undefined, defaultAudience: 'sts.amazonaws.com' }],
  ['eusc-', { id: 'aws-eusc', consoleHost: undefined, defaultAudience: 'sts.amazonaws.com' }],
];

/** Region names as AWS forms them: `us-east-1`, `cn-northwest-1`, `us-gov-west-1`, `eusc-de-east-1`. */
export const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

export const PARTITION_IDS = ['aws', ...PARTITIONS_BY_REGION_PREFIX.map(([, partition]) => partition.id)];

/** Returns the partition a Region belongs to. */
export function partitionOf(region: string): Partition {
  const match = PARTITIONS_BY_REGION_PREFIX.find(([prefix]) => region.startsWith(prefix));
  return match ? match[1] : STANDARD;
}

/**
 * Builds a link to the image in the WorkSpaces console, or returns undefined
 * for partitions without a public console.
 */
export function imageConsoleUrl(region: string, imageId: string): string | undefined {
  const host = partitionOf(region).consoleHost;
  if (host === undefined) {
    return undefined;
  }
  const encodedRegion = encodeURIComponent(region);
  // NOTE: this is the console's classic route, which filters the image list by id;
  // AWS does not document a stable deep link to a single image.
  return `https://${host}/workspaces/home?region=${encodedRegion}#images:search=${encodeURIComponent(imageId)}`;
}
