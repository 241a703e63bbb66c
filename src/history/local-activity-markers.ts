// Local activities, which history records as markers rather than activity
// events: core-based SDKs (TypeScript, Python, .NET, Ruby) write
// `core_local_activity`, the Go and Java SDKs `LocalActivity`, each its own way.
import { defaultPayloadConverter } from '@temporalio/common';
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import type { ActivityRecord, FailureRecord } from './run-record.js';
import { failureOf, int, millis, payloads } from './proto-values.js';

type Loose = Record<string, any>;

/**
 * The local activity a marker records; undefined for other markers or data we
 * cannot read. `cursor` is when the current workflow task started, or when the
 * local activity before this one in it ended: Go's and Java's markers record
 * only the end on history's clock.
 */
export function localActivityOf(
  x: Loose,
  eventId: number,
  at: number,
  cursor: number,
): ActivityRecord | undefined {
  if (x.markerName === CORE_MARKER) return coreLocalActivity(x, eventId, at);
  if (x.markerName === GO_JAVA_MARKER)
    return goLocalActivity(x, eventId, at, cursor) ?? javaLocalActivity(x, eventId, at, cursor);
  return undefined;
}

/** Marker name under which Temporal's core-based SDKs record local activities. */
const CORE_MARKER = 'core_local_activity';
/** Marker name under which the Go and Java SDKs record them: Go's details hold a `data` struct. */
const GO_JAVA_MARKER = 'LocalActivity';

/** The value of a marker's details entry, one JSON payload; undefined when unreadable. */
function detail(x: Loose, key: string): any {
  try {
    return defaultPayloadConverter.fromPayload(x.details?.[key]?.payloads?.[0]);
  } catch {
    return undefined;
  }
}

function markerData(x: Loose): Loose | undefined {
  const data = detail(x, 'data');
  return data && typeof data === 'object' ? data : undefined;
}

/** Go: `{ ActivityID, ActivityType, ReplayTime (when it ended), Attempt, Backoff }`. */
function goLocalActivity(x: Loose, eventId: number, at: number, cursor: number): ActivityRecord | undefined {
  const data = markerData(x);
  if (!data || typeof data.ActivityType !== 'string') return undefined;
  const replay = typeof data.ReplayTime === 'string' ? Date.parse(data.ReplayTime) : NaN;
  const end = Number.isFinite(replay) ? replay : at;
  return localRecord(x, eventId, {
    activityId: String(data.ActivityID ?? ''),
    activityType: data.ActivityType,
    startMs: Math.min(cursor, end),
    endMs: end,
    attempt: int(data.Attempt) || 1,
  });
}

/**
 * Java: details `type`, `activityId`, `input`, `result` (`data` in old
 * histories), `time` (the workflow clock when it ended, epoch ms) and `meta`
 * `{ firstSkd, atpt, backoff }`. `firstSkd`, when the workflow asked for it, is
 * the worker's wall clock and can disagree with history's (recorded 73 ms after
 * `time` in our fixture), so, as for Go, the span starts at `cursor`.
 */
function javaLocalActivity(
  x: Loose,
  eventId: number,
  at: number,
  cursor: number,
): ActivityRecord | undefined {
  const type = detail(x, 'type');
  if (typeof type !== 'string') return undefined;
  const time = Number(detail(x, 'time'));
  const end = time > 0 ? time : at;
  // Java wraps the activity's own failure in an ActivityFailure, which says only that it failed.
  const f = x.failure;
  return localRecord(x, eventId, {
    activityId: String(detail(x, 'activityId') ?? ''),
    activityType: type,
    startMs: Math.min(cursor, end),
    endMs: end,
    attempt: int(detail(x, 'meta')?.atpt) || 1,
    input: payloads(x.details?.input),
    result: payloads(x.details?.result ?? x.details?.data),
    failure: failureOf(f?.activityFailureInfo && f.cause ? f.cause : f),
  });
}

/** Core: `{ activityId, activityType, attempt, originalScheduleTime, completeTime }` (snake or camel case). */
function coreLocalActivity(x: Loose, eventId: number, at: number): ActivityRecord | undefined {
  const data = markerData(x);
  if (!data) return undefined;
  const time = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : v ? millis(v) : NaN);
  const completed = time(data.completeTime ?? data.complete_time);
  const scheduled = time(data.originalScheduleTime ?? data.original_schedule_time);
  const end = Number.isFinite(completed) ? completed : at;
  return localRecord(x, eventId, {
    activityId: String(data.activityId ?? data.activity_id ?? ''),
    activityType: String(data.activityType ?? data.activity_type ?? ''),
    startMs: Number.isFinite(scheduled) ? Math.min(scheduled, end) : end,
    endMs: end,
    attempt: int(data.attempt) || 1,
  });
}

/** The record of a local activity: no task queue or queue wait; arguments only where Java keeps them. */
function localRecord(
  x: Loose,
  eventId: number,
  m: {
    activityId: string;
    activityType: string;
    startMs: number;
    endMs: number;
    attempt: number;
    input?: Payload[];
    result?: Payload[];
    failure?: FailureRecord;
  },
): ActivityRecord {
  const failure = 'failure' in m ? m.failure : failureOf(x.failure);
  return {
    scheduledEventId: eventId,
    activityId: m.activityId,
    activityType: m.activityType,
    taskQueue: '',
    scheduledMs: m.startMs,
    startedMs: m.startMs,
    attempt: m.attempt,
    closedMs: m.endMs,
    outcome: failure ? 'failed' : 'completed',
    failure,
    input: m.input ?? [],
    result: failure ? [] : (m.result ?? payloads(x.details?.result)),
    local: true,
  };
}
