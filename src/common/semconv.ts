// Our attribute and span names, and OpenInference's as we use them (taken from
// its semantic-conventions package, which has no imports and so is bundled
// into the sandbox too). GenAI names live in gen-ai.ts, rollup names in
// rollup-attributes.ts; no other module spells an attribute name (lint rule).
import {
  SEMRESATTRS_PROJECT_NAME,
  SemanticConventions as OI,
} from '@arizeai/openinference-semantic-conventions';

/** Span name prefixes; the full name is `<prefix>:<type>`, as in Temporal's own interceptors. */
export const SpanName = {
  START_WORKFLOW: 'StartWorkflow',
  SIGNAL_WITH_START_WORKFLOW: 'SignalWithStartWorkflow',
  SIGNAL_WORKFLOW: 'SignalWorkflow',
  QUERY_WORKFLOW: 'QueryWorkflow',
  START_WORKFLOW_UPDATE: 'StartWorkflowUpdate',
  RUN_WORKFLOW: 'RunWorkflow',
  HANDLE_SIGNAL: 'HandleSignal',
  HANDLE_UPDATE: 'HandleUpdate',
  START_ACTIVITY: 'StartActivity',
  RUN_ACTIVITY: 'RunActivity',
  START_CHILD_WORKFLOW: 'StartChildWorkflow',
  /** As Temporal's own interceptors name it: `StartNexusOperation:<service>/<operation>`. */
  START_NEXUS_OPERATION: 'StartNexusOperation',
  /** The handler worker's side of a Nexus start request, as Temporal's Go interceptors name it. */
  RUN_START_NEXUS_OPERATION_HANDLER: 'RunStartNexusOperationHandler',
  /** The handler worker's side of a Nexus cancel request, as Temporal's Go interceptors name it. */
  RUN_CANCEL_NEXUS_OPERATION_HANDLER: 'RunCancelNexusOperationHandler',
  SIGNAL_EXTERNAL_WORKFLOW: 'SignalExternalWorkflow',
  CONTINUE_AS_NEW: 'ContinueAsNew',
  TIMER: 'Timer',
  /** The time a run waits for a person (a review, an approval): `HumanWait:<label>`. */
  HUMAN_WAIT: 'HumanWait',
} as const;

/** Normalized Temporal identity attributes (never memo, search attributes or results). */
export const TemporalAttr = {
  WORKFLOW_ID: 'temporal.workflow.id',
  RUN_ID: 'temporal.run.id',
  WORKFLOW_TYPE: 'temporal.workflow.type',
  TASK_QUEUE: 'temporal.task_queue',
  NAMESPACE: 'temporal.namespace',
  WORKFLOW_ATTEMPT: 'temporal.workflow.attempt',
  ACTIVITY_ID: 'temporal.activity.id',
  ACTIVITY_TYPE: 'temporal.activity.type',
  ACTIVITY_ATTEMPT: 'temporal.activity.attempt',
  SIGNAL_NAME: 'temporal.signal.name',
  UPDATE_NAME: 'temporal.update.name',
  UPDATE_ID: 'temporal.update.id',
  QUERY_NAME: 'temporal.query.name',
  CHILD_WORKFLOW_ID: 'temporal.child_workflow.id',
  ACTIVITY_LOCAL: 'temporal.activity.local',
  OUTCOME: 'temporal.outcome',
  /** Milliseconds the attempt waited in its task queue (Temporal's schedule-to-start). */
  ACTIVITY_QUEUE_WAIT_MS: 'temporal.activity.queue_wait_ms',
  /** Milliseconds between the previous attempt's failure and this attempt (retry policy backoff). */
  ACTIVITY_RETRY_BACKOFF_MS: 'temporal.activity.retry_backoff_ms',
  /**
   * On a failed attempt: milliseconds the server will wait before the next one (the
   * failure's own delay, e.g. a 429's retry-after, or the retry policy's backoff).
   */
  ACTIVITY_NEXT_RETRY_DELAY_MS: 'temporal.activity.next_retry_delay_ms',
  /** `estimated` on attempts whose times history does not keep (all but the last), derived from the retry policy. */
  ACTIVITY_TIMING: 'temporal.activity.timing',
  /** On a rebuilt StartActivity: estimated attempts left out of the trace (only the first and last few are spans). */
  ACTIVITY_ATTEMPTS_OMITTED: 'temporal.activity.attempts_omitted',
  /** Milliseconds from the run's start to its first workflow task. */
  WORKFLOW_FIRST_TASK_DELAY_MS: 'temporal.workflow.first_task_delay_ms',
  /** Milliseconds the run's workflow tasks waited in their task queue, summed. */
  WORKFLOW_TASK_QUEUE_WAIT_MS: 'temporal.workflow_task.queue_wait_ms',
  /** Milliseconds the run had been waiting, since it last made progress, when a signal or update arrived. */
  MESSAGE_WAIT_MS: 'temporal.message.wait_ms',
  /** Identity of the client that sent a signal or update. */
  MESSAGE_SENDER: 'temporal.message.sender',
  TIMER_ID: 'temporal.timer.id',
  /** The run's page in the Temporal Web UI (set when `TEMPORAL_UI_URL` is). */
  UI_URL: 'temporal.ui.url',
  /** `history` on runs rebuilt from Temporal's event history rather than traced live. */
  TRACE_SOURCE: 'temporal.trace.source',
} as const;

/** A Nexus operation a run called, on its StartNexusOperation span. */
export const NexusAttr = {
  ENDPOINT: 'temporal.nexus.endpoint',
  SERVICE: 'temporal.nexus.service',
  OPERATION: 'temporal.nexus.operation',
  /** The handler's token for an asynchronous operation. */
  OPERATION_TOKEN: 'temporal.nexus.operation_token',
  /** Milliseconds from scheduling an asynchronous operation until its handler said it had started. */
  START_WAIT_MS: 'temporal.nexus.start_wait_ms',
  /** The workflow an asynchronous operation's handler started. */
  HANDLER_WORKFLOW_ID: 'temporal.nexus.handler.workflow_id',
  HANDLER_RUN_ID: 'temporal.nexus.handler.run_id',
} as const;

/**
 * Where a run's time went, summed over its calls (parallel calls add up, so
 * the sums may exceed the run's duration). On RunWorkflow spans.
 */
export const TimeTotalAttr = {
  MODEL_MS: 'temporal.time.model_ms',
  TOOL_MS: 'temporal.time.tool_ms',
  QUEUE_MS: 'temporal.time.queue_ms',
  HUMAN_MS: 'temporal.time.human_ms',
} as const;

/**
 * The id keys Temporal's Python and Go interceptors put on their spans. We set
 * them beside ours on Run and Start spans, so a trace that crosses Python or
 * Go workers is searchable by one key (see docs/decisions.md).
 */
export const FleetAttr = {
  WORKFLOW_ID: 'temporalWorkflowID',
  RUN_ID: 'temporalRunID',
  ACTIVITY_ID: 'temporalActivityID',
  /** Temporal's TypeScript interceptors' Nexus keys. */
  NEXUS_ENDPOINT: 'temporalNexusEndpoint',
  NEXUS_SERVICE: 'temporalNexusService',
  NEXUS_OPERATION: 'temporalNexusOperation',
} as const;

/**
 * OpenTelemetry span kinds as numbers (the API's `SpanKind` enum values), so
 * sandbox code can name them without importing `@opentelemetry/api`. Run and
 * Handle spans are SERVER and Start/Signal spans CLIENT, as Temporal's Python
 * and Go interceptors make them: trace backends then draw a service graph.
 */
export const SpanKindCode = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
/** One of the {@link SpanKindCode} numbers. */
export type SpanKindCode = (typeof SpanKindCode)[keyof typeof SpanKindCode];

/** What a person decided, on `HumanWait` spans. */
export const HumanAttr = {
  /** The decision, e.g. `approve`, `reject`, `edit`. */
  DECISION: 'human.decision',
  /** Who decided, as the application names them. */
  DECIDER: 'human.decider',
  REASON: 'human.reason',
  /** What was put before the person, e.g. the tool a call of which awaits approval. */
  SUBJECT: 'human.subject',
} as const;

/** Identity of a run of the generic agent workflow, on its RunWorkflow span. */
export const AgentRunAttr = {
  PROJECT_ID: 'agent.run.project_id',
  AGENT_ID: 'agent.run.agent_id',
  AGENT_VERSION: 'agent.run.agent_version',
} as const;

/** OpenInference attribute names used on the spans we create. */
export const OpenInferenceAttr = {
  SPAN_KIND: OI.OPENINFERENCE_SPAN_KIND,
  INPUT_VALUE: OI.INPUT_VALUE,
  INPUT_MIME_TYPE: OI.INPUT_MIME_TYPE,
  OUTPUT_VALUE: OI.OUTPUT_VALUE,
  OUTPUT_MIME_TYPE: OI.OUTPUT_MIME_TYPE,
  AGENT_NAME: OI.AGENT_NAME,
  TOOL_NAME: OI.TOOL_NAME,
  TOOL_DESCRIPTION: OI.TOOL_DESCRIPTION,
  TOOL_PARAMETERS: OI.TOOL_PARAMETERS,
  LLM_SYSTEM: OI.LLM_SYSTEM,
  LLM_PROVIDER: OI.LLM_PROVIDER,
  LLM_MODEL_NAME: OI.LLM_MODEL_NAME,
  LLM_TOKEN_COUNT_TOTAL: OI.LLM_TOKEN_COUNT_TOTAL,
  LLM_COST_TOTAL: OI.LLM_COST_TOTAL,
  /** A resource attribute: the Phoenix project spans are filed under. */
  PROJECT_NAME: SEMRESATTRS_PROJECT_NAME,
} as const;

/**
 * OpenInference's flattened chat messages, as its instrumentations record an
 * LLM call: `llm.input_messages.<i>.message.role`,
 * `llm.output_messages.<i>.message.tool_calls.<k>.tool_call.function.name`, …
 */
export const MessageAttr = {
  INPUT_MESSAGES: OI.LLM_INPUT_MESSAGES,
  OUTPUT_MESSAGES: OI.LLM_OUTPUT_MESSAGES,
  ROLE: OI.MESSAGE_ROLE,
  CONTENT: OI.MESSAGE_CONTENT,
  CONTENTS: OI.MESSAGE_CONTENTS,
  CONTENT_TYPE: OI.MESSAGE_CONTENT_TYPE,
  CONTENT_TEXT: OI.MESSAGE_CONTENT_TEXT,
  TOOL_CALLS: OI.MESSAGE_TOOL_CALLS,
  /** On a tool's answer: the call it answers. */
  TOOL_CALL_ID: OI.MESSAGE_TOOL_CALL_ID,
  /** On one of a message's tool calls: its id. */
  CALL_ID: OI.TOOL_CALL_ID,
  CALL_FUNCTION_NAME: OI.TOOL_CALL_FUNCTION_NAME,
  CALL_FUNCTION_ARGUMENTS: OI.TOOL_CALL_FUNCTION_ARGUMENTS_JSON,
} as const;

/** OpenInference's tool definitions on an LLM call: `llm.tools.<i>.tool.json_schema`. */
export const LlmToolAttr = {
  TOOLS: OI.LLM_TOOLS,
  JSON_SCHEMA: OI.TOOL_JSON_SCHEMA,
} as const;

/** OpenTelemetry's exception event attributes (stable semantic conventions). */
export const ExceptionAttr = { TYPE: 'exception.type', MESSAGE: 'exception.message' } as const;

/**
 * Our cost keys. They stay out of `llm.cost.*` so that no backend mistakes
 * them for OpenInference cost figures.
 */
export const CostAttr = {
  /** `priced` or `unpriced`: whether the LLM span's cost could be computed. */
  STATUS: 'cost.status',
  /** Why an LLM span carries no cost (unknown model, bad usage, ...). */
  UNPRICED_REASON: 'cost.unpriced_reason',
  /** Price table the cost was computed from, e.g. `@pydantic/genai-prices@0.1.8`. */
  PRICE_TABLE: 'cost.price_table',
  /** Model id as matched in the price table (e.g. `gpt-4o` for a dated name). */
  MATCHED_MODEL: 'cost.matched_model',
} as const;

/** OpenInference span kinds we emit. */
export type OpenInferenceSpanKind = 'CHAIN' | 'AGENT' | 'TOOL' | 'LLM' | 'EVALUATOR';

/** A score an eval gave a run, on the EVALUATOR span it adds to the run's trace. */
export const EvalAttr = {
  NAME: 'eval.name',
  SCORE: 'eval.score',
  /** `pass` or `fail`, at the scorer's threshold. */
  LABEL: 'eval.label',
  EXPLANATION: 'eval.explanation',
  /** The eval run (workflow id) that gave the score. */
  EVAL_RUN: 'eval.run_id',
} as const;

/** Temporal's header key for trace context, shared with the Python and Go SDKs. */
export const TRACE_HEADER = '_tracer-data';

/**
 * Key in the `_tracer-data` carrier that marks the headers this package's
 * workflow interceptors write. Temporal's own OpenTelemetry interceptors write
 * the same header without it, so a history export can tell a run traced live
 * by this plugin (complete) from one traced by them (Temporal spans only).
 * Propagators read only the W3C keys of the carrier and leave it alone.
 */
export const TRACE_HEADER_WRITER = 'temporal-agents-otel';

/**
 * Header of a child workflow started in its own trace (an eval's case run):
 * the parent's span, which the child's RunWorkflow links to instead of
 * nesting under.
 */
export const TRACE_LINK_HEADER = '_tracer-link';

/** Memo key under which a traced client records the run's trace id. */
export const TRACE_ID_MEMO = 'traceId';

/** Log attribute keys that correlate Temporal's worker and workflow logs with traces. */
export const LogAttr = { TRACE_ID: 'trace_id', SPAN_ID: 'span_id', TRACE_FLAGS: 'trace_flags' } as const;
