// The contract between the workflow sandbox and the host: finished spans
// cross as plain JSON through a Temporal sink, one call per workflow
// activation. Sandbox-safe.
import type { Sinks } from '@temporalio/workflow';
import type { SpanKindCode } from './semconv.js';

/** Attribute values that survive the trip as JSON. */
export type SpanAttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** A finished workflow span, as sent to the host. */
export interface SerializedSpan {
  name: string;
  /** OpenTelemetry span kind (see `SpanKindCode`); INTERNAL when absent. */
  kind?: SpanKindCode;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** True when the parent lives in another process (the client, or a previous run). */
  parentIsRemote: boolean;
  traceFlags: number;
  traceState?: string;
  startTimeMs: number;
  endTimeMs: number;
  attributes: Record<string, SpanAttributeValue>;
  /** 0 unset, 1 ok, 2 error: OpenTelemetry's SpanStatusCode. */
  status: { code: 0 | 1 | 2; message?: string };
  events: { name: string; timeMs: number; attributes?: Record<string, SpanAttributeValue> }[];
  links: { traceId: string; spanId: string; traceFlags: number }[];
}

/** Name of the sink the plugin injects into workflows. */
export const TRACING_SINK = 'agentTracing';

/**
 * Sink interface as seen from workflow code. The spans a workflow activation
 * ended go in one call at its end: Temporal clones each call's arguments and
 * the workflow's info, and posts every call to the main thread.
 */
export interface TracingSinks extends Sinks {
  [TRACING_SINK]: { exportSpans(spans: SerializedSpan[]): void };
}
