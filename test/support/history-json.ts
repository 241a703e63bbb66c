// Histories written by hand, in the JSON form Temporal's CLI and UI download,
// for exporter tests of shapes no recorded history has (a child that outlives
// its parent, a child that continues as new), served by a stand-in for the
// client's history reads: the only part of a server the exporter touches.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { defaultResource } from '@opentelemetry/resources';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import type { SpanTarget } from '../../src/worker/span-target.js';

const START = Date.UTC(2026, 10, 26, 12, 0, 0);

type Attributes = Record<string, unknown>;

/** One run's history, event by event; times are seconds after a fixed start. */
export class HistoryJson {
  readonly events: Attributes[] = [];

  constructor(
    readonly workflowId: string,
    readonly runId: string,
    type: string,
    started: Attributes = {},
  ) {
    this.add(0, 'workflowExecutionStarted', {
      workflowId,
      workflowType: { name: type },
      taskQueue: { name: 'q' },
      attempt: 1,
      originalExecutionRunId: runId,
      ...started,
    });
  }

  /** Adds an event (`kind` as in `workflowExecutionStartedEventAttributes`, without the suffix); returns its id. */
  add(atSeconds: number, kind: string, attributes: Attributes = {}): number {
    const eventId = this.events.length + 1;
    this.events.push({
      eventId: String(eventId),
      eventTime: new Date(START + atSeconds * 1000).toISOString(),
      eventType: `EVENT_TYPE_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
      [`${kind}EventAttributes`]: attributes,
    });
    return eventId;
  }

  /**
   * A child workflow started at `atSeconds`: its initiated event, and, when
   * `runId` is given, its started event a second later. Returns the initiated event's id.
   */
  startChild(
    atSeconds: number,
    child: { workflowId: string; type: string; runId?: string; header?: Attributes },
  ): number {
    const initiated = this.add(atSeconds, 'startChildWorkflowExecutionInitiated', {
      workflowId: child.workflowId,
      workflowType: { name: child.type },
      ...(child.header ? { header: child.header } : {}),
    });
    if (child.runId)
      this.add(atSeconds + 1, 'childWorkflowExecutionStarted', {
        initiatedEventId: String(initiated),
        workflowExecution: { workflowId: child.workflowId, runId: child.runId },
      });
    return initiated;
  }

  /** A workflow task: scheduled, started and completed at `atSeconds`. */
  task(atSeconds: number): void {
    const scheduledEventId = String(this.add(atSeconds, 'workflowTaskScheduled'));
    const startedEventId = String(this.add(atSeconds, 'workflowTaskStarted', { scheduledEventId }));
    this.add(atSeconds, 'workflowTaskCompleted', { scheduledEventId, startedEventId });
  }
}

/** A run's history in JSON form: a {@link HistoryJson}, or one recorded. */
export interface RunHistoryJson {
  workflowId: string;
  runId: string;
  events: readonly unknown[];
}

/** A Temporal header holding a trace context, as a traced client or worker writes it (`_tracer-data`). */
export function traceHeader(traceparent: string): Attributes {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const payload = {
    metadata: { encoding: base64('json/plain') },
    data: base64(JSON.stringify({ traceparent })),
  };
  return { fields: { '_tracer-data': payload } };
}

/**
 * A client that lists `listed` (in that order) and serves the histories of
 * `runs`; reading a run named in `failing` (`workflowId/runId`) throws its
 * error. `reads` counts the history reads of each run.
 */
export function servingClient(
  runs: RunHistoryJson[],
  listed: RunHistoryJson[] = runs,
  failing: Record<string, Error> = {},
  reads = new Map<string, number>(),
): Client {
  const byRun = new Map(runs.map((r) => [`${r.workflowId}/${r.runId}`, r]));
  return {
    options: { namespace: 'default' },
    workflow: {
      count: async () => ({ count: listed.length }),
      async *list() {
        for (const r of listed) yield { workflowId: r.workflowId, runId: r.runId };
      },
      getHandle: (workflowId: string, runId?: string) => ({
        describe: async () => ({ runId }),
        fetchHistory: async () => {
          const key = `${workflowId}/${runId}`;
          reads.set(key, (reads.get(key) ?? 0) + 1);
          if (failing[key]) throw failing[key];
          const run = byRun.get(key);
          if (!run) throw Object.assign(new Error(`workflow not found: ${key}`), { code: 5 });
          return historyFromJSON({ events: [...run.events] });
        },
      }),
    },
  } as unknown as Client;
}

/** A span target that keeps what it is given. */
export function keepingTarget(): { spans: ReadableSpan[]; target: SpanTarget } {
  const spans: ReadableSpan[] = [];
  return {
    spans,
    target: {
      sink: { onEnd: (s: ReadableSpan) => void spans.push(s), forceFlush: async () => undefined } as never,
      resource: defaultResource(),
      attributeValueLengthLimit: Infinity,
    },
  };
}
