/**
 * Sandbox-safe entry point for Temporal workflow code: span helpers that
 * nest agent and tool spans under RunWorkflow, replay-safely.
 */
export { activeSpan, runInSpan, startSpan, withSpan } from './temporal/workflow/scope.js';
export { WorkflowSpan } from './temporal/workflow/workflow-span.js';
export { interceptors } from './temporal/workflow/interceptors.js';
export { SpanName, TemporalAttr, OpenInferenceAttr, type OpenInferenceSpanKind } from './temporal/semconv.js';
export { UsageRollup, type LlmCallSummary, type RollupSnapshot } from './cost/rollup.js';
