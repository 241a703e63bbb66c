// The delay before an activity's next attempt, as the server will apply it,
// worked out by the failing attempt from its error and the task's retry policy.
import type { Info } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { nextRetryDelayMs } from '../../src/worker/retry-delay.js';

const NOW = 1_800_000_000_000;
const info = (attempt: number, retryPolicy?: Info['retryPolicy'], extra: Partial<Info> = {}) =>
  ({
    attempt,
    isLocal: false,
    retryPolicy,
    scheduledTimestampMs: NOW - 10_000,
    scheduleToCloseTimeoutMs: 0,
    ...extra,
  }) as Info;
const POLICY = { initialInterval: 1000, backoffCoefficient: 2, maximumInterval: 30_000, maximumAttempts: 6 };

describe('next retry delay of a failed attempt', () => {
  it('follows the policy: initial × coefficient^(attempt − 1), capped at the maximum interval', () => {
    const err = new Error('boom');
    expect([1, 2, 3, 5].map((n) => nextRetryDelayMs(info(n, POLICY), err, NOW))).toEqual([
      1000, 2000, 4000, 16_000,
    ]);
    expect(nextRetryDelayMs(info(5, { ...POLICY, maximumInterval: 5000 }), err, NOW)).toBe(5000);
  });

  it('uses the server defaults for what the policy leaves out (1 s, ×2, cap 100 × initial)', () => {
    expect(nextRetryDelayMs(info(3, {}), new Error('x'), NOW)).toBe(4000);
    expect(nextRetryDelayMs(info(9, { initialInterval: 500 }), new Error('x'), NOW)).toBe(50_000);
  });

  it("takes the failure's own delay (a 429's retry-after) over the policy", () => {
    const err = ApplicationFailure.create({ message: '429', nextRetryDelay: '3 seconds' });
    expect(nextRetryDelayMs(info(1, POLICY), err, NOW)).toBe(3000);
  });

  it('is undefined when no attempt follows', () => {
    expect(nextRetryDelayMs(info(6, POLICY), new Error('x'), NOW)).toBeUndefined();
    expect(
      nextRetryDelayMs(info(1, POLICY), ApplicationFailure.nonRetryable('bad request'), NOW),
    ).toBeUndefined();
    expect(
      nextRetryDelayMs(
        info(1, { ...POLICY, nonRetryableErrorTypes: ['BadInput'] }),
        ApplicationFailure.create({ type: 'BadInput' }),
        NOW,
      ),
    ).toBeUndefined();
    expect(nextRetryDelayMs(info(1, POLICY), new CancelledFailure('cancelled'), NOW)).toBeUndefined();
    // Past the schedule-to-close timeout: the server gives up instead.
    expect(
      nextRetryDelayMs(info(3, POLICY, { scheduleToCloseTimeoutMs: 12_000 }), new Error('x'), NOW),
    ).toBeUndefined();
    expect(nextRetryDelayMs(info(1, undefined), new Error('x'), NOW)).toBeUndefined();
    expect(nextRetryDelayMs(info(1, POLICY, { isLocal: true }), new Error('x'), NOW)).toBeUndefined();
  });
});
