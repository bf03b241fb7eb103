/** A failure of the step, with what the user can do about it. */
export class ActionError extends Error {
  /** What to do next, one sentence each. */
  readonly hints: readonly string[];
  /** AWS request id of the failed call, when AWS answered. */
  readonly requestId: string | undefined;
  /** AWS error name, when the failure came from AWS. */
  readonly awsErrorName: string | undefined;

  constructor(
    message: string,
    options: { hints?: readonly string[]; requestId?: string; awsErrorName?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ActionError';
    this.hints = options.hints ?? [];
    this.requestId = options.requestId;
    this.awsErrorName = options.awsErrorName;
  }
}

/** Formats an error with its hints, for `core.setFailed`. */
export function formatFailure(error: unknown): string {
  if (error instanceof ActionError) {
    return [error.message, ...error.hints.map((hint) => `- ${hint}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
