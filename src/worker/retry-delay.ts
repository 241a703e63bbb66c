// The delay Temporal will wait before the next attempt of a failed activity,
// worked out the way the server does, from what the attempt knows: the error
// it threw (a non-retryable failure, or one that asks for its own delay, as a
// 429's retry-after does) and the retry policy the server sent with the task.
import type { Info } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, type RetryPolicy } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';

/** Server defaults for fields a retry policy leaves unset. */
const DEFAULT_INITIAL_MS = 1_000;
const DEFAULT_COEFFICIENT = 2;
const MAX_INTERVAL_FACTOR = 100;

/**
 * Milliseconds until the next attempt, or undefined when there will be none
 * (non-retryable, out of attempts, past the schedule-to-close timeout) or the
 * task carried no policy (local activities).
 */
export function nextRetryDelayMs(info: Info, err: unknown, nowMs = Date.now()): number | undefined {
  const policy = info.retryPolicy as RetryPolicy | undefined;
  if (!policy || info.isLocal || err instanceof CancelledFailure) return undefined;
  if (policy.maximumAttempts && info.attempt >= policy.maximumAttempts) return undefined;
  const failure = err instanceof ApplicationFailure ? err : undefined;
  if (failure?.nonRetryable) return undefined;
  const type = failure?.type ?? (err instanceof Error ? err.name : undefined);
  if (type && policy.nonRetryableErrorTypes?.includes(type)) return undefined;
  const delay =
    failure?.nextRetryDelay != null
      ? msToNumber(failure.nextRetryDelay)
      : policyBackoffMs(policy, info.attempt);
  const deadline = info.scheduleToCloseTimeoutMs
    ? info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs
    : Infinity;
  return nowMs + delay > deadline ? undefined : delay;
}

/** The policy's backoff after attempt `attempt` failed: initial × coefficient^(attempt−1), capped. */
function policyBackoffMs(policy: RetryPolicy, attempt: number): number {
  const initial = policy.initialInterval != null ? msToNumber(policy.initialInterval) : DEFAULT_INITIAL_MS;
  const cap =
    policy.maximumInterval != null ? msToNumber(policy.maximumInterval) : initial * MAX_INTERVAL_FACTOR;
  return Math.min(initial * (policy.backoffCoefficient ?? DEFAULT_COEFFICIENT) ** (attempt - 1), cap);
}
