// StartActivity, one RunActivity per attempt and, for a model activity, its
// LLM span, rebuilt from one scheduled activity's events. History keeps the
// start of the last attempt only: earlier attempts are placed by the retry
// policy and marked `temporal.activity.timing=estimated`.
import { FleetAttr, OpenInferenceAttr, SpanKindCode, SpanName, TemporalAttr } from '../common/semconv.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import {
  LLM_TOKEN_COUNT_COMPLETION,
  LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING,
  LLM_TOKEN_COUNT_PROMPT,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE,
  LLM_TOKEN_COUNT_TOTAL,
} from '../cost/attributes.js';
import { callPriceAttributes } from './call-pricing.js';
import { llmMessageAttributes } from './llm-messages.js';
import { llmToolAttributes } from './llm-tools.js';
import { knownQueueWaitMs } from './queue-waits.js';
import { jsonValue } from '../common/json-value.js';
import type { ModelCall } from './model-call.js';
import type { ActivityRecord, RunRecord } from './run-record.js';
import { definedOnly, outcomeFailure, type SpanList } from './span-list.js';

/** Where an activity's spans go and what they are told. */
export interface ActivityContext {
  run: RunRecord;
  spans: SpanList;
  id: (...part: (string | number)[]) => string;
  /** The run's identity attributes (runIdentity), made once per run. */
  runAttributes: Record<string, string>;
  /** Payload values, decoded beforehand. */
  args: unknown[];
  result: unknown;
}

/** What an activity's spans add to the run's time totals. */
export interface ActivityTimes {
  /** Run time of the last attempt. */
  runMs: number;
}

/** Adds the activity's spans under `parentId`; returns its times. */
export function addActivitySpans(
  ctx: ActivityContext,
  act: ActivityRecord,
  parentId: string,
  call?: ModelCall,
): ActivityTimes {
  const { run, spans, id } = ctx;
  const end = act.closedMs ?? run.closeMs ?? act.scheduledMs;
  const identity = {
    ...ctx.runAttributes,
    [TemporalAttr.TASK_QUEUE]: act.taskQueue || undefined,
    [TemporalAttr.ACTIVITY_ID]: act.activityId,
    [TemporalAttr.ACTIVITY_TYPE]: act.activityType,
  };
  const startId = spans.add({
    id: id('activity', act.scheduledEventId),
    name: `${SpanName.START_ACTIVITY}:${act.activityType}`,
    kind: SpanKindCode.CLIENT,
    parentId,
    startMs: act.scheduledMs,
    endMs: end,
    attributes: {
      ...identity,
      [TemporalAttr.ACTIVITY_LOCAL]: act.local ?? false,
      [TemporalAttr.OUTCOME]: act.outcome,
      [TemporalAttr.ACTIVITY_ATTEMPTS_OMITTED]: omittedAttempts(act) || undefined,
    },
    failure: outcomeFailure(act.outcome, act.failure),
  });
  if (act.startedMs === undefined) return { runMs: 0 };

  const attemptIdentity = { ...identity, [FleetAttr.ACTIVITY_ID]: act.activityId };
  for (const attempt of earlierAttempts(act)) {
    const attemptId = spans.add({
      id: id('activity', act.scheduledEventId, 'attempt', attempt.number),
      name: `${SpanName.RUN_ACTIVITY}:${act.activityType}`,
      kind: SpanKindCode.SERVER,
      parentId: startId,
      startMs: attempt.startMs,
      endMs: attempt.endMs,
      attributes: {
        ...attemptIdentity,
        [TemporalAttr.ACTIVITY_ATTEMPT]: attempt.number,
        [TemporalAttr.ACTIVITY_TIMING]: 'estimated',
        [TemporalAttr.ACTIVITY_RETRY_BACKOFF_MS]: attempt.backoffBeforeMs,
      },
      failure: attempt.failure,
    });
    if (call) addLlmSpan(ctx, call, act, attemptId, attempt, attempt.failure);
  }

  const last = act.attempt;
  const queueMs = knownQueueWaitMs(act);
  const lastFailure = outcomeFailure(act.outcome, act.failure);
  const lastId = spans.add({
    id: id('activity', act.scheduledEventId, 'attempt', last),
    name: `${SpanName.RUN_ACTIVITY}:${act.activityType}`,
    kind: SpanKindCode.SERVER,
    parentId: startId,
    startMs: act.startedMs,
    endMs: end,
    attributes: {
      ...attemptIdentity,
      [TemporalAttr.ACTIVITY_ATTEMPT]: last,
      [TemporalAttr.ACTIVITY_QUEUE_WAIT_MS]: queueMs,
      [TemporalAttr.ACTIVITY_RETRY_BACKOFF_MS]: last > 1 ? backoffMs(act, last - 1) : undefined,
      [OpenInferenceAttr.INPUT_VALUE]:
        call || ctx.args.every((a) => a === undefined) ? undefined : jsonValue(ctx.args),
      [OpenInferenceAttr.OUTPUT_VALUE]: call ? undefined : jsonValue(ctx.result),
    },
    failure: lastFailure,
  });
  if (call) addLlmSpan(ctx, call, act, lastId, { startMs: act.startedMs, endMs: end }, lastFailure);
  return { runMs: Math.max(0, end - act.startedMs) };
}

interface Attempt {
  number: number;
  startMs: number;
  endMs: number;
  backoffBeforeMs?: number;
  failure: { message: string; type?: string };
}

/** The retry policy's wait after attempt `n` failed; with no maximum, Temporal's default of 100 initial intervals. */
function backoffMs(act: ActivityRecord, n: number): number {
  const retry = act.retry ?? { initialIntervalMs: 1000, backoffCoefficient: 2 };
  const raw = retry.initialIntervalMs * retry.backoffCoefficient ** (n - 1);
  return Math.round(Math.min(raw, retry.maximumIntervalMs ?? 100 * retry.initialIntervalMs));
}

/**
 * Estimated attempts shown at each end: an activity retried for days (retry
 * policies are unlimited by default) would otherwise become thousands of spans.
 */
const SHOWN_ATTEMPTS_EACH_END = 10;

const omittedAttempts = (act: ActivityRecord) => Math.max(0, act.attempt - 1 - 2 * SHOWN_ATTEMPTS_EACH_END);

/**
 * Attempts 1 … last−1, laid out between scheduling and the last start: the
 * retry policy's backoffs between them, each as long as the last attempt ran
 * (the natural guess for the same work; all the time there is when the
 * recorded failure is a timeout), and what is left as waiting before each
 * retry (the server's dispatch, a busy queue).
 */
function earlierAttempts(act: ActivityRecord): Attempt[] {
  const count = act.attempt - 1;
  if (count <= 0 || act.startedMs === undefined) return [];
  const backoffs = Array.from({ length: count }, (_, i) => backoffMs(act, i + 1));
  const window = Math.max(0, act.startedMs - act.scheduledMs);
  const totalBackoff = backoffs.reduce((a, b) => a + b, 0);
  const scale = totalBackoff > window ? window / totalBackoff : 1;
  const spareEach = Math.max(0, window - totalBackoff * scale) / count;
  const lastRunMs = act.closedMs === undefined ? undefined : Math.max(0, act.closedMs - act.startedMs);
  const runEach =
    lastRunMs === undefined || act.lastFailure?.type === 'TimeoutFailure'
      ? spareEach
      : Math.min(lastRunMs, spareEach);
  const attempts: Attempt[] = [];
  let at = act.scheduledMs;
  for (let i = 0; i < count; i++) {
    const startMs = at;
    const endMs = startMs + runEach;
    at = endMs + backoffs[i] * scale + (spareEach - runEach);
    if (i >= SHOWN_ATTEMPTS_EACH_END && i < count - SHOWN_ATTEMPTS_EACH_END) continue;
    attempts.push({
      number: i + 1,
      startMs,
      endMs,
      backoffBeforeMs: i > 0 ? Math.round(backoffs[i - 1] * scale) : undefined,
      failure:
        i === count - 1 && act.lastFailure
          ? act.lastFailure
          : { message: 'attempt failed (history keeps only the last failure)' },
    });
  }
  return attempts;
}

/** The LLM span of one attempt of a model activity; `parentIsRemote` when its parent is in a live trace. */
export function addLlmSpan(
  ctx: Pick<ActivityContext, 'spans' | 'id'>,
  call: ModelCall,
  act: ActivityRecord,
  parentId: string,
  times: { startMs: number; endMs: number; number?: number },
  failure?: { message: string; type?: string },
  parentIsRemote = false,
): void {
  const attempt = times.number ?? act.attempt;
  const succeeded = !failure;
  const model = call.responseModel ?? call.requestModel;
  const tokens = succeeded && call.inputTokens !== undefined && call.outputTokens !== undefined;
  // Unset keys are dropped before the messages go in: the span's attributes are
  // then complete, and the object of 40-odd keys is not copied again to drop them.
  const attributes = definedOnly({
    [OpenInferenceAttr.SPAN_KIND]: 'LLM',
    [OpenInferenceAttr.LLM_PROVIDER]: call.provider,
    [OpenInferenceAttr.LLM_SYSTEM]: call.provider,
    [OpenInferenceAttr.LLM_MODEL_NAME]: model,
    [GenAiAttr.OPERATION_NAME]: GenAiOperation.CHAT,
    [GenAiAttr.PROVIDER_NAME]: call.provider,
    [GenAiAttr.REQUEST_MODEL]: call.requestModel,
    [GenAiAttr.RESPONSE_MODEL]: succeeded ? call.responseModel : undefined,
    [LLM_TOKEN_COUNT_PROMPT]: tokens ? call.inputTokens : undefined,
    [LLM_TOKEN_COUNT_COMPLETION]: tokens ? call.outputTokens : undefined,
    [LLM_TOKEN_COUNT_TOTAL]: tokens ? call.inputTokens! + call.outputTokens! : undefined,
    [LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ]: tokens ? call.cachedInputTokens : undefined,
    [LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE]: tokens ? call.cacheWriteTokens : undefined,
    [LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING]: tokens ? call.reasoningTokens : undefined,
    [OpenInferenceAttr.INPUT_VALUE]: jsonValue(call.inputItems),
    [OpenInferenceAttr.INPUT_MIME_TYPE]: call.inputItems ? 'application/json' : undefined,
    [OpenInferenceAttr.OUTPUT_VALUE]: succeeded ? jsonValue(call.output) : undefined,
    [OpenInferenceAttr.OUTPUT_MIME_TYPE]:
      succeeded && call.output !== undefined ? 'application/json' : undefined,
  });
  llmMessageAttributes(call, succeeded, attributes);
  llmToolAttributes(call.tools, attributes);
  // The same estimate the rollups add; priced here, so the cost processor leaves the span alone.
  if (succeeded) Object.assign(attributes, callPriceAttributes(call, attributes));
  ctx.spans.add({
    id: ctx.id('llm', act.scheduledEventId, attempt),
    name: call.spanName,
    kind: SpanKindCode.CLIENT,
    parentId,
    parentIsRemote,
    startMs: times.startMs,
    endMs: times.endMs,
    attributes,
    failure,
  });
}
