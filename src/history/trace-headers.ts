// The trace headers a run's history carries: the context a traced client put
// on the start request, and the ones the workflow's own tracing put on its
// activities, children and signals (who traced the run live, and where each
// activity's StartActivity span is).
import { defaultPayloadConverter } from '@temporalio/common';
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import { TRACE_HEADER, TRACE_HEADER_WRITER } from '../common/semconv.js';
import type { RunRecord } from './run-record.js';

type Loose = Record<string, any>;

/** The trace carrier in a Temporal header, if a traced caller put one there. */
function headerCarrier(header: Loose | null | undefined): Loose | undefined {
  const payload = header?.fields?.[TRACE_HEADER] as Payload | undefined;
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<Loose>(payload);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

const traceparentOf = (carrier: Loose | undefined): string | undefined =>
  typeof carrier?.traceparent === 'string' ? carrier.traceparent : undefined;

/** The `traceparent` in a Temporal header, if a traced caller put one there. */
export function headerTraceparent(header: Loose | null | undefined): string | undefined {
  return traceparentOf(headerCarrier(header));
}

/** Notes the first trace header of the workflow's own calls: who traced the run live. Returns its traceparent. */
export function noteWorkerHeader(run: RunRecord, header: Loose | null | undefined): string | undefined {
  const carrier = headerCarrier(header);
  const traceparent = traceparentOf(carrier);
  if (traceparent && run.workerTraceparent === undefined) {
    run.workerTraceparent = traceparent;
    run.workerTracedByPlugin = carrier![TRACE_HEADER_WRITER] !== undefined;
  }
  return traceparent;
}
