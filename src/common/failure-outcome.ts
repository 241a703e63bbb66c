// How an error ends a span, the same way on every path (client, workflow
// sandbox, activity). Sandbox-safe: imports @temporalio/common only.
import {
  ActivityFailure,
  ApplicationFailure,
  ApplicationFailureCategory,
  ChildWorkflowFailure,
  CompleteAsyncError,
} from '@temporalio/common';

/** Longest status or exception message kept. */
export const ERROR_TEXT_LIMIT = 1_000;

/** What a span records for an error its operation threw. */
export interface FailureOutcome {
  /** Span status: ERROR, or UNSET where Temporal does not count the error as a failure. */
  status: 'error' | 'unset';
  /** Whether to add an `exception` event. */
  recordException: boolean;
  /** `exception.type`. */
  type: string;
  /** First line of the message, cut to {@link ERROR_TEXT_LIMIT}. */
  message: string;
  /** Set on `temporal.outcome` when the error is not a failure. */
  outcome?: string;
}

/**
 * Temporal's semantics, as its own interceptors apply them: an activity that
 * completes asynchronously has not failed, and a BENIGN application failure
 * (expected, logged at DEBUG by Temporal) leaves the status unset but is
 * still recorded as an exception event.
 */
export function describeFailure(err: unknown): FailureOutcome {
  const type = err instanceof Error ? err.name : typeof err;
  const text = err instanceof Error ? err.message : String(err);
  const message = text.split('\n')[0].slice(0, ERROR_TEXT_LIMIT);
  if (err instanceof CompleteAsyncError) {
    return { status: 'unset', recordException: false, type, message, outcome: 'completing_async' };
  }
  if (isBenign(err)) {
    return { status: 'unset', recordException: true, type, message, outcome: 'benign_failure' };
  }
  return { status: 'error', recordException: true, type, message };
}

/** A BENIGN application failure, directly or as the cause of a failed activity or child workflow. */
function isBenign(err: unknown): boolean {
  const failure = err instanceof ActivityFailure || err instanceof ChildWorkflowFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.category === ApplicationFailureCategory.BENIGN;
}
