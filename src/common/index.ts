/** Code that runs anywhere, the workflow sandbox included: names, wire formats, rollups. */
export {
  SpanName,
  TemporalAttr,
  OpenInferenceAttr,
  FleetAttr,
  LogAttr,
  TRACE_HEADER,
  type OpenInferenceSpanKind,
} from './semconv.js';
export { withTraceHeader, readTraceHeader, type WireSpanContext } from './trace-context.js';
export { INVOKE_MODEL_ACTIVITY, type InvokeModelInput, type InvokeModelResult } from './model-wire.js';
