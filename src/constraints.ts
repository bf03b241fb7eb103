/**
 * Limits and formats of the AWS APIs this action calls. Inputs are checked
 * against them before any network call, so a mistake costs no AWS request.
 */

/** Ec2ImageId: `ami-` and 8 or 17 lower-case hex digits, WorkSpaces API model. */
export const EC2_IMAGE_ID_PATTERN = /^ami-([a-f0-9]{8}|[a-f0-9]{17})$/;

/** WorkspaceImageName: 1-64 characters, WorkSpaces API model. */
export const IMAGE_NAME_MAX_LENGTH = 64;
/** WorkspaceImageName character set (no space; backslash allowed), WorkSpaces API model. */
export const IMAGE_NAME_PATTERN = /^[a-zA-Z0-9_./()\\-]+$/;
export const IMAGE_NAME_CHARACTERS = 'A-Z a-z 0-9 _ . / ( ) - \\';

/** WorkspaceImageDescription: 1-256 characters, WorkSpaces API model. */
export const IMAGE_DESCRIPTION_MAX_LENGTH = 256;
/** WorkspaceImageDescription character set (space allowed), WorkSpaces API model. */
export const IMAGE_DESCRIPTION_PATTERN = /^[a-zA-Z0-9_./() -]+$/;
export const IMAGE_DESCRIPTION_CHARACTERS = 'A-Z a-z 0-9 _ . / ( ) - and space';

/** WorkspaceImageIngestionProcess enum, WorkSpaces API model. */
export const INGESTION_PROCESSES = [
  'BYOL_REGULAR',
  'BYOL_GRAPHICS',
  'BYOL_GRAPHICSPRO',
  'BYOL_GRAPHICS_G4DN',
  'BYOL_REGULAR_WSP',
  'BYOL_GRAPHICS_G4DN_WSP',
  'BYOL_REGULAR_BYOP',
  'BYOL_GRAPHICS_G4DN_BYOP',
] as const;
export type IngestionProcess = (typeof INGESTION_PROCESSES)[number];

/** Application enum, WorkSpaces API model. */
export const APPLICATIONS = ['Microsoft_Office_2016', 'Microsoft_Office_2019'] as const;
export type Application = (typeof APPLICATIONS)[number];

/**
 * The model allows 5 applications, but ImportWorkspaceImage accepts only one
 * today (operation documentation in the WorkSpaces API model).
 */
export const MAX_APPLICATIONS = 1;

/** Tags per WorkSpaces resource, WorkSpaces Administration Guide "Tag resources". */
export const MAX_TAGS = 50;
/** TagKey: 1-127 characters, WorkSpaces API model. */
export const TAG_KEY_MAX_LENGTH = 127;
/** TagValue: 0-255 characters, WorkSpaces API model. */
export const TAG_VALUE_MAX_LENGTH = 255;
/** Prefix reserved for AWS's own tags (`aws:` and `aws:workspaces:`), WorkSpaces Administration Guide. */
export const RESERVED_TAG_PREFIX = 'aws:';
/** Letters, digits, spaces and `+ - = . _ : / @`, WorkSpaces Administration Guide "Tag resources". */
export const TAG_TEXT_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_TEXT_CHARACTERS = 'letters, digits, spaces and + - = . _ : / @';

/** roleSessionNameType: 2-64 characters of `\w+=,.@-`, STS API model. */
export const ROLE_SESSION_NAME_MIN_LENGTH = 2;
export const ROLE_SESSION_NAME_MAX_LENGTH = 64;
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;

/** roleDurationSecondsType: 900-43200 seconds, STS API model. The role's MaxSessionDuration may be lower. */
export const ROLE_DURATION_MIN_SECONDS = 900;
export const ROLE_DURATION_MAX_SECONDS = 43_200;

/** arnType: 20-2048 characters, STS API model. */
export const ROLE_ARN_MIN_LENGTH = 20;
export const ROLE_ARN_MAX_LENGTH = 2048;

/**
 * IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`. Role names are
 * 1-64 characters of `\w+=,.@-` (IAM User Guide, "IAM object quotas"). Paths
 * are segments of printable ASCII other than `/`, each followed by `/`, so the
 * pattern cannot backtrack exponentially on a long invalid value.
 */
export const ROLE_ARN_PATTERN =
  /^arn:(?<partition>[a-z-]+):iam::(?<account>\d{12}):role\/(?<path>(?:[\x21-\x2e\x30-\x7e]+\/)*)(?<name>[\w+=,.@-]{1,64})$/;
