/**
 * The names this project puts on spans: span names, Temporal and fleet
 * attribute keys, cost and rollup keys, and the GenAI keys it mirrors. Pure
 * constants with no imports beyond OpenInference's conventions package, so
 * dashboards, queries and tests can use them anywhere, workflow code included.
 */
export {
  SpanName,
  TemporalAttr,
  TimeTotalAttr,
  HumanAttr,
  FleetAttr,
  OpenInferenceAttr,
  CostAttr,
  ExceptionAttr,
  LogAttr,
  SpanKindCode,
  TRACE_HEADER,
  TRACE_ID_MEMO,
  type OpenInferenceSpanKind,
} from './common/semconv.js';
export { GenAiAttr, GenAiOperation } from './common/gen-ai.js';
export * from './common/rollup-attributes.js';
