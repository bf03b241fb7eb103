/** WorkSpaces images held by the emulator and their scripted state timelines. */
import { randomInt } from 'node:crypto';

export type ImageState = 'PENDING' | 'AVAILABLE' | 'ERROR';

export interface ImageErrorDetail {
  ErrorCode: string;
  ErrorMessage: string;
}

/**
 * One step of an image's timeline. A step with `forMs` lasts that long after
 * the previous step ends; the first step without `forMs` is final.
 */
export interface TimelineStep {
  state: ImageState;
  forMs?: number;
  /** `WorkspaceImage.ErrorCode` while in this step, e.g. `ValidationFailed`. */
  errorCode?: string;
  errorMessage?: string;
  errorDetails?: ImageErrorDetail[];
}

export interface Tag {
  Key: string;
  Value?: string;
}

export interface ImageRecord {
  imageId: string;
  name: string;
  description: string;
  ownerAccountId: string;
  /** `Created` timestamp returned to clients. */
  created: Date;
  /** Wall-clock time in ms from which the timeline advances. */
  timelineStart: number;
  timeline: TimelineStep[];
  tags: Tag[];
  /** Whether the image appears under `ImageType: SHARED`. */
  shared: boolean;
  requiredTenancy: 'DEDICATED' | 'DEFAULT';
  ec2ImageId?: string;
  ingestionProcess?: string;
  applications?: string[];
}

/** Image as exposed to tests, with the state computed for the current time. */
export interface ImageView {
  imageId: string;
  name: string;
  description: string;
  ownerAccountId: string;
  created: Date;
  state: ImageState;
  errorCode?: string;
  errorMessage?: string;
  errorDetails?: ImageErrorDetail[];
  tags: Tag[];
  shared: boolean;
  ec2ImageId?: string;
  ingestionProcess?: string;
  applications?: string[];
}

/** Fields a test can set when it adds an image directly. */
export interface ImageSeed {
  name: string;
  imageId?: string;
  description?: string;
  /** Shorthand for a timeline of one final step. Ignored when `timeline` is given. */
  state?: ImageState;
  timeline?: TimelineStep[];
  errorCode?: string;
  errorMessage?: string;
  errorDetails?: ImageErrorDetail[];
  /** Default: the emulator's account, or another account for shared images. */
  ownerAccountId?: string;
  created?: Date;
  tags?: Tag[];
  shared?: boolean;
  ec2ImageId?: string;
}

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Returns `wsi-` followed by 9 random characters of `[0-9a-z]`. */
export function newImageId(): string {
  let id = 'wsi-';
  for (let i = 0; i < 9; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function currentStep(image: ImageRecord, now: number): TimelineStep {
  let stepEnd = image.timelineStart;
  for (const step of image.timeline) {
    if (step.forMs === undefined) return step;
    stepEnd += step.forMs;
    if (now < stepEnd) return step;
  }
  // A timeline whose every step has a duration stays in its last step.
  const last = image.timeline[image.timeline.length - 1];
  return last ?? { state: 'AVAILABLE' };
}

export function viewImage(image: ImageRecord, now: number): ImageView {
  const step = currentStep(image, now);
  const view: ImageView = {
    imageId: image.imageId,
    name: image.name,
    description: image.description,
    ownerAccountId: image.ownerAccountId,
    created: image.created,
    state: step.state,
    tags: image.tags.map((tag) => ({ ...tag })),
    shared: image.shared,
  };
  if (step.errorCode !== undefined) view.errorCode = step.errorCode;
  if (step.errorMessage !== undefined) view.errorMessage = step.errorMessage;
  if (step.errorDetails !== undefined) view.errorDetails = step.errorDetails;
  if (image.ec2ImageId !== undefined) view.ec2ImageId = image.ec2ImageId;
  if (image.ingestionProcess !== undefined) view.ingestionProcess = image.ingestionProcess;
  if (image.applications !== undefined) view.applications = image.applications;
  return view;
}

/** Serializes an image as a `WorkspaceImage` structure of the awsJson protocol (timestamps in epoch seconds). */
export function toWireImage(image: ImageRecord, now: number): Record<string, unknown> {
  const step = currentStep(image, now);
  const wire: Record<string, unknown> = {
    ImageId: image.imageId,
    Name: image.name,
    Description: image.description,
    OperatingSystem: { Type: 'WINDOWS' },
    State: step.state,
    RequiredTenancy: image.requiredTenancy,
    Created: image.created.getTime() / 1000,
    OwnerAccountId: image.ownerAccountId,
  };
  if (step.errorCode !== undefined) wire['ErrorCode'] = step.errorCode;
  if (step.errorMessage !== undefined) wire['ErrorMessage'] = step.errorMessage;
  if (step.errorDetails !== undefined) wire['ErrorDetails'] = step.errorDetails;
  return wire;
}
