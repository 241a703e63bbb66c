// The trace headers a run's history carries: the context a traced client put
// on the start request, and the ones the workflow's own tracing put on its
// activities, children and signals (who traced the run live, and where each
// activity's StartActivity span is).
import type { Headers } from '@temporalio/common';
import { TRACE_HEADER_WRITER } from '../common/semconv.js';
import { readTraceCarrier } from '../common/trace-context.js';
import type { RunRecord } from './run-record.js';

/** A history event's `header`: its payloads by key under `fields`. */
type EventHeader = { fields?: Record<string, unknown> | null } | null | undefined;

/** The trace carrier in a history event's header, if a traced caller put one there. */
const headerCarrier = (header: EventHeader) =>
  readTraceCarrier((header?.fields ?? undefined) as Headers | undefined);

/** The `traceparent` in a Temporal header, if a traced caller put one there. */
export function headerTraceparent(header: EventHeader): string | undefined {
  return headerCarrier(header)?.traceparent;
}

/** Notes the first trace header of the workflow's own calls: who traced the run live. Returns its traceparent. */
export function noteWorkerHeader(run: RunRecord, header: EventHeader): string | undefined {
  const carrier = headerCarrier(header);
  const traceparent = carrier?.traceparent;
  if (traceparent && run.workerTraceparent === undefined) {
    run.workerTraceparent = traceparent;
    run.workerTracedByPlugin = carrier![TRACE_HEADER_WRITER] !== undefined;
  }
  return traceparent;
}
