// Names shared by the host and the workflow sandbox. Sandbox-safe: no imports.

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
  SIGNAL_EXTERNAL_WORKFLOW: 'SignalExternalWorkflow',
  CONTINUE_AS_NEW: 'ContinueAsNew',
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
} as const;

/**
 * OpenTelemetry span kinds as numbers (the API's `SpanKind` enum values), so
 * sandbox code can name them without importing `@opentelemetry/api`. Run and
 * Handle spans are SERVER and Start/Signal spans CLIENT, as Temporal's Python
 * and Go interceptors make them: trace backends then draw a service graph.
 */
export const SpanKindCode = { INTERNAL: 0, SERVER: 1, CLIENT: 2 } as const;
export type SpanKindCode = (typeof SpanKindCode)[keyof typeof SpanKindCode];

/** OpenInference attribute names used on the spans we create. */
export const OpenInferenceAttr = {
  SPAN_KIND: 'openinference.span.kind',
  INPUT_VALUE: 'input.value',
  INPUT_MIME_TYPE: 'input.mime_type',
  OUTPUT_VALUE: 'output.value',
  OUTPUT_MIME_TYPE: 'output.mime_type',
  AGENT_NAME: 'agent.name',
  TOOL_NAME: 'tool.name',
  TOOL_PARAMETERS: 'tool.parameters',
} as const;

/** OpenInference span kinds we emit. */
export type OpenInferenceSpanKind = 'CHAIN' | 'AGENT' | 'TOOL' | 'LLM';

/** Temporal's header key for trace context, shared with the Python and Go SDKs. */
export const TRACE_HEADER = '_tracer-data';

/** Log attribute keys that correlate Temporal's worker and workflow logs with traces. */
export const LogAttr = { TRACE_ID: 'trace_id', SPAN_ID: 'span_id', TRACE_FLAGS: 'trace_flags' } as const;
