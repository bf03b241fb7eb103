/** A failure of the step, with what the user can do about it. */
export class ActionError extends Error {
  /**
   * Items that make up the failure, one line each, such as the error details
   * of a failed ingestion. The log lists them; the summary shows them its own way.
   */
  readonly details: readonly string[];
  /** Next steps for the user, one sentence each. */
  readonly hints: readonly string[];
  /** AWS request id of the failed call, when AWS responded. */
  readonly requestId: string | undefined;
  /** AWS error name, when the failure came from AWS. */
  readonly awsErrorName: string | undefined;

  constructor(
    message: string,
    options: {
      details?: readonly string[];
      hints?: readonly string[];
      requestId?: string;
      awsErrorName?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ActionError';
    this.details = options.details ?? [];
    this.hints = options.hints ?? [];
    this.requestId = options.requestId;
    this.awsErrorName = options.awsErrorName;
  }
}

/** Formats an error with its details and hints, one per line, for `core.setFailed`. */
export function formatFailure(error: unknown): string {
  if (error instanceof ActionError) {
    return [error.message, ...[...error.details, ...error.hints].map((line) => `- ${line}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
