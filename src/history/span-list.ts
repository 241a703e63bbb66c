// The spans of one rebuilt trace as they are made, in the format the
// workflow sandbox also uses (SerializedSpan), so one path exports both.
import type { SerializedSpan, SpanAttributeValue } from '../common/sink.js';
import {
  ExceptionAttr,
  FleetAttr,
  OpenInferenceAttr,
  type SpanKindCode,
  TemporalAttr,
} from '../common/semconv.js';
import { ERROR_TEXT_LIMIT } from '../common/failure-outcome.js';
import type { FailureRecord, Outcome, RunRecord } from './run-record.js';

/** What the builder says about one span. */
export interface NewSpan {
  id: string;
  name: string;
  kind: SpanKindCode;
  parentId?: string;
  parentIsRemote?: boolean;
  startMs: number;
  endMs: number;
  attributes: Record<string, SpanAttributeValue | undefined>;
  /** ERROR with this failure; unset when absent. */
  failure?: FailureRecord;
  links?: SerializedSpan['links'];
}

/** Collects the spans of one trace. */
export class SpanList {
  readonly spans: SerializedSpan[] = [];
  constructor(readonly traceId: string) {}

  /** Adds a span and returns its id. The span keeps `attributes` (without its unset keys). */
  add(span: NewSpan): string {
    const attributes = definedOnly(span.attributes);
    const message = span.failure?.message.split('\n')[0].slice(0, ERROR_TEXT_LIMIT);
    this.spans.push({
      name: span.name,
      kind: span.kind,
      traceId: this.traceId,
      spanId: span.id,
      parentSpanId: span.parentId,
      parentIsRemote: span.parentIsRemote ?? false,
      traceFlags: 1,
      startTimeMs: span.startMs,
      endTimeMs: Math.max(span.startMs, span.endMs),
      attributes,
      status: span.failure ? { code: 2, message } : { code: 0 },
      events: span.failure
        ? [
            {
              name: 'exception',
              timeMs: span.endMs,
              attributes: {
                [ExceptionAttr.TYPE]: span.failure.type ?? 'Error',
                [ExceptionAttr.MESSAGE]: message ?? '',
              },
            },
          ]
        : [],
      links: span.links ?? [],
    });
    return span.id;
  }
}

/** The attributes without unset keys: the same object when every key is set, else a copy. */
export function definedOnly(
  attributes: Record<string, SpanAttributeValue | undefined>,
): Record<string, SpanAttributeValue> {
  let complete = true;
  for (const key in attributes) if (attributes[key] === undefined) complete = false;
  if (complete) return attributes as Record<string, SpanAttributeValue>;
  const copy: Record<string, SpanAttributeValue> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}

/** The failure a span ends with for an outcome (none for success and continue-as-new). */
export function outcomeFailure(outcome: Outcome, failure?: FailureRecord): FailureRecord | undefined {
  if (outcome === 'completed' || outcome === 'continued_as_new' || outcome === 'running') return undefined;
  return failure ?? { message: outcome.replace('_', ' '), type: outcome };
}

/** The run's identity, as every Temporal span of it carries it (ours and the fleet's keys). */
export function runIdentity(run: RunRecord): Record<string, string> {
  return {
    [TemporalAttr.WORKFLOW_ID]: run.workflowId,
    [TemporalAttr.RUN_ID]: run.runId,
    [TemporalAttr.WORKFLOW_TYPE]: run.workflowType,
    [TemporalAttr.NAMESPACE]: run.namespace,
    [FleetAttr.WORKFLOW_ID]: run.workflowId,
    [FleetAttr.RUN_ID]: run.runId,
    [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
  };
}
