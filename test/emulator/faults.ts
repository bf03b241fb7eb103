/** Faults injected on demand into matching requests, consumed in the order they were added. */

export type FaultKind = 'throttle' | 'http500' | 'http503' | 'reset' | 'delay' | 'error' | 'lost-response';

export interface FaultSpec {
  /** Operation name (e.g. `ImportWorkspaceImage`, `AssumeRoleWithWebIdentity`), `oidc`, or `*` for any request. */
  target: string;
  kind: FaultKind;
  /** Number of matching requests the fault applies to. Default 1. */
  count?: number;
  /** Wait before handling the request, for `delay`. */
  delayMs?: number;
  /** Error code for `error`, e.g. `AccessDeniedException` or `IDPCommunicationError`. */
  errorName?: string;
  message?: string;
  /** HTTP status for `error`. Default: the modeled status of that error, else 400. */
  status?: number;
}

interface PendingFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  readonly #pending: PendingFault[] = [];

  add(spec: FaultSpec): void {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`Fault count must be a positive integer, got ${count}`);
    this.#pending.push({ spec, remaining: count });
  }

  /** Removes one use of the first fault matching `operation` and returns it. */
  take(operation: string): FaultSpec | undefined {
    const index = this.#pending.findIndex((fault) => fault.spec.target === '*' || fault.spec.target === operation);
    const fault = this.#pending[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#pending.splice(index, 1);
    return fault.spec;
  }

  /** Number of request uses left across all faults. */
  get pending(): number {
    return this.#pending.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  clear(): void {
    this.#pending.length = 0;
  }
}
