// What one run's event history says happened, in the shape the trace builder
// needs: plain data with times in epoch milliseconds and payloads still encoded.
import type { Payload } from '@temporalio/common/lib/proto-utils.js';
import type { NexusCallerRef, NexusOperationRecord } from './nexus-operations.js';

/** How a run, an activity or a child workflow ended, as Temporal records it. */
export type Outcome =
  | 'completed'
  | 'failed'
  | 'timed_out'
  | 'canceled'
  | 'terminated'
  | 'continued_as_new'
  | 'running';

/** A failure as history records it (message and type only; no stack, no details). */
export interface FailureRecord {
  message: string;
  type?: string;
}

/** A workflow's identity. */
export interface RunRef {
  workflowId: string;
  runId: string;
}

/** A run as summaries and logs name it: `workflowId/runId`. */
export const runLabel = (run: RunRef) => `${run.workflowId}/${run.runId}`;

/** One scheduled activity and everything history keeps about its attempts. */
export interface ActivityRecord {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  scheduledMs: number;
  /** Start of the last attempt; history records no other attempt's start. */
  startedMs?: number;
  /** Number of the last attempt (1 when it never retried). */
  attempt: number;
  /** Why the attempt before the last one failed. */
  lastFailure?: FailureRecord;
  /** The `traceparent` the workflow's tracing put on the activity: its StartActivity span. */
  traceparent?: string;
  closedMs?: number;
  outcome: Outcome;
  failure?: FailureRecord;
  retry?: { initialIntervalMs: number; backoffCoefficient: number; maximumIntervalMs?: number };
  input: Payload[];
  result: Payload[];
  summary?: Payload;
  /** A local activity, recorded as a marker: no task queue, no queue wait. */
  local?: boolean;
}

/** A durable timer. */
export interface TimerRecord {
  eventId: number;
  timerId: string;
  startedMs: number;
  endedMs?: number;
  fired: boolean;
}

/** A signal, an update or another message that came from outside the run. */
export interface MessageRecord {
  kind: 'signal' | 'update';
  eventId: number;
  name: string;
  updateId?: string;
  /** When it reached the run (signal received, update accepted). */
  receivedMs: number;
  /** When its handler finished (the workflow task after a signal; update completion). */
  handledMs: number;
  /** How long the run had been waiting on the outside world when it arrived. */
  waitedMs: number;
  identity?: string;
  /** What the sender sent (a signal's or update's arguments), still encoded. */
  input: Payload[];
  outcome: Outcome;
  failure?: FailureRecord;
}

/** A child workflow started by the run. */
export interface ChildRecord {
  initiatedEventId: number;
  workflowType: string;
  workflowId: string;
  runId?: string;
  initiatedMs: number;
  closedMs?: number;
  outcome: Outcome;
  failure?: FailureRecord;
}

/** One run of a workflow, read from its event history. */
export interface RunRecord extends RunRef {
  namespace: string;
  workflowType: string;
  taskQueue: string;
  attempt: number;
  startMs: number;
  closeMs?: number;
  outcome: Outcome;
  failure?: FailureRecord;
  /** Delay before the first workflow task started (start delay, cron or retry backoff included). */
  firstTaskDelayMs?: number;
  /** Sum of every workflow task's wait in the task queue (scheduled → started). */
  workflowTaskQueueMs: number;
  parent?: RunRef & { initiatedEventId?: number };
  /** The run this one continued (continue-as-new, retry or cron). */
  continuedFromRunId?: string;
  /** The run that continued this one (continue-as-new, retry or cron), named by its close event. */
  nextRunId?: string;
  /** The `traceparent` a traced client put in the start request's header. */
  startTraceparent?: string;
  /**
   * The `traceparent` on the first of the workflow's own outbound calls (activities,
   * children, signals) that carries one: set when its worker traced it live.
   */
  workerTraceparent?: string;
  /** Whether that header was written by this package's plugin (else by Temporal's interceptors). */
  workerTracedByPlugin?: boolean;
  input: Payload[];
  result: Payload[];
  activities: ActivityRecord[];
  timers: TimerRecord[];
  messages: MessageRecord[];
  children: ChildRecord[];
  nexusOperations: NexusOperationRecord[];
  /** For a run a Nexus operation's handler started: the caller's operation. */
  nexusCaller?: NexusCallerRef;
}
