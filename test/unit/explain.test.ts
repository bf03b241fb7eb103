import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/action-error.ts';
import { MAX_ATTEMPTS } from '../../src/aws-retry.ts';
import {
  IMAGE_QUOTA_PER_REGION,
  REQUIRED_IAM_ACTIONS,
  explainWorkSpacesError,
  type ImportRequestSummary,
} from '../../src/explain.ts';

const REQUEST: ImportRequestSummary = {
  ec2ImageId: 'ami-0123456789abcdef0',
  ingestionProcess: 'BYOL_REGULAR_WSP',
  imageName: 'win11-golden',
  applications: ['Microsoft_Office_2019'],
  region: 'eu-west-1',
};

const REQUEST_ID = 'c0ffee00-1111-2222-3333-444455556666';

/** Builds an error shaped like an AWS SDK v3 service exception. */
function awsError(name: string, message: string, extra: Record<string, unknown> = {}, httpStatusCode = 400): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode, requestId: REQUEST_ID }, ...extra });
  return error;
}

function hintsText(error: ActionError): string {
  return error.hints.join('\n');
}

describe('explainWorkSpacesError', () => {
  it('AccessDeniedException lists every IAM action', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('AccessDeniedException', 'not authorized'), REQUEST);
    for (const action of REQUIRED_IAM_ACTIONS) {
      expect(hintsText(explained)).toContain(action);
    }
    expect(hintsText(explained)).toContain('Allow workspaces:ImportWorkspaceImage');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('ResourceNotFoundException names AMI and Region', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('ResourceNotFoundException', 'no such AMI'), REQUEST);
    expect(hintsText(explained)).toContain('ami-0123456789abcdef0 must exist in eu-west-1');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('ResourceNotFoundException without request', () => {
    const explained = explainWorkSpacesError('DescribeAccount', awsError('ResourceNotFoundException', 'gone'));
    expect(hintsText(explained)).toContain('The AMI must exist in the Region of the import');
  });

  it('ResourceLimitExceededException names the quota', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('ResourceLimitExceededException', 'limit'), REQUEST);
    expect(hintsText(explained)).toContain(`image quota in this Region (${IMAGE_QUOTA_PER_REGION} by default)`);
    expect(hintsText(explained)).toContain('Service Quotas');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('OperationNotSupportedException mentions BYOL and _BYOP', () => {
    const error = awsError('OperationNotSupportedException', 'not supported', { reason: 'Account is not allow-listed' });
    const explained = explainWorkSpacesError('ImportWorkspaceImage', error, REQUEST);
    expect(hintsText(explained)).toContain('BYOL must be enabled');
    expect(hintsText(explained)).toContain('_BYOP');
    expect(explained.message).toContain('Reason: Account is not allow-listed');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('OperationNotSupportedException without reason', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('OperationNotSupportedException', 'no'), REQUEST);
    expect(explained.message).not.toContain('Reason:');
  });

  it('InvalidParameterValuesException shows the inputs', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('InvalidParameterValuesException', 'bad'), REQUEST);
    const hints = hintsText(explained);
    expect(hints).toContain('ec2-image-id ami-0123456789abcdef0');
    expect(hints).toContain('ingestion-process BYOL_REGULAR_WSP');
    expect(hints).toContain('image-name "win11-golden"');
    expect(hints).toContain('applications Microsoft_Office_2019');
    expect(hints).toContain('Windows 11');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('InvalidParameterValuesException without applications', () => {
    const request = { ...REQUEST, applications: [] };
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('InvalidParameterValuesException', 'bad'), request);
    expect(hintsText(explained)).toContain('applications (none)');
  });

  it('ValidationException shows the inputs', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('ValidationException', 'bad'), REQUEST);
    expect(hintsText(explained)).toContain('ec2-image-id ami-0123456789abcdef0');
  });

  it('ResourceAlreadyExistsException names the image', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('ResourceAlreadyExistsException', 'exists'), REQUEST);
    expect(hintsText(explained)).toContain('An image named "win11-golden" already exists');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('ExpiredTokenException suggests role-to-assume', () => {
    const explained = explainWorkSpacesError('DescribeAccount', awsError('ExpiredTokenException', 'expired'));
    expect(hintsText(explained)).toContain('credentials expired');
    expect(hintsText(explained)).toContain('role-to-assume');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it.each([
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'MissingAuthenticationTokenException',
  ])('%s blames the credentials', (name) => {
    const explained = explainWorkSpacesError('DescribeAccount', awsError(name, 'bad key'));
    expect(hintsText(explained)).toContain('AWS did not accept the credentials');
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('throttling after retries', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('ThrottlingException', 'Rate exceeded'), REQUEST);
    expect(hintsText(explained)).toContain(`after ${MAX_ATTEMPTS} attempts`);
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('server error after retries', () => {
    const explained = explainWorkSpacesError('DescribeAccount', awsError('InternalFailure', 'oops', {}, 503));
    expect(hintsText(explained)).toContain(`after ${MAX_ATTEMPTS} attempts`);
  });

  it('unknown error has no hints', () => {
    const explained = explainWorkSpacesError('ImportWorkspaceImage', awsError('SomethingNewException', 'new'), REQUEST);
    expect(explained.hints).toEqual([]);
    expect(explained.message).toContain(REQUEST_ID);
  });

  it('message names operation, error and request id', () => {
    const explained = explainWorkSpacesError('DescribeAccount', awsError('AccessDeniedException', 'User is not authorized'));
    expect(explained.message).toBe(
      `WorkSpaces DescribeAccount failed: AccessDeniedException: User is not authorized (request id ${REQUEST_ID})`,
    );
  });

  it('keeps name, request id and cause', () => {
    const error = awsError('AccessDeniedException', 'no');
    const explained = explainWorkSpacesError('DescribeAccount', error);
    expect(explained).toBeInstanceOf(ActionError);
    expect(explained.awsErrorName).toBe('AccessDeniedException');
    expect(explained.requestId).toBe(REQUEST_ID);
    expect(explained.cause).toBe(error);
  });

  it('explains a non-Error value', () => {
    const explained = explainWorkSpacesError('DescribeAccount', 'socket hang up');
    expect(explained.message).toBe('WorkSpaces DescribeAccount failed: Error: socket hang up');
    expect(explained.requestId).toBeUndefined();
  });
});
