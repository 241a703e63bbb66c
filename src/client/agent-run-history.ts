// A run's Temporal event history as a readable list: what happened, when.
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { millis } from '../history/read-events.js';

/** One event of a run's history. */
export interface RunHistoryEvent {
  eventId: number;
  time: Date;
  /** Temporal's event type, e.g. `ActivityTaskScheduled`. */
  type: string;
  /** The activity, signal, update or timer concerned, or the failure's message. */
  detail?: string;
}

type Loose = Record<string, any>;

/** The events of `history`, each typed by the attributes it carries. */
export function historyEvents(history: History): RunHistoryEvent[] {
  return (history.events ?? []).map((event) => {
    const e = event as Loose;
    const field = Object.keys(e).find((k) => k.endsWith('EventAttributes') && e[k]);
    const type = field ? field[0]!.toUpperCase() + field.slice(1, -'EventAttributes'.length) : 'Unknown';
    const detail = field ? detailOf(e[field] as Loose) : undefined;
    return {
      eventId: Number(e.eventId ?? 0),
      time: new Date(millis(e.eventTime)),
      type,
      ...(detail ? { detail } : {}),
    };
  });
}

function detailOf(a: Loose): string | undefined {
  return (
    a.activityType?.name ??
    a.workflowType?.name ??
    a.signalName ??
    a.acceptedRequest?.input?.name ??
    a.request?.input?.name ??
    (a.timerId && a.startToFireTimeout ? `timer ${a.timerId}` : undefined) ??
    a.failure?.message ??
    a.markerName ??
    undefined
  );
}
