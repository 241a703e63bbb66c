import type { AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PrivacyRules } from '../config/index.js';

/** What hidden values are replaced with (the OpenInference convention). */
export const REDACTED = '__REDACTED__';

const INPUT_KEYS = ['input.value', 'tool.parameters'];
const OUTPUT_KEYS = ['output.value'];

/**
 * Applies the privacy rules to every span as it ends, ours and the
 * instrumentations' alike: hidden inputs/outputs are replaced, and any
 * credential value found in an attribute, the status message or an event is
 * scrubbed. Runs in `onEnding`, before any exporter sees the span.
 */
export class PrivacySpanProcessor implements SpanProcessor {
  constructor(private readonly rules: PrivacyRules) {}

  onEnding(span: Span): void {
    const { hideInputs, hideOutputs, secrets } = this.rules;
    const attributes = span.attributes;
    for (const key of hideInputs ? INPUT_KEYS : []) if (key in attributes) span.setAttribute(key, REDACTED);
    for (const key of hideOutputs ? OUTPUT_KEYS : []) if (key in attributes) span.setAttribute(key, REDACTED);
    if (secrets.length === 0) return;
    for (const [key, value] of Object.entries(attributes)) {
      const clean = this.scrubValue(value);
      if (clean !== value) span.setAttribute(key, clean as AttributeValue);
    }
    for (const event of span.events) {
      for (const [key, value] of Object.entries(event.attributes ?? {})) {
        (event.attributes as Record<string, unknown>)[key] = this.scrubValue(value);
      }
    }
    if (span.status.message) {
      // Status is set before the span ends; a scrubbed copy replaces it.
      (span as unknown as { status: { message?: string } }).status.message = this.scrub(span.status.message);
    }
  }

  /** Replaces every known credential value in `text`. */
  scrub(text: string): string {
    let result = text;
    for (const secret of this.rules.secrets)
      if (result.includes(secret)) result = result.split(secret).join('[REDACTED]');
    return result;
  }

  private scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) {
      const cleaned = value.map((v) => (typeof v === 'string' ? this.scrub(v) : v));
      return cleaned.some((v, i) => v !== value[i]) ? cleaned : value;
    }
    return value;
  }

  onStart(): void {}
  onEnd(_span: ReadableSpan): void {}
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
