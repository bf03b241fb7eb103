import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, sleep } from '../../src/backoff.ts';

const OPTIONS = { baseMs: 100, maxMs: 5_000 };
const ALMOST_ONE = 1 - Number.EPSILON;

describe('backoffDelayMs', () => {
  it('returns 0 for random 0', () => {
    for (const retry of [0, 1, 5, 20]) {
      expect(backoffDelayMs(retry, OPTIONS, () => 0)).toBe(0);
    }
  });

  it('stays below the bound for random near 1', () => {
    expect(backoffDelayMs(0, OPTIONS, () => ALMOST_ONE)).toBe(99);
  });

  it('doubles the bound per retry', () => {
    const delays = [0, 1, 2, 3, 4].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0.5));
    expect(delays).toEqual([50, 100, 200, 400, 800]);
  });

  it('caps at maxMs', () => {
    expect(backoffDelayMs(6, OPTIONS, () => ALMOST_ONE)).toBe(4_999);
    expect(backoffDelayMs(30, OPTIONS, () => 0.5)).toBe(2_500);
  });

  it('caps a huge retry count', () => {
    expect(backoffDelayMs(10_000, OPTIONS, () => 0.5)).toBe(2_500);
  });

  it('treats a negative retry as the first', () => {
    expect(backoffDelayMs(-3, OPTIONS, () => 0.5)).toBe(50);
  });

  it('returns whole milliseconds with the default random', () => {
    for (let index = 0; index < 100; index += 1) {
      const delay = backoffDelayMs(3, OPTIONS);
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(800);
    }
  });
});

describe('sleep', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = sleep(1_000).then(() => {
      done = true;
    });

    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('resolves with a signal that is never aborted', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await expect(waiting).resolves.toBeUndefined();
  });

  it('rejects at once when already aborted', async () => {
    const reason = new Error('cancelled before');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects when aborted during the wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    const outcome = expect(waiting).rejects.toBe('step cancelled');

    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort('step cancelled');
    await outcome;
    expect(vi.getTimerCount()).toBe(0);
  });
});
