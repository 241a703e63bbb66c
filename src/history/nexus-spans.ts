// The StartNexusOperation span of each Nexus operation a rebuilt run called,
// as Temporal's own interceptors name it, and the RunCancelNexusOperationHandler
// span of a cancel request beneath it. An asynchronous operation's handler
// workflow is exported under this span, as a child workflow is under its
// StartChildWorkflow.
import {
  FleetAttr,
  NexusAttr,
  OpenInferenceAttr,
  SpanKindCode,
  SpanName,
  TemporalAttr,
} from '../common/semconv.js';
import { jsonValue } from '../common/json-value.js';
import { nexusSpanPart } from './nested-runs.js';
import type { PayloadValues } from './payload-values.js';
import type { NexusOperationRecord } from './nexus-operations.js';
import type { RunRecord } from './run-record.js';
import { outcomeFailure, type SpanList } from './span-list.js';

/** Adds the run's Nexus operation spans under `parentId`. */
export function addNexusOperationSpans(
  spans: SpanList,
  run: RunRecord,
  id: (...part: (string | number)[]) => string,
  values: PayloadValues,
  parentId: string,
): void {
  for (const op of run.nexusOperations) {
    const spanId = spans.add({
      id: id(...nexusSpanPart(op.scheduledEventId)),
      name: `${SpanName.START_NEXUS_OPERATION}:${op.service}/${op.operation}`,
      kind: SpanKindCode.CLIENT,
      parentId,
      startMs: op.scheduledMs,
      endMs: op.closedMs ?? run.closeMs ?? op.scheduledMs,
      attributes: {
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [NexusAttr.ENDPOINT]: op.endpoint,
        [NexusAttr.SERVICE]: op.service,
        [NexusAttr.OPERATION]: op.operation,
        [FleetAttr.NEXUS_ENDPOINT]: op.endpoint,
        [FleetAttr.NEXUS_SERVICE]: op.service,
        [FleetAttr.NEXUS_OPERATION]: op.operation,
        [NexusAttr.OPERATION_TOKEN]: op.operationToken,
        [NexusAttr.START_WAIT_MS]:
          op.startedMs === undefined ? undefined : Math.max(0, op.startedMs - op.scheduledMs),
        [NexusAttr.HANDLER_WORKFLOW_ID]: op.handler?.workflowId,
        [NexusAttr.HANDLER_RUN_ID]: op.handler?.runId,
        [OpenInferenceAttr.INPUT_VALUE]: jsonValue(values(op.input)[0]),
        [OpenInferenceAttr.INPUT_MIME_TYPE]: op.input.length ? 'application/json' : undefined,
        [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(values(op.result)[0]),
        [OpenInferenceAttr.OUTPUT_MIME_TYPE]: op.result.length ? 'application/json' : undefined,
        [TemporalAttr.OUTCOME]: op.outcome,
      },
      failure: outcomeFailure(op.outcome, op.failure),
    });
    if (op.cancelRequest) addCancelRequestSpan(spans, run, op, id, spanId);
  }
}

/**
 * The handler's side of a cancel request, as the live span names it; history
 * has no handler times, so it runs from the caller's request to the handler's
 * answer (or to the operation's end when no answer was recorded).
 */
function addCancelRequestSpan(
  spans: SpanList,
  run: RunRecord,
  op: NexusOperationRecord,
  id: (...part: (string | number)[]) => string,
  parentId: string,
): void {
  const request = op.cancelRequest!;
  const answered = request.answeredMs !== undefined;
  spans.add({
    id: id('nexus', op.scheduledEventId, 'cancel'),
    name: `${SpanName.RUN_CANCEL_NEXUS_OPERATION_HANDLER}:${op.service}/${op.operation}`,
    kind: SpanKindCode.SERVER,
    parentId,
    startMs: request.requestedMs,
    endMs: request.answeredMs ?? op.closedMs ?? run.closeMs ?? request.requestedMs,
    attributes: {
      [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      [NexusAttr.SERVICE]: op.service,
      [NexusAttr.OPERATION]: op.operation,
      [NexusAttr.OPERATION_TOKEN]: op.operationToken,
      [TemporalAttr.OUTCOME]: request.failure ? 'failed' : answered ? 'completed' : undefined,
    },
    failure: request.failure,
  });
}
