import { describe, expect, it } from 'vitest';
import { clampToDeadline, formatDuration, pollDelayMs } from '../../src/poll-schedule.ts';

const ALMOST_ONE = 1 - Number.EPSILON;
const CHECKS = [1, 2, 3, 4, 5, 6];

/** A wide range, so the doubling stays below the maximum for six checks. */
const WIDE = { minDelayMs: 1_000, maxDelayMs: 64_000 };

/** The schedule the action builds from the default poll-interval-seconds of 60. */
const DEFAULTS = { minDelayMs: 60_000, maxDelayMs: 120_000 };

const ONE_HOUR_MS = 3_600_000;

/** Returns a deterministic pseudo-random sequence in [0, 1) (a linear congruential generator). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('pollDelayMs', () => {
  it('returns exactly minDelayMs after check 1', () => {
    expect(pollDelayMs(1, WIDE, () => 0)).toBe(1_000);
    expect(pollDelayMs(1, WIDE, () => ALMOST_ONE)).toBe(1_000);
  });

  it('returns minDelayMs for random 0', () => {
    for (const check of CHECKS) {
      expect(pollDelayMs(check, WIDE, () => 0)).toBe(1_000);
    }
  });

  it('doubles the bound per check', () => {
    const delays = CHECKS.map((check) => pollDelayMs(check, WIDE, () => ALMOST_ONE));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('caps at maxDelayMs', () => {
    const narrow = { minDelayMs: 1_000, maxDelayMs: 5_000 };
    const delays = CHECKS.map((check) => pollDelayMs(check, narrow, () => ALMOST_ONE));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('stays within min and max', () => {
    const random = seededRandom(7);
    for (let check = 1; check <= 200; check += 1) {
      for (const options of [WIDE, DEFAULTS]) {
        const delay = pollDelayMs(check, options, random);
        expect(delay).toBeGreaterThanOrEqual(options.minDelayMs);
        expect(delay).toBeLessThanOrEqual(options.maxDelayMs);
      }
    }
  });

  it('caps a huge check count', () => {
    expect(pollDelayMs(5_000, DEFAULTS, () => ALMOST_ONE)).toBe(120_000);
  });

  it('returns whole milliseconds', () => {
    const random = seededRandom(11);
    for (const check of CHECKS) {
      expect(Number.isInteger(pollDelayMs(check, DEFAULTS, random))).toBe(true);
    }
  });

  it('defaults notice a change within 2 minutes', () => {
    for (let check = 1; check <= 500; check += 1) {
      expect(pollDelayMs(check, DEFAULTS, () => ALMOST_ONE)).toBeLessThanOrEqual(120_000);
    }
  });

  it('defaults allow at most 60 checks per hour', () => {
    // The 61st check waits for 60 delays. Random 0 gives the shortest delay
    // of every check, so no random sequence can bring the 61st check earlier.
    let earliest61stCheckMs = 0;
    for (let check = 1; check <= 60; check += 1) {
      earliest61stCheckMs += pollDelayMs(check, DEFAULTS, () => 0);
    }
    expect(earliest61stCheckMs).toBeGreaterThanOrEqual(ONE_HOUR_MS);
  });

  it('defaults stay at 60 checks per hour for random sequences', () => {
    for (const seed of [1, 2, 3, 42, 1_000]) {
      const random = seededRandom(seed);
      let atMs = 0;
      let checks = 0;
      while (atMs < ONE_HOUR_MS) {
        checks += 1;
        atMs += pollDelayMs(checks, DEFAULTS, random);
      }
      expect(checks).toBeLessThanOrEqual(60);
    }
  });

  it('defaults make 60 checks per hour at random 0', () => {
    let atMs = 0;
    let checks = 0;
    while (atMs < ONE_HOUR_MS) {
      checks += 1;
      atMs += pollDelayMs(checks, DEFAULTS, () => 0);
    }
    expect(checks).toBe(60);
  });
});

describe('clampToDeadline', () => {
  it('keeps a delay that ends before the deadline', () => {
    expect(clampToDeadline(60_000, 1_000, 100_000)).toBe(60_000);
  });

  it('keeps a delay that ends at the deadline', () => {
    expect(clampToDeadline(60_000, 40_000, 100_000)).toBe(60_000);
  });

  it('cuts a delay that passes the deadline', () => {
    expect(clampToDeadline(60_000, 70_000, 100_000)).toBe(30_000);
  });

  it('returns 0 at the deadline', () => {
    expect(clampToDeadline(60_000, 100_000, 100_000)).toBe(0);
  });

  it('returns 0 past the deadline', () => {
    expect(clampToDeadline(60_000, 150_000, 100_000)).toBe(0);
  });
});

describe('formatDuration', () => {
  it('formats zero', () => {
    expect(formatDuration(0)).toBe('0s');
  });

  it('rounds 999 ms up to 1s', () => {
    expect(formatDuration(999)).toBe('1s');
  });

  it('rounds 1499 ms down to 1s', () => {
    expect(formatDuration(1_499)).toBe('1s');
  });

  it('formats 59 seconds', () => {
    expect(formatDuration(59_000)).toBe('59s');
  });

  it('rounds 59.5 seconds to a minute', () => {
    expect(formatDuration(59_500)).toBe('1m 00s');
  });

  it('formats 60 seconds', () => {
    expect(formatDuration(60_000)).toBe('1m 00s');
  });

  it('formats 3599 seconds', () => {
    expect(formatDuration(3_599_000)).toBe('59m 59s');
  });

  it('formats 3600 seconds', () => {
    expect(formatDuration(3_600_000)).toBe('1h 00m 00s');
  });

  it('formats 90 minutes', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m 00s');
  });

  it('pads minutes and seconds', () => {
    expect(formatDuration((2 * 3600 + 3 * 60 + 4) * 1000)).toBe('2h 03m 04s');
  });

  it('formats a negative duration as 0s', () => {
    expect(formatDuration(-5_000)).toBe('0s');
  });
});
