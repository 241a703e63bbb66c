// Nexus operations a run called, read from its history, and the caller a
// Nexus handler run was started for. A synchronous operation is scheduled and
// then completes or fails; an asynchronous one is also started, and its
// started event links to the workflow the handler started for it. A caller's
// cancel request and the handler's answer to it are events of their own.
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import { failureOf, int } from './proto-values.js';
import type { FailureRecord, Outcome, RunRef } from './run-record.js';

type Loose = Record<string, any>;

/** One Nexus operation the run called. */
export interface NexusOperationRecord {
  scheduledEventId: number;
  endpoint: string;
  service: string;
  operation: string;
  scheduledMs: number;
  /** When an asynchronous operation's handler answered that it had started. */
  startedMs?: number;
  closedMs?: number;
  outcome: Outcome;
  failure?: FailureRecord;
  operationToken?: string;
  /** The caller's request to cancel the operation, and the handler's answer to it, when asked. */
  cancelRequest?: NexusCancelRequest;
  /** The workflow an asynchronous operation's handler started, when history links it. */
  handler?: RunRef & { namespace: string };
  input: Payload[];
  result: Payload[];
}

/** A caller's cancel request: when the caller made it, when the handler answered, and whether it failed. */
export interface NexusCancelRequest {
  requestedMs: number;
  answeredMs?: number;
  failure?: FailureRecord;
}

/** The caller's operation a Nexus handler run was started for, from its completion callback's links. */
export type NexusCallerRef = RunRef & { namespace: string; scheduledEventId?: number };

/** Folds a run's Nexus events, in history order, into operation records. */
export class NexusOperationReader {
  private readonly byScheduledId = new Map<number, NexusOperationRecord>();

  /** Reads `event` if it is a Nexus operation event; returns whether it was. */
  read(event: Loose, id: number, at: number): boolean {
    let x: Loose | undefined;
    if ((x = event.nexusOperationScheduledEventAttributes)) {
      this.byScheduledId.set(id, {
        scheduledEventId: id,
        endpoint: String(x.endpoint ?? ''),
        service: String(x.service ?? ''),
        operation: String(x.operation ?? ''),
        scheduledMs: at,
        outcome: 'running',
        // One payload, not a list, unlike activities and children.
        input: x.input ? [x.input as Payload] : [],
        result: [],
      });
    } else if ((x = event.nexusOperationStartedEventAttributes)) {
      const op = this.byScheduledId.get(int(x.scheduledEventId));
      if (!op) return true;
      op.startedMs = at;
      op.operationToken = String(x.operationToken || x.operationId || '') || undefined;
      op.handler = linkedWorkflow(event.links);
    } else if ((x = event.nexusOperationCompletedEventAttributes)) {
      const op = this.close(x, at, 'completed');
      if (op && x.result) op.result = [x.result as Payload];
    } else if ((x = event.nexusOperationFailedEventAttributes)) {
      this.close(x, at, 'failed', operationFailure(x.failure));
    } else if ((x = event.nexusOperationCanceledEventAttributes)) {
      this.close(x, at, 'canceled', operationFailure(x.failure));
    } else if ((x = event.nexusOperationTimedOutEventAttributes)) {
      this.close(x, at, 'timed_out', operationFailure(x.failure));
    } else if ((x = event.nexusOperationCancelRequestedEventAttributes)) {
      const op = this.byScheduledId.get(int(x.scheduledEventId));
      if (op) op.cancelRequest = { requestedMs: at };
    } else if ((x = event.nexusOperationCancelRequestCompletedEventAttributes)) {
      const request = this.byScheduledId.get(int(x.scheduledEventId))?.cancelRequest;
      if (request) request.answeredMs = at;
    } else if ((x = event.nexusOperationCancelRequestFailedEventAttributes)) {
      const request = this.byScheduledId.get(int(x.scheduledEventId))?.cancelRequest;
      if (request) Object.assign(request, { answeredMs: at, failure: operationFailure(x.failure) });
    } else return false;
    return true;
  }

  /** The operations read so far, in the order they were scheduled. */
  records(): NexusOperationRecord[] {
    return [...this.byScheduledId.values()];
  }

  private close(
    x: Loose,
    at: number,
    outcome: Outcome,
    failure?: FailureRecord,
  ): NexusOperationRecord | undefined {
    const op = this.byScheduledId.get(int(x.scheduledEventId));
    if (!op) return undefined;
    op.closedMs = at;
    op.outcome = outcome;
    op.failure = failure;
    return op;
  }
}

/** The caller a handler run's start event names in its Nexus completion callback, if any. */
export function nexusCallerOf(started: Loose): NexusCallerRef | undefined {
  for (const callback of (started.completionCallbacks ?? []) as Loose[]) {
    if (!callback?.nexus) continue;
    const event = ((callback.links ?? []) as Loose[]).find(
      (l) => l?.workflowEvent?.workflowId,
    )?.workflowEvent;
    if (!event) continue;
    return {
      namespace: String(event.namespace ?? ''),
      workflowId: String(event.workflowId),
      runId: String(event.runId ?? ''),
      scheduledEventId: int(event.eventRef?.eventId) || undefined,
    };
  }
  return undefined;
}

function linkedWorkflow(links: Loose[] | null | undefined): NexusOperationRecord['handler'] {
  const event = (links ?? []).find((l) => l?.workflowEvent?.workflowId)?.workflowEvent;
  if (!event) return undefined;
  return {
    namespace: String(event.namespace ?? ''),
    workflowId: String(event.workflowId),
    runId: String(event.runId ?? ''),
  };
}

/**
 * The server wraps a handler's error as "nexus operation completed
 * unsuccessfully" → handler error → the application's failure: the innermost
 * cause says what went wrong.
 */
function operationFailure(failure: Loose | null | undefined): FailureRecord | undefined {
  let inner = failure;
  while (inner?.cause) inner = inner.cause;
  return failureOf(inner ?? undefined);
}
