// The trace of one run, rebuilt from its RunRecord: RunWorkflow, agents (where
// the model activity names them), tools, activities with every attempt, LLM
// calls, timers, signals, updates and child workflows, with the same rollups
// as a live trace.
import { OpenInferenceAttr, SpanKindCode, SpanName, TemporalAttr, TimeTotalAttr } from '../common/semconv.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import type { SerializedSpan } from '../common/sink.js';
import { jsonValue } from '../common/json-value.js';
import { type RollupSnapshot, UsageRollup } from '../common/rollup.js';
import { temporalRunUrl } from '../config/links-config.js';
import { addActivitySpans, type ActivityContext } from './activity-spans.js';
import { pricingOf } from './call-pricing.js';
import { type AgentThread, groupAgentThreads } from './agent-threads.js';
import { type ModelCall, type ModelCallReader, readModelCall } from './model-call.js';
import type { PayloadValues } from './payload-values.js';
import type { ActivityRecord, RunRecord } from './run-record.js';
import { outcomeFailure, runIdentity, SpanList } from './span-list.js';
import { historySpanId } from './span-ids.js';
import { addHumanWait } from './human-waits.js';
import { addNexusOperationSpans } from './nexus-spans.js';
import { childSpanPart } from './nested-runs.js';
import { knownQueueTotalMs } from './queue-waits.js';

/** How one run's trace is placed and read. */
export interface BuildOptions {
  traceId: string;
  /** The span the run hangs under: a traced client's, or the parent run's StartChildWorkflow. */
  parent?: { spanId: string; isRemote: boolean };
  /** Links of RunWorkflow, e.g. to the run this one continued. */
  links?: SerializedSpan['links'];
  values: PayloadValues;
  /** The reader of an activity type's model calls, if it is a model activity. */
  modelReaderFor: (activityType: string) => ModelCallReader | undefined;
  /** Activity types configured as tools (besides those matched to a model's tool call). */
  isToolActivity: (activityType: string) => boolean;
  /** Base of the Temporal Web UI, for `temporal.ui.url`. */
  temporalUiUrl?: string;
}

/** One run's rebuilt spans and what they add up to. */
export interface RebuiltRun {
  spans: SerializedSpan[];
  usage: RollupSnapshot;
}

/** Rebuilds one run's spans. Pure: the same record and options give the same spans. */
export function buildRunTrace(run: RunRecord, options: BuildOptions): RebuiltRun {
  const spans = new SpanList(options.traceId);
  const id = (...part: (string | number)[]) => historySpanId(run.namespace, run, ...part);
  const runSpanId = id('run');
  const { values } = options;
  const calls = new Map<ActivityRecord, ModelCall>();
  for (const act of run.activities) {
    const reader = options.modelReaderFor(act.activityType);
    const call = reader && act.input.length ? readModelCall(reader, act, values) : undefined;
    if (call) calls.set(act, call);
  }
  const threads = groupAgentThreads(
    run.activities,
    (a) => calls.get(a),
    (a) => values(a.input),
    options.isToolActivity,
  );

  const usage = new UsageRollup();
  const totals = { model: 0, tool: 0, queue: knownQueueTotalMs(run), human: 0 };
  const placed = new Set<ActivityRecord>();
  const runAttributes = runIdentity(run);
  const activity = (act: ActivityRecord, parentId: string) => {
    placed.add(act);
    const ctx: ActivityContext = {
      run,
      spans,
      id,
      runAttributes,
      args: values(act.input),
      result: values(act.result)[0],
    };
    const call = calls.get(act);
    const times = addActivitySpans(ctx, act, parentId, call);
    if (call) totals.model += times.runMs;
    else totals.tool += times.runMs;
    return call;
  };

  for (const thread of threads) {
    const named = thread.agentName !== undefined;
    const agentId = named ? id('agent', thread.calls[0].activity.scheduledEventId) : runSpanId;
    const agentUsage = new UsageRollup();
    for (const { activity: act } of thread.calls) {
      const call = activity(act, agentId);
      if (call && act.outcome === 'completed') agentUsage.add(pricingOf(call).summary);
    }
    for (const { activity: act, toolName } of thread.tools) {
      const toolId = id('tool', act.scheduledEventId);
      spans.add({
        id: toolId,
        name: `tool ${toolName}`,
        kind: SpanKindCode.INTERNAL,
        parentId: agentId,
        startMs: act.scheduledMs,
        endMs: act.closedMs ?? act.scheduledMs,
        attributes: {
          [OpenInferenceAttr.SPAN_KIND]: 'TOOL',
          [OpenInferenceAttr.TOOL_NAME]: toolName,
          [GenAiAttr.OPERATION_NAME]: GenAiOperation.EXECUTE_TOOL,
          [GenAiAttr.TOOL_NAME]: toolName,
          [OpenInferenceAttr.INPUT_VALUE]: jsonValue(values(act.input)[0]),
          [OpenInferenceAttr.INPUT_MIME_TYPE]: 'application/json',
          [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(values(act.result)[0]),
        },
        failure: outcomeFailure(act.outcome, act.failure),
      });
      activity(act, toolId);
    }
    usage.merge(agentUsage);
    if (named) addAgentSpan(spans, agentId, runSpanId, thread, agentUsage);
  }
  for (const act of run.activities) if (!placed.has(act)) activity(act, runSpanId);

  for (const child of run.children) {
    spans.add({
      id: id(...childSpanPart(child.initiatedEventId)),
      name: `${SpanName.START_CHILD_WORKFLOW}:${child.workflowType}`,
      kind: SpanKindCode.CLIENT,
      parentId: runSpanId,
      startMs: child.initiatedMs,
      endMs: child.closedMs ?? run.closeMs ?? child.initiatedMs,
      attributes: {
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [TemporalAttr.CHILD_WORKFLOW_ID]: child.workflowId,
        [TemporalAttr.OUTCOME]: child.outcome,
      },
      failure: outcomeFailure(child.outcome, child.failure),
    });
  }
  addNexusOperationSpans(spans, run, id, values, runSpanId);
  for (const timer of run.timers) {
    spans.add({
      id: id('timer', timer.eventId),
      name: SpanName.TIMER,
      kind: SpanKindCode.INTERNAL,
      parentId: runSpanId,
      startMs: timer.startedMs,
      endMs: timer.endedMs ?? run.closeMs ?? timer.startedMs,
      attributes: {
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [TemporalAttr.TIMER_ID]: timer.timerId,
        [TemporalAttr.OUTCOME]: timer.fired ? 'fired' : timer.endedMs ? 'canceled' : 'running',
      },
    });
  }
  for (const message of run.messages) {
    totals.human += message.waitedMs;
    addHumanWait(spans, message, values, { spanId: id('human', message.eventId), parentId: runSpanId });
    const signal = message.kind === 'signal';
    spans.add({
      id: id(message.kind, message.eventId),
      name: `${signal ? SpanName.HANDLE_SIGNAL : SpanName.HANDLE_UPDATE}:${message.name}`,
      kind: SpanKindCode.SERVER,
      parentId: runSpanId,
      startMs: message.receivedMs,
      endMs: message.handledMs,
      attributes: {
        [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
        [signal ? TemporalAttr.SIGNAL_NAME : TemporalAttr.UPDATE_NAME]: message.name,
        [TemporalAttr.UPDATE_ID]: message.updateId,
        [TemporalAttr.MESSAGE_WAIT_MS]: message.waitedMs,
        [TemporalAttr.MESSAGE_SENDER]: message.identity,
      },
      failure: outcomeFailure(message.outcome, message.failure),
    });
  }

  const args = values(run.input);
  spans.add({
    id: runSpanId,
    name: `${SpanName.RUN_WORKFLOW}:${run.workflowType}`,
    kind: SpanKindCode.SERVER,
    parentId: options.parent?.spanId,
    parentIsRemote: options.parent?.isRemote,
    startMs: run.startMs,
    endMs: run.closeMs ?? run.startMs,
    links: options.links,
    attributes: {
      ...runAttributes,
      [TemporalAttr.TASK_QUEUE]: run.taskQueue,
      [TemporalAttr.WORKFLOW_ATTEMPT]: run.attempt,
      [OpenInferenceAttr.INPUT_VALUE]: jsonValue(args.some((a) => a !== undefined) ? args : undefined),
      [OpenInferenceAttr.INPUT_MIME_TYPE]: 'application/json',
      [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(values(run.result)[0]),
      [OpenInferenceAttr.OUTPUT_MIME_TYPE]: run.result.length ? 'application/json' : undefined,
      [TemporalAttr.OUTCOME]: run.outcome,
      [TemporalAttr.TRACE_SOURCE]: 'history',
      [TemporalAttr.UI_URL]: options.temporalUiUrl
        ? temporalRunUrl(options.temporalUiUrl, run.namespace, run.workflowId, run.runId)
        : undefined,
      [TemporalAttr.WORKFLOW_FIRST_TASK_DELAY_MS]: run.firstTaskDelayMs,
      [TemporalAttr.WORKFLOW_TASK_QUEUE_WAIT_MS]: run.workflowTaskQueueMs,
      [TimeTotalAttr.MODEL_MS]: totals.model,
      [TimeTotalAttr.TOOL_MS]: totals.tool,
      [TimeTotalAttr.QUEUE_MS]: totals.queue,
      [TimeTotalAttr.HUMAN_MS]: totals.human,
      ...usage.toAttributes(),
    },
    failure: outcomeFailure(run.outcome, run.failure),
  });
  return { spans: spans.spans, usage: usage.snapshot() };
}

function addAgentSpan(
  spans: SpanList,
  agentId: string,
  runSpanId: string,
  thread: AgentThread,
  usage: UsageRollup,
): void {
  const acts = [...thread.calls.map((c) => c.activity), ...thread.tools.map((t) => t.activity)];
  const first = thread.calls[0];
  const last = thread.calls[thread.calls.length - 1];
  const failed = acts.find((a) => a.outcome !== 'completed');
  spans.add({
    id: agentId,
    name: `agent ${thread.agentName}`,
    kind: SpanKindCode.INTERNAL,
    parentId: runSpanId,
    startMs: Math.min(...acts.map((a) => a.scheduledMs)),
    endMs: Math.max(...acts.map((a) => a.closedMs ?? a.scheduledMs)),
    attributes: {
      [OpenInferenceAttr.SPAN_KIND]: 'AGENT',
      [OpenInferenceAttr.AGENT_NAME]: thread.agentName,
      [GenAiAttr.OPERATION_NAME]: GenAiOperation.INVOKE_AGENT,
      [GenAiAttr.AGENT_NAME]: thread.agentName,
      [OpenInferenceAttr.INPUT_VALUE]: jsonValue(firstUserText(first.call.inputItems)),
      [OpenInferenceAttr.OUTPUT_VALUE]: jsonValue(lastAnswerText(last.call.output)),
      ...usage.toAttributes(),
    },
    failure: failed && failed === last.activity ? outcomeFailure(failed.outcome, failed.failure) : undefined,
  });
}

function firstUserText(items: unknown[] | undefined): unknown {
  const first = items?.[0] as { content?: unknown } | undefined;
  return typeof first?.content === 'string' ? first.content : first;
}

function lastAnswerText(output: unknown): unknown {
  if (!Array.isArray(output)) return output;
  const texts = output
    .filter((i) => i?.type === 'message')
    .flatMap((i) => (Array.isArray(i.content) ? i.content : []))
    .map((c: { text?: unknown }) => c?.text)
    .filter((t): t is string => typeof t === 'string');
  return texts.length ? texts.join('') : undefined;
}
