// Reads a run's event history (Temporal's protobuf objects, as the client
// fetches them or `historyFromJSON` parses them) into a RunRecord. Events are
// told apart by which `…EventAttributes` field they carry, so this module
// needs no protobuf enums and reads histories of any SDK and language.
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { localActivityOf } from './local-activity-markers.js';
import { NexusOperationReader, nexusCallerOf } from './nexus-operations.js';
import { failureOf, int, millis, payloads } from './proto-values.js';
import type {
  ActivityRecord,
  ChildRecord,
  FailureRecord,
  MessageRecord,
  Outcome,
  RunRecord,
} from './run-record.js';
import { headerTraceparent, noteWorkerHeader } from './trace-headers.js';

export { int, millis } from './proto-values.js';

type HistoryEvent = NonNullable<History['events']>[number];
// History is protobuf data with optional fields everywhere; read it loosely.
type Loose = Record<string, any>;

/** Reads one run's history. `namespace` is not in the history, so the caller says it. */
export function readRunHistory(history: History, namespace: string, runId?: string): RunRecord {
  const events = history.events ?? [];
  const first = events[0] as Loose | undefined;
  const started = first?.workflowExecutionStartedEventAttributes as Loose | undefined;
  if (!started) throw new Error('history does not begin with WorkflowExecutionStarted');
  const run: RunRecord = {
    namespace,
    workflowId: String(started.workflowId ?? ''),
    runId: '',
    workflowType: String(started.workflowType?.name ?? ''),
    taskQueue: String(started.taskQueue?.name ?? ''),
    attempt: int(started.attempt) || 1,
    startMs: millis(first!.eventTime),
    outcome: 'running',
    workflowTaskQueueMs: 0,
    input: payloads(started.input),
    result: [],
    activities: [],
    timers: [],
    messages: [],
    children: [],
    nexusOperations: [],
  };
  run.runId = runId ?? String(started.originalExecutionRunId || started.firstExecutionRunId || '');
  if (started.parentWorkflowExecution?.workflowId) {
    run.parent = {
      workflowId: String(started.parentWorkflowExecution.workflowId),
      runId: String(started.parentWorkflowExecution.runId ?? ''),
      initiatedEventId: int(started.parentInitiatedEventId) || undefined,
    };
  }
  if (started.continuedExecutionRunId) run.continuedFromRunId = String(started.continuedExecutionRunId);
  run.nexusCaller = nexusCallerOf(started);
  run.startTraceparent = headerTraceparent(started.header);

  const activities = new Map<number, ActivityRecord>();
  const children = new Map<number, ChildRecord>();
  const timers = new Map<number, RunRecord['timers'][number]>();
  const updates = new Map<string, MessageRecord>();
  const nexus = new NexusOperationReader();
  const wftScheduled = new Map<number, number>();
  const unhandledSignals: MessageRecord[] = [];
  let idleSince = run.startMs;
  // The last completed workflow task: when it was scheduled, and since when the run had been idle before it.
  // An update is accepted after the task that took it, which its arrival scheduled.
  let lastTask = { scheduledMs: run.startMs, idleSince: run.startMs };
  let taskScheduledMs = run.startMs;
  // Where the next local activity of the current workflow task may have started (Go's markers say only when it ended).
  let localCursor = run.startMs;

  for (const event of events as (HistoryEvent & Loose)[]) {
    const id = int(event.eventId);
    const at = millis(event.eventTime);
    const a = (name: string): Loose | undefined => event[name] ?? undefined;
    let x: Loose | undefined;

    if ((x = a('workflowTaskScheduledEventAttributes'))) wftScheduled.set(id, at);
    else if ((x = a('workflowTaskStartedEventAttributes'))) {
      localCursor = at;
      const scheduled = wftScheduled.get(int(x.scheduledEventId));
      if (scheduled !== undefined) run.workflowTaskQueueMs += Math.max(0, at - scheduled);
      taskScheduledMs = scheduled ?? at;
      run.firstTaskDelayMs ??= Math.max(0, at - run.startMs);
    } else if ((x = a('workflowTaskCompletedEventAttributes'))) {
      for (const signal of unhandledSignals.splice(0)) signal.handledMs = at;
      lastTask = { scheduledMs: taskScheduledMs, idleSince };
      idleSince = at;
    } else if ((x = a('activityTaskScheduledEventAttributes'))) {
      const traceparent = noteWorkerHeader(run, x.header);
      const retry = x.retryPolicy as Loose | undefined;
      activities.set(id, {
        scheduledEventId: id,
        activityId: String(x.activityId ?? ''),
        activityType: String(x.activityType?.name ?? ''),
        taskQueue: String(x.taskQueue?.name ?? ''),
        scheduledMs: at,
        attempt: 1,
        outcome: 'running',
        traceparent,
        input: payloads(x.input),
        result: [],
        summary: (event as Loose).userMetadata?.summary ?? undefined,
        retry: retry
          ? {
              initialIntervalMs: millis(retry.initialInterval) || 1000,
              backoffCoefficient: Number(retry.backoffCoefficient) || 2,
              maximumIntervalMs: millis(retry.maximumInterval) || undefined,
            }
          : undefined,
      });
    } else if ((x = a('activityTaskStartedEventAttributes'))) {
      const act = activities.get(int(x.scheduledEventId));
      if (act) {
        act.startedMs = at;
        act.attempt = int(x.attempt) || 1;
        act.lastFailure = failureOf(x.lastFailure);
      }
    } else if ((x = a('activityTaskCompletedEventAttributes'))) {
      closeActivity(activities, x, at, 'completed');
    } else if ((x = a('activityTaskFailedEventAttributes'))) {
      closeActivity(activities, x, at, 'failed');
    } else if ((x = a('activityTaskTimedOutEventAttributes'))) {
      closeActivity(activities, x, at, 'timed_out');
    } else if ((x = a('activityTaskCanceledEventAttributes'))) {
      closeActivity(activities, x, at, 'canceled');
    } else if ((x = a('timerStartedEventAttributes'))) {
      timers.set(id, { eventId: id, timerId: String(x.timerId ?? ''), startedMs: at, fired: false });
    } else if ((x = a('timerFiredEventAttributes')) || (x = a('timerCanceledEventAttributes'))) {
      const timer = timers.get(int(x.startedEventId));
      if (timer) {
        timer.endedMs = at;
        timer.fired = Boolean(event.timerFiredEventAttributes);
      }
    } else if ((x = a('workflowExecutionSignaledEventAttributes'))) {
      const signal: MessageRecord = {
        kind: 'signal',
        eventId: id,
        name: String(x.signalName ?? ''),
        receivedMs: at,
        handledMs: at,
        waitedMs: Math.max(0, at - idleSince),
        identity: x.identity ? String(x.identity) : undefined,
        input: payloads(x.input),
        outcome: 'completed',
      };
      unhandledSignals.push(signal);
      run.messages.push(signal);
      idleSince = at; // the next message's wait starts here: waits never overlap
    } else if ((x = a('workflowExecutionUpdateAcceptedEventAttributes'))) {
      const request = x.acceptedRequest as Loose | undefined;
      const updateId = String(request?.meta?.updateId ?? x.protocolInstanceId ?? id);
      const update: MessageRecord = {
        kind: 'update',
        eventId: id,
        name: String(request?.input?.name ?? ''),
        updateId,
        receivedMs: lastTask.scheduledMs,
        handledMs: at,
        waitedMs: Math.max(0, lastTask.scheduledMs - lastTask.idleSince),
        identity: request?.meta?.identity ? String(request.meta.identity) : undefined,
        input: payloads(request?.input?.args),
        outcome: 'running',
      };
      lastTask.idleSince = lastTask.scheduledMs; // another update the same task took waited no longer
      updates.set(updateId, update);
      run.messages.push(update);
    } else if ((x = a('workflowExecutionUpdateCompletedEventAttributes'))) {
      const update = updates.get(String(x.meta?.updateId ?? ''));
      if (update) {
        update.handledMs = at;
        update.failure = failureOf(x.outcome?.failure);
        update.outcome = update.failure ? 'failed' : 'completed';
      }
    } else if ((x = a('startChildWorkflowExecutionInitiatedEventAttributes'))) {
      noteWorkerHeader(run, x.header);
      children.set(id, {
        initiatedEventId: id,
        workflowType: String(x.workflowType?.name ?? ''),
        workflowId: String(x.workflowId ?? ''),
        initiatedMs: at,
        outcome: 'running',
      });
    } else if ((x = a('childWorkflowExecutionStartedEventAttributes'))) {
      const child = children.get(int(x.initiatedEventId));
      if (child) child.runId = String(x.workflowExecution?.runId ?? '');
    } else if ((x = a('startChildWorkflowExecutionFailedEventAttributes'))) {
      closeChild(children, x, at, 'failed', {
        message: `child did not start: ${startFailureCause(x.cause)}`,
      });
    } else if ((x = a('childWorkflowExecutionCompletedEventAttributes'))) {
      closeChild(children, x, at, 'completed');
    } else if ((x = a('childWorkflowExecutionFailedEventAttributes'))) {
      closeChild(children, x, at, 'failed', failureOf(x.failure));
    } else if ((x = a('childWorkflowExecutionTimedOutEventAttributes'))) {
      closeChild(children, x, at, 'timed_out');
    } else if ((x = a('childWorkflowExecutionCanceledEventAttributes'))) {
      closeChild(children, x, at, 'canceled');
    } else if ((x = a('childWorkflowExecutionTerminatedEventAttributes'))) {
      closeChild(children, x, at, 'terminated');
    } else if ((x = a('signalExternalWorkflowExecutionInitiatedEventAttributes'))) {
      noteWorkerHeader(run, x.header);
    } else if ((x = a('markerRecordedEventAttributes'))) {
      const local = localActivityOf(x, id, at, localCursor);
      if (local) {
        activities.set(id, local);
        localCursor = local.closedMs ?? at;
      }
    } else if (nexus.read(event, id, at)) {
      // A Nexus operation's event, folded into its record.
    } else if ((x = a('workflowExecutionCompletedEventAttributes'))) {
      closeRun(run, at, 'completed', undefined, x);
      run.result = payloads(x.result);
    } else if ((x = a('workflowExecutionFailedEventAttributes'))) {
      closeRun(run, at, 'failed', failureOf(x.failure), x);
    } else if ((x = a('workflowExecutionTimedOutEventAttributes'))) {
      closeRun(run, at, 'timed_out', { message: 'workflow timed out', type: 'TimeoutFailure' }, x);
    } else if ((x = a('workflowExecutionCanceledEventAttributes'))) {
      closeRun(run, at, 'canceled');
    } else if ((x = a('workflowExecutionTerminatedEventAttributes'))) {
      closeRun(run, at, 'terminated', {
        message: String(x.reason || 'terminated'),
        type: 'TerminatedFailure',
      });
    } else if ((x = a('workflowExecutionContinuedAsNewEventAttributes'))) {
      closeRun(run, at, 'continued_as_new', undefined, x);
    }
  }
  run.activities = [...activities.values()];
  run.children = [...children.values()];
  run.timers = [...timers.values()];
  run.nexusOperations = nexus.records();
  return run;
}

function closeActivity(
  activities: Map<number, ActivityRecord>,
  x: Loose,
  at: number,
  outcome: Outcome,
): void {
  const act = activities.get(int(x.scheduledEventId));
  if (!act) return;
  act.closedMs = at;
  act.outcome = outcome;
  if (outcome === 'completed') act.result = payloads(x.result);
  act.failure = failureOf(x.failure);
}

function closeChild(
  children: Map<number, ChildRecord>,
  x: Loose,
  at: number,
  outcome: Outcome,
  failure?: FailureRecord,
): void {
  const child = children.get(int(x.initiatedEventId));
  if (!child) return;
  child.closedMs = at;
  child.outcome = outcome;
  child.failure = failure;
}

/** Closes the run; `x` is its close event's attributes, which name the next run of a retry, cron or continue-as-new. */
function closeRun(run: RunRecord, at: number, outcome: Outcome, failure?: FailureRecord, x?: Loose): void {
  run.closeMs = at;
  run.outcome = outcome;
  run.failure = failure;
  if (x?.newExecutionRunId) run.nextRunId = String(x.newExecutionRunId);
}

/** Why a child did not start, in words: the cause is an enum, a number or its name by how the history was read. */
function startFailureCause(cause: unknown): string {
  const names = [
    'unspecified',
    'workflow already exists',
    'namespace not found',
    'invalid versioning override',
  ];
  const known = typeof cause === 'number' ? names[cause] : undefined;
  if (known) return known;
  const text = String(cause ?? 'unspecified').replace(/^START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_/, '');
  return text.toLowerCase().replace(/_/g, ' ');
}
