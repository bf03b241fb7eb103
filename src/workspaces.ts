/**
 * The WorkSpaces calls of the import: the BYOL pre-flight check,
 * ImportWorkspaceImage, and reading the image state while it ingests.
 */
import * as core from '@actions/core';
import {
  DescribeAccountCommand,
  DescribeWorkspaceImagesCommand,
  ImportWorkspaceImageCommand,
  WorkSpacesClient,
} from '@aws-sdk/client-workspaces';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ActionError } from './action-error.js';
import { awsErrorInfo } from './aws-errors.js';
import { LoggingRetryStrategy, MAX_ATTEMPTS, trackOperationNames } from './aws-retry.js';
import type { Application, IngestionProcess } from './constraints.js';
import { explainWorkSpacesError } from './explain.js';
import { proxyAgents } from './proxy.js';
import type { Tag } from './tags.js';
import type { ImageSnapshot } from './wait.js';

/** Milliseconds to open a connection, and to wait for a response once it is open. */
export const CONNECTION_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 60_000;

/** Page size of DescribeWorkspaceImages: MaxResults is 1-25, WorkSpaces API model. */
const DESCRIBE_IMAGES_PAGE_SIZE = 25;

/** An image that already exists under a name. */
export interface ExistingImage {
  imageId: string;
  name: string;
  state: string;
  description?: string;
  created?: Date;
}

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
 * Creates a WorkSpaces client. Without `credentials` the SDK's default chain
 * is used. `AWS_ENDPOINT_URL` and the SDK's other standard variables apply.
 */
export function createWorkSpacesClient(region: string, credentials?: AwsCredentialIdentityProvider): WorkSpacesClient {
  const retryStrategy = new LoggingRetryStrategy('WorkSpaces', MAX_ATTEMPTS);
  const client = new WorkSpacesClient({
    region,
    ...(credentials ? { credentials } : {}),
    retryStrategy,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, ...proxyAgents() },
  });
  trackOperationNames(client, retryStrategy);
  return client;
}

/**
 * The WorkSpaces operations the action uses. When AWS rejects a call with
 * `ExpiredTokenException` and the credentials come from `role-to-assume`,
 * the session is renewed with a fresh OIDC token and the call is sent once more.
 */
export class WorkSpacesApi {
  private client: WorkSpacesClient;
  private readonly region: string;
  private readonly credentials: AwsCredentialIdentityProvider | undefined;

  constructor(region: string, credentials?: AwsCredentialIdentityProvider) {
    this.region = region;
    this.credentials = credentials;
    this.client = createWorkSpacesClient(region, credentials);
  }

  /**
   * Obtains the credentials before the first call, through the client's own
   * cache, so that a credential problem is reported as such and the log reads
   * in the order things happen.
   */
  async resolveCredentials(): Promise<void> {
    try {
      await this.client.config.credentials();
    } catch (error) {
      if (error instanceof ActionError) {
        throw error;
      }
      const info = awsErrorInfo(error);
      throw new ActionError(`Could not obtain AWS credentials from the AWS SDK's default credential chain: ${info.message}`, {
        hints: [
          'Set role-to-assume to sign in with the job\'s GitHub OIDC token, or provide credentials in an earlier step, ' +
            'for example with aws-actions/configure-aws-credentials.',
        ],
        awsErrorName: info.name,
        cause: error,
      });
    }
  }

  /** Fails unless BYOL (dedicated tenancy) is enabled for the account in the Region. */
  async checkByolEnabled(signal?: AbortSignal): Promise<void> {
    core.info(`Checking that BYOL is enabled for the account in ${this.region} (DescribeAccount).`);
    let support: string | undefined;
    try {
      const output = await this.call((client) => client.send(new DescribeAccountCommand({}), { abortSignal: signal }));
      support = output.DedicatedTenancySupport;
      core.debug(`DescribeAccount: DedicatedTenancySupport ${support ?? '(none)'}, request id ${output.$metadata.requestId ?? 'unknown'}.`);
    } catch (error) {
      throw explainWorkSpacesError('DescribeAccount', error);
    }
    if (support !== 'ENABLED') {
      throw new ActionError(
        `BYOL is not enabled for this account in ${this.region} (DescribeAccount reports DedicatedTenancySupport ` +
          `${support ?? 'missing'}), so WorkSpaces cannot import a BYOL image there.`,
        {
          hints: [
            `Enable BYOL for the account in ${this.region}: WorkSpaces console, Account settings, or ModifyAccount with ` +
              'DedicatedTenancySupport ENABLED and a /16 management CIDR range. Enabling can take several hours, ' +
              'and AWS must first confirm that the account is eligible for BYOL.',
          ],
        },
      );
    }
  }

  /** Calls ImportWorkspaceImage and returns the new image id. */
  async importImage(request: ImportRequest, signal?: AbortSignal): Promise<string> {
    core.info(
      `Importing ${request.ec2ImageId} as WorkSpaces image "${request.imageName}" with ingestion process ` +
        `${request.ingestionProcess} (ImportWorkspaceImage).`,
    );
    let output;
    try {
      output = await this.call((client) =>
        client.send(
          new ImportWorkspaceImageCommand({
            Ec2ImageId: request.ec2ImageId,
            IngestionProcess: request.ingestionProcess,
            ImageName: request.imageName,
            ImageDescription: request.imageDescription,
            ...(request.tags.length > 0 ? { Tags: request.tags } : {}),
            ...(request.applications.length > 0 ? { Applications: request.applications } : {}),
          }),
          { abortSignal: signal },
        ),
      );
    } catch (error) {
      throw explainWorkSpacesError('ImportWorkspaceImage', error, request);
    }
    if (!output.ImageId) {
      throw new ActionError(`ImportWorkspaceImage returned no image id (request id ${output.$metadata.requestId ?? 'unknown'}).`);
    }
    core.info(`Import started: image ${output.ImageId} (request id ${output.$metadata.requestId ?? 'unknown'}).`);
    return output.ImageId;
  }

  /**
   * Looks an image name up among the images this account owns, following
   * every `NextToken`, and returns the image or undefined.
   */
  async findOwnedImage(name: string, signal?: AbortSignal): Promise<ExistingImage | undefined> {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      let output;
      try {
        output = await this.call((client) =>
          client.send(
            new DescribeWorkspaceImagesCommand({
              ImageType: 'OWNED',
              MaxResults: DESCRIBE_IMAGES_PAGE_SIZE,
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            { abortSignal: signal },
          ),
        );
      } catch (error) {
        throw explainWorkSpacesError('DescribeWorkspaceImages', error);
      }
      pages += 1;
      const match = output.Images?.find((image) => image.Name === name);
      if (match?.ImageId !== undefined) {
        core.debug(`Found image ${match.ImageId} named "${name}" on page ${pages} of the owned images.`);
        return {
          imageId: match.ImageId,
          name,
          state: match.State ?? 'UNKNOWN',
          ...(match.Description !== undefined ? { description: match.Description } : {}),
          ...(match.Created ? { created: match.Created } : {}),
        };
      }
      nextToken = output.NextToken;
    } while (nextToken);
    core.debug(`No owned image is named "${name}" (${pages} pages of DescribeWorkspaceImages).`);
    return undefined;
  }

  /**
   * Reads the image's state and error details, or returns undefined when
   * DescribeWorkspaceImages lists no such image. AWS errors are thrown as they come.
   */
  async describeImage(imageId: string, signal?: AbortSignal): Promise<ImageSnapshot | undefined> {
    const output = await this.call((client) =>
      client.send(new DescribeWorkspaceImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal }),
    );
    const image = output.Images?.find((candidate) => candidate.ImageId === imageId);
    if (image === undefined) {
      return undefined;
    }
    return {
      state: image.State ?? 'UNKNOWN',
      errorCode: image.ErrorCode,
      errorMessage: image.ErrorMessage,
      errorDetails: (image.ErrorDetails ?? []).map((detail) => ({ code: detail.ErrorCode, message: detail.ErrorMessage })),
    };
  }

  private async call<T>(send: (client: WorkSpacesClient) => Promise<T>): Promise<T> {
    try {
      return await send(this.client);
    } catch (error) {
      if (this.credentials === undefined || awsErrorInfo(error).name !== 'ExpiredTokenException') {
        throw error;
      }
      // A new client asks the provider for new credentials: the old client keeps its cached ones.
      core.info('AWS reported the role session as expired; renewing it with a new OIDC token and sending the request again.');
      this.client.destroy();
      this.client = createWorkSpacesClient(this.region, this.credentials);
      return await send(this.client);
    }
  }
}
