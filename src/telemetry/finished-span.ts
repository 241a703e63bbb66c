import {
  type Attributes,
  type AttributeValue,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  type SpanStatus,
} from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** Plain data of a span that was recorded somewhere else and has already ended. */
export interface FinishedSpanData {
  name: string;
  kind?: SpanKind;
  spanContext: SpanContext;
  parentSpanContext?: SpanContext;
  startTimeMs: number;
  endTimeMs: number;
  status: SpanStatus;
  /** Taken over by the span (not copied) when no value needs dropping or truncating. */
  attributes: Attributes;
  events?: { name: string; timeMs: number; attributes?: Attributes }[];
  links?: Link[];
}

/**
 * A {@link ReadableSpan} built from {@link FinishedSpanData}. It also accepts
 * `setAttribute`, so processors that enrich spans as they end (cost,
 * redaction) treat it exactly like a live span.
 */
export class FinishedSpan implements ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly ended = true;
  droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;

  constructor(
    data: FinishedSpanData,
    readonly resource: Resource,
    readonly instrumentationScope: InstrumentationScope,
    private readonly valueLengthLimit = Infinity,
  ) {
    this.name = data.name;
    this.kind = data.kind ?? SpanKind.INTERNAL;
    this.context = data.spanContext;
    this.parentSpanContext = data.parentSpanContext;
    this.startTime = millisToHrTime(data.startTimeMs);
    this.endTime = millisToHrTime(Math.max(data.endTimeMs, data.startTimeMs));
    this.duration = millisToHrTime(Math.max(0, data.endTimeMs - data.startTimeMs));
    this.status = data.status;
    this.links = data.links ?? [];
    this.events = (data.events ?? []).map((e) => ({
      name: e.name,
      time: millisToHrTime(e.timeMs),
      attributes: e.attributes,
    }));
    // The data's own object when nothing in it needs changing: no copy per span.
    if (settled(data.attributes, valueLengthLimit)) {
      this.attributes = data.attributes;
    } else {
      this.attributes = {};
      for (const [key, value] of Object.entries(data.attributes)) this.setAttribute(key, value);
    }
  }

  spanContext(): SpanContext {
    return this.context;
  }

  /** Sets (or, with `undefined`, removes) an attribute, applying the length limit. */
  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (value === undefined || value === null) delete this.attributes[key];
    else this.attributes[key] = typeof value === 'string' ? truncate(value, this.valueLengthLimit) : value;
    return this;
  }

  /** Sets several attributes, as {@link setAttribute} does. */
  setAttributes(attributes: Attributes): this {
    for (const [key, value] of Object.entries(attributes)) this.setAttribute(key, value);
    return this;
  }
}

/** True when every attribute is set and no string is over the limit. */
function settled(attributes: Attributes, limit: number): boolean {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) return false;
    if (typeof value === 'string' && value.length > limit) return false;
  }
  return true;
}

function truncate(value: string, limit: number): string {
  return value.length > limit ? value.slice(0, limit) : value;
}
