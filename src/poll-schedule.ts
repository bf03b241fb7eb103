/**
 * When to check the image state next: exponential backoff with jitter from
 * a minimum to a maximum delay, never past the deadline.
 */

export interface PollScheduleOptions {
  /** Shortest delay between two checks, in milliseconds. */
  minDelayMs: number;
  /** Maximum delay between two checks, in milliseconds. It bounds how late a state change is noticed. */
  maxDelayMs: number;
}

/**
 * Returns the delay before check number `check + 1` (`check` counts from 1):
 * a random point between `minDelayMs` and `min(maxDelayMs, minDelayMs * 2^(check-1))`.
 * With the defaults of 60 s and 120 s this makes at most 60 checks per hour
 * and notices a change within 2 minutes.
 */
export function pollDelayMs(check: number, options: PollScheduleOptions, random: () => number = Math.random): number {
  const { minDelayMs, maxDelayMs } = options;
  const bound = Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, check - 1));
  return Math.round(minDelayMs + random() * (bound - minDelayMs));
}

/** Cuts a delay so the next check happens no later than the deadline. */
export function clampToDeadline(delayMs: number, nowMs: number, deadlineMs: number): number {
  return Math.max(0, Math.min(delayMs, deadlineMs - nowMs));
}

/** Formats a duration in milliseconds as `1h 02m 03s`, `2m 05s` or `7s`. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number): string => String(value).padStart(2, '0');
  if (hours > 0) {
    return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  }
  if (minutes > 0) {
    return `${minutes}m ${pad(seconds)}s`;
  }
  return `${seconds}s`;
}
