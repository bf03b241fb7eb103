/**
 * Turns AWS errors into failures that state what went wrong and what to do.
 * Errors are classified by `error.name`, the only type field of SDK v3 errors.
 */
import { ActionError } from './action-error.js';
import { awsErrorInfo, formatAwsError, isRetryableAwsError } from './aws-errors.js';
import { MAX_ATTEMPTS } from './aws-retry.js';
import { proxyHint } from './proxy.js';

/**
 * IAM actions the role needs: the WorkSpaces calls this action makes, plus the
 * EC2 actions the import uses to read and share the AMI (WorkSpaces
 * Administration Guide, "Bring your own Windows desktop licenses").
 */
export const REQUIRED_IAM_ACTIONS = [
  'workspaces:DescribeAccount',
  'workspaces:DescribeWorkspaceImages',
  'workspaces:ImportWorkspaceImage',
  'workspaces:CreateTags',
  'ec2:DescribeImages',
  'ec2:ModifyImageAttribute',
] as const;

/** Per-Region quota of WorkSpaces images (adjustable), WorkSpaces Administration Guide "Quotas". */
export const IMAGE_QUOTA_PER_REGION = 40;

/** Request fields that the explanation of an import failure may show. */
export interface ImportRequestSummary {
  ec2ImageId: string;
  ingestionProcess: string;
  imageName: string;
  applications: readonly string[];
  region: string;
}

/** Names of errors that mean the caller's credentials were rejected, not the request. */
const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationTokenException',
]);

/** Explains a failed WorkSpaces call. `operation` is the API operation name. */
export function explainWorkSpacesError(operation: string, error: unknown, request?: ImportRequestSummary): ActionError {
  if (error instanceof ActionError) {
    // Already explained, for example by the credential provider the SDK called for this request.
    return error;
  }
  const info = awsErrorInfo(error);
  const message = `WorkSpaces ${operation} failed: ${formatAwsError(info)}`;
  const options = { requestId: info.requestId, awsErrorName: info.name, cause: error };

  if (info.name === 'AccessDeniedException') {
    return new ActionError(message, {
      ...options,
      hints: [
        `Allow workspaces:${operation} to the role or user the action runs as. ` +
          `The whole import needs ${REQUIRED_IAM_ACTIONS.join(', ')}.`,
        'Check service control policies and permission boundaries too: they can deny what the role policy allows.',
      ],
    });
  }
  if (info.name === 'ExpiredTokenException') {
    return new ActionError(message, {
      ...options,
      hints: [
        'The AWS credentials expired. Set role-to-assume so the action renews its session with a fresh OIDC token, ' +
          'or request a longer session from whatever supplies the credentials.',
      ],
    });
  }
  if (CREDENTIAL_ERRORS.has(info.name)) {
    return new ActionError(message, {
      ...options,
      hints: [
        'AWS did not accept the credentials. Check the access key and secret the job provides, ' +
          'or set role-to-assume to sign in with the job\'s OIDC token.',
      ],
    });
  }
  if (info.name === 'ResourceNotFoundException') {
    const ami = request ? request.ec2ImageId : 'The AMI';
    return new ActionError(message, {
      ...options,
      hints: [
        `${ami} must exist in ${request?.region ?? 'the Region of the import'} and be owned by this account ` +
          '(an AMI shared from another account cannot be imported).',
        'Encrypted AMIs cannot be imported, and the AMI\'s launch permissions must not be restricted.',
      ],
    });
  }
  if (info.name === 'ResourceLimitExceededException') {
    return new ActionError(message, {
      ...options,
      hints: [
        `The account has reached its WorkSpaces image quota in this Region (${IMAGE_QUOTA_PER_REGION} by default). ` +
          'Delete images you no longer need, or request a higher quota in Service Quotas.',
      ],
    });
  }
  if (info.name === 'OperationNotSupportedException') {
    const reason = (error as { reason?: string }).reason;
    return new ActionError(reason ? `${message} Reason: ${reason}` : message, {
      ...options,
      hints: [
        'BYOL must be enabled for the account in this Region (WorkSpaces console, Account settings, or ModifyAccount).',
        'The _BYOP ingestion processes and GPU imports are available only to accounts that AWS has allow-listed: ' +
          'ask your AWS account team.',
      ],
    });
  }
  if (info.name === 'ResourceAlreadyExistsException') {
    return new ActionError(message, {
      ...options,
      hints: [
        `An image named ${request ? JSON.stringify(request.imageName) : 'like this'} already exists: choose another image-name, ` +
          'or set if-exists: reuse to use the existing image.',
      ],
    });
  }
  if (info.name === 'InvalidParameterValuesException' || info.name === 'ValidationException') {
    const requestText = request
      ? `ec2-image-id ${request.ec2ImageId}, ingestion-process ${request.ingestionProcess}, ` +
        `image-name ${JSON.stringify(request.imageName)}, applications ${request.applications.join(', ') || '(none)'}`
      : 'the inputs';
    return new ActionError(message, {
      ...options,
      hints: [
        `AWS rejected the request with ${requestText}.`,
        'Windows 11 needs a _WSP or _BYOP ingestion process (it does not support PCoIP), ' +
          'and GPU DCV imports of Windows 11 accept no Office application.',
      ],
    });
  }
  const proxy = proxyHint();
  if (isRetryableAwsError(error)) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? MAX_ATTEMPTS;
    return new ActionError(message, {
      ...options,
      hints: [
        `AWS kept failing after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}. ` +
          'Re-run the job later, and check the AWS Health Dashboard if it persists.',
        ...(proxy ? [proxy] : []),
      ],
    });
  }
  return new ActionError(message, { ...options, hints: proxy ? [proxy] : [] });
}
