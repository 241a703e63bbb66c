// Local activities, which history records as markers rather than activity
// events: core-based SDKs (TypeScript, Python, .NET, Ruby) write
// `core_local_activity`, the Go SDK `LocalActivity`.
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityRecord } from './run-record.js';
import { failureOf, int, millis, payloads } from './proto-values.js';

type Loose = Record<string, any>;

/**
 * The local activity a marker records; undefined for other markers or data we
 * cannot read. `cursor` is when the current workflow task started, or when the
 * local activity before this one in it ended: Go's markers record only the end.
 */
export function localActivityOf(
  x: Loose,
  eventId: number,
  at: number,
  cursor: number,
): ActivityRecord | undefined {
  if (x.markerName === CORE_MARKER) return coreLocalActivity(x, eventId, at);
  if (x.markerName === GO_MARKER) return goLocalActivity(x, eventId, at, cursor);
  return undefined;
}

/** Marker name under which Temporal's core-based SDKs record local activities. */
const CORE_MARKER = 'core_local_activity';
/** Marker name under which the Go SDK records them. */
const GO_MARKER = 'LocalActivity';

function markerData(x: Loose): Loose | undefined {
  try {
    const data = defaultPayloadConverter.fromPayload<Loose>(x.details?.data?.payloads?.[0]);
    return data && typeof data === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
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

/** The record of a local activity: no task queue, no queue wait, no arguments in history. */
function localRecord(
  x: Loose,
  eventId: number,
  m: { activityId: string; activityType: string; startMs: number; endMs: number; attempt: number },
): ActivityRecord {
  const failure = failureOf(x.failure);
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
    input: [],
    result: failure ? [] : payloads(x.details?.result),
    local: true,
  };
}
