/**
 * The WorkSpaces calls of the import: the BYOL pre-flight check and
 * ImportWorkspaceImage.
 */
import * as core from '@actions/core';
import {
  DescribeAccountCommand,
  ImportWorkspaceImageCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ActionError } from './action-error.js';
import { LoggingRetryStrategy, MAX_ATTEMPTS, trackOperationNames } from './aws-retry.js';
import type { Application, IngestionProcess } from './constraints.js';
import { explainWorkSpacesError } from './explain.js';
import type { Tag } from './tags.js';

/** Milliseconds to open a connection, and to wait for a response once it is open. */
const CONNECTION_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface ImportRequest {
  ec2ImageId: string;
  ingestionProcess: IngestionProcess;
  imageName: string;
  imageDescription: string;
  tags: Tag[];
  applications: Application[];
  region: string;
}

/**
 * Creates the WorkSpaces client. Without `credentials` the SDK's default
 * chain is used. `AWS_ENDPOINT_URL` and the other standard variables of the
 * SDK apply as usual.
 */
export function createWorkSpacesClient(region: string, credentials?: AwsCredentialIdentityProvider): WorkSpacesClient {
  const retryStrategy = new LoggingRetryStrategy('WorkSpaces', MAX_ATTEMPTS);
  const client = new WorkSpacesClient({
    region,
    ...(credentials ? { credentials } : {}),
    retryStrategy,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  trackOperationNames(client, retryStrategy);
  return client;
}

/** Fails unless BYOL (dedicated tenancy) is enabled for the account in the client's Region. */
export async function checkByolEnabled(client: WorkSpacesClient, region: string, signal?: AbortSignal): Promise<void> {
  core.info(`Checking that BYOL is enabled for the account in ${region} (DescribeAccount).`);
  let support: string | undefined;
  try {
    const output = await client.send(new DescribeAccountCommand({}), { abortSignal: signal });
    support = output.DedicatedTenancySupport;
    core.debug(`DescribeAccount: DedicatedTenancySupport=${support ?? '(none)'}, request id ${output.$metadata.requestId ?? 'unknown'}.`);
  } catch (error) {
    throw explainWorkSpacesError('DescribeAccount', error);
  }
  if (support !== 'ENABLED') {
    throw new ActionError(
      `BYOL is not enabled for this account in ${region} (DescribeAccount reports DedicatedTenancySupport ${support ?? 'missing'}), ` +
        'so WorkSpaces cannot import a BYOL image there.',
      {
        hints: [
          `Enable BYOL for the account in ${region}: WorkSpaces console, Account settings, or ModifyAccount with ` +
            'DedicatedTenancySupport ENABLED and a /16 management CIDR range. Enabling can take several hours, ' +
            'and AWS must first confirm the account is eligible for BYOL.',
        ],
      },
    );
  }
}

/** Calls ImportWorkspaceImage and returns the new image id. */
export async function importImage(client: WorkSpacesClient, request: ImportRequest, signal?: AbortSignal): Promise<string> {
  core.info(
    `Importing ${request.ec2ImageId} as WorkSpaces image "${request.imageName}" with ingestion process ${request.ingestionProcess} ` +
      `(ImportWorkspaceImage).`,
  );
  try {
    const output = await client.send(
      new ImportWorkspaceImageCommand({
        Ec2ImageId: request.ec2ImageId,
        IngestionProcess: request.ingestionProcess,
        ImageName: request.imageName,
        ImageDescription: request.imageDescription,
        ...(request.tags.length > 0 ? { Tags: request.tags } : {}),
        ...(request.applications.length > 0 ? { Applications: request.applications } : {}),
      }),
      { abortSignal: signal },
    );
    if (!output.ImageId) {
      throw new ActionError(`ImportWorkspaceImage returned no image id (request id ${output.$metadata.requestId ?? 'unknown'}).`);
    }
    core.info(`Import started: image ${output.ImageId} (request id ${output.$metadata.requestId ?? 'unknown'}).`);
    return output.ImageId;
  } catch (error) {
    if (error instanceof ActionError) {
      throw error;
    }
    throw explainWorkSpacesError('ImportWorkspaceImage', error, request);
  }
}
