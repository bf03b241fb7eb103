/**
 * Local emulator of the AWS and GitHub endpoints the action calls: GitHub's
 * OIDC token endpoint, STS AssumeRoleWithWebIdentity and WorkSpaces image
 * import. It listens on 127.0.0.1 only.
 */
import type { AddressInfo } from 'node:net';

import { CredentialStore, randomKeyId, randomSecret } from './credentials.ts';
import { FaultQueue, type FaultSpec } from './faults.ts';
import { viewImage, type ImageSeed, type ImageView, type TimelineStep } from './images.ts';
import { OidcIssuer, type OidcOptions } from './oidc.ts';
import { createEmulatorServer, type CallRecord } from './server.ts';
import { DEFAULT_AUDIENCE, StsService, type RoleConfig } from './sts.ts';
import { loadRules } from './validate.ts';
import { WorkSpacesService, type AccountConfig } from './workspaces.ts';

export type { CallRecord } from './server.ts';
export type { FaultKind, FaultSpec } from './faults.ts';
export type { ImageErrorDetail, ImageSeed, ImageState, ImageView, Tag, TimelineStep } from './images.ts';
export type { OidcOptions } from './oidc.ts';
export type { RoleConfig } from './sts.ts';
export type { AccountConfig } from './workspaces.ts';
export { compilePattern, formatViolations, loadRules, validateShape } from './validate.ts';

export interface EmulatorOptions {
  /** 12-digit account id. Default `123456789012`. */
  accountId?: string;
  /** DescribeAccount `DedicatedTenancySupport`. Default `ENABLED`. */
  byol?: 'ENABLED' | 'DISABLED';
  /** Whether `*_BYOP` ingestion processes are allowed. Default false. */
  byopAllowed?: boolean;
  /** AMIs that ImportWorkspaceImage accepts. Default `['ami-0123456789abcdef0']`. */
  amis?: string[];
  /** Maximum owned images. Default 40. */
  imageQuota?: number;
  /** Roles STS lets GitHub OIDC tokens assume. Default: one role, `defaultRoleArn`. */
  roles?: RoleConfig[];
  /** Caps the lifetime of issued session credentials in seconds, for expiry tests. */
  sessionLifetimeSeconds?: number;
  oidc?: OidcOptions;
  /** Timeline of imported images. Default PENDING for 1 s, then AVAILABLE. */
  timeline?: TimelineStep[];
  /** Port to listen on. Default 0, an ephemeral port. */
  port?: number;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_AMI = 'ami-0123456789abcdef0';
export const DEFAULT_TIMELINE: TimelineStep[] = [{ state: 'PENDING', forMs: 1000 }, { state: 'AVAILABLE' }];

export interface Emulator {
  /** Base URL, for `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  readonly url: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL`, including `?api-version=2.0`. */
  readonly oidcRequestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  readonly oidcRequestToken: string;
  /** Long-term access key pair the emulator accepts for signed requests. */
  readonly ambientCredentials: { accessKeyId: string; secretAccessKey: string };
  readonly accountId: string;
  readonly defaultRoleArn: string;
  /** Account settings, which tests may change between requests. */
  readonly account: AccountConfig;
  /** Every request received, in order. */
  readonly calls: CallRecord[];
  /** Images with their state computed for the current time. */
  readonly images: ImageView[];
  /** Every OIDC token issued. */
  readonly issuedTokens: string[];
  /** Every secret the emulator handed out: OIDC tokens, secret access keys, session tokens. */
  readonly secrets: string[];
  /** Environment variables that point the action at the emulator. */
  env(): Record<string, string>;
  /** Returns the calls to one operation (`oidc` for the token endpoint). */
  callsTo(operation: string): CallRecord[];
  seedImage(seed: ImageSeed): ImageView;
  setNextTimeline(timeline: TimelineStep[]): void;
  fault(spec: FaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const rules = loadRules();
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const defaultRoleArn = `arn:aws:iam::${accountId}:role/workspaces-image-import`;
  const store = new CredentialStore();
  const oidc = new OidcIssuer(options.oidc);
  const faults = new FaultQueue();
  const calls: CallRecord[] = [];
  const issuedSecrets: string[] = [];

  const ambientCredentials = { accessKeyId: randomKeyId('AKIA'), secretAccessKey: randomSecret() };
  store.add({ ...ambientCredentials, kind: 'ambient', arn: `arn:aws:iam::${accountId}:user/ci`, userId: randomKeyId('AIDA', 21) });
  issuedSecrets.push(ambientCredentials.secretAccessKey);

  const stsRules = rules.services['sts'];
  const workspacesRules = rules.services['workspaces'];
  if (stsRules === undefined || workspacesRules === undefined) throw new Error('rules.json has no sts or workspaces service. Regenerate it: node scripts/generate-emulator-rules.ts');

  const sts = new StsService({
    rules: stsRules,
    store,
    oidc,
    roles: options.roles ?? [{ arn: defaultRoleArn, audience: DEFAULT_AUDIENCE, subjects: ['repo:octo-org/octo-repo:*'], maxSessionDurationSeconds: 3600 }],
    accountId,
    ...(options.sessionLifetimeSeconds === undefined ? {} : { sessionLifetimeSeconds: options.sessionLifetimeSeconds }),
    issuedSecrets,
  });
  const workspaces = new WorkSpacesService(workspacesRules, {
    accountId,
    byol: options.byol ?? 'ENABLED',
    byopAllowed: options.byopAllowed ?? false,
    amis: options.amis ?? [DEFAULT_AMI],
    imageQuota: options.imageQuota ?? 40,
    defaultTimeline: options.timeline ?? DEFAULT_TIMELINE,
  });

  const server = createEmulatorServer({ rules, store, oidc, sts, workspaces, faults, calls });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const oidcRequestUrl = `${url}/oidc/token?api-version=2.0`;

  return {
    url,
    oidcRequestUrl,
    oidcRequestToken: oidc.requestToken,
    ambientCredentials,
    accountId,
    defaultRoleArn,
    account: workspaces.account,
    calls,
    get images() {
      const now = Date.now();
      return workspaces.images.map((image) => viewImage(image, now));
    },
    issuedTokens: oidc.issued,
    get secrets() {
      return [...oidc.issued, ...issuedSecrets];
    },
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_REGION: 'us-east-1',
      ACTIONS_ID_TOKEN_REQUEST_URL: oidcRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    }),
    callsTo: (operation) => calls.filter((call) => call.operation === operation),
    seedImage: (seed) => viewImage(workspaces.seedImage(seed), Date.now()),
    setNextTimeline: (timeline) => {
      workspaces.setNextTimeline(timeline);
    },
    fault: (spec) => {
      faults.add(spec);
    },
    clearFaults: () => {
      faults.clear();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
