// Helpers for spans that arrived over OTLP (see devtools/otlp-receiver.ts), and for
// reading activity attempts out of a workflow's history.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { WorkflowHandle } from '@temporalio/client';
import type { ReceivedSpan } from '../../devtools/otlp-receiver.js';

export const serviceOf = (s: ReceivedSpan) => s.resource['service.name'] as string | undefined;

export function parentOfReceived(
  spans: readonly ReceivedSpan[],
  span: ReceivedSpan,
): ReceivedSpan | undefined {
  return span.parentSpanId ? spans.find((s) => s.spanId === span.parentSpanId) : undefined;
}

/** Spans whose parent id does not resolve inside the set. */
export function receivedOrphans(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId));
}

export function receivedDuplicates(spans: readonly ReceivedSpan[]): string[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => (seen.has(s.spanId) ? true : (seen.add(s.spanId), false)))
    .map((s) => `${s.name} ${s.spanId}`);
}

/**
 * Read-only `ReadableSpan` views of received spans, so the in-memory contract
 * checks (contract.ts, spans.ts) run unchanged on what a collector got.
 */
export function asReadableSpans(spans: readonly ReceivedSpan[]): ReadableSpan[] {
  return spans.map((s) => {
    const view = {
      name: s.name,
      kind: s.kind,
      attributes: s.attributes,
      status: s.status,
      resource: { attributes: s.resource },
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: 1 }),
      parentSpanContext: s.parentSpanId
        ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1 }
        : undefined,
    };
    return view as unknown as ReadableSpan;
  });
}

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** One scheduled activity as the history records it. */
export interface ActivityRecord {
  activityId: string;
  type: string;
  /** Attempt number of the ActivityTaskStarted event: how many attempts were started in all. */
  attempts: number;
  completions: number;
  completedAtMs?: number;
  /** Failure that caused the last retry, if any (e.g. a start-to-close timeout). */
  lastFailure?: { message?: string | null; timeoutType?: number | null };
}

const millis = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined;

/**
 * Activities of a finished workflow. Temporal writes one ActivityTaskStarted
 * per activity, for its last attempt (`attempt`), so the attempts started in
 * all are the sum of those numbers.
 */
export function activitiesOf(history: History, type?: string): ActivityRecord[] {
  const byScheduled = new Map<string, ActivityRecord>();
  for (const e of history.events ?? []) {
    const id = String(e.eventId);
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      byScheduled.set(id, {
        activityId: scheduled.activityId ?? '',
        type: scheduled.activityType?.name ?? '',
        attempts: 0,
        completions: 0,
      });
    }
    const started = e.activityTaskStartedEventAttributes;
    const startedFor = started && byScheduled.get(String(started.scheduledEventId));
    if (started && startedFor) {
      startedFor.attempts = started.attempt ?? 0;
      if (started.lastFailure) {
        startedFor.lastFailure = {
          message: started.lastFailure.message,
          timeoutType: started.lastFailure.timeoutFailureInfo?.timeoutType,
        };
      }
    }
    const completed = e.activityTaskCompletedEventAttributes;
    const completedFor = completed && byScheduled.get(String(completed.scheduledEventId));
    if (completedFor) {
      completedFor.completions += 1;
      completedFor.completedAtMs = millis(e.eventTime as { seconds?: unknown; nanos?: number | null });
    }
  }
  const all = [...byScheduled.values()];
  return type ? all.filter((a) => a.type === type) : all;
}
