export {
  AgentTracingPlugin,
  type AgentTracingPluginOptions,
  WORKFLOW_INTERCEPTORS_MODULE,
} from './plugin.js';
export { TracingWorkflowClientInterceptor } from './client/workflow-client-interceptor.js';
export { TracingActivityInbound, activityTracingInterceptors } from './worker/activity-interceptor.js';
export { workflowSpanSinks } from './worker/workflow-span-receiver.js';
export { spanTargetResolver, type SpanTarget, type SpanTargetOptions } from './worker/span-target.js';
export {
  SpanName,
  TemporalAttr,
  OpenInferenceAttr,
  TRACE_HEADER,
  type OpenInferenceSpanKind,
} from './semconv.js';
export { withTraceHeader, readTraceHeader, type WireSpanContext } from './trace-context.js';
