import type { AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { PrivacyRules } from '../config/index.js';
import { redactSecrets } from '../common/redact.js';
import { hidesAnything, maskFor, REDACTED } from './masking-rules.js';

export { REDACTED };

/**
 * Applies the privacy rules to every span as it ends, ours, the sandbox's and
 * the instrumentations' alike: the OpenInference hiding switches
 * (masking-rules.ts), and any credential value found in an attribute, the
 * status message or an event is scrubbed. Runs in `onEnding`, before any
 * exporter sees the span.
 */
export class PrivacySpanProcessor implements SpanProcessor {
  private readonly hiding: boolean;

  constructor(private readonly rules: PrivacyRules) {
    this.hiding = hidesAnything(rules);
  }

  onEnding(span: Span): void {
    // The SDK's span and ours keep attributes in a plain object; removal has no API.
    const attributes = span.attributes as Record<string, AttributeValue | undefined>;
    if (this.hiding) {
      for (const [key, value] of Object.entries(attributes)) {
        if (value === undefined) continue;
        const mask = maskFor(this.rules, key, value);
        if (mask === 'redact') attributes[key] = REDACTED;
        else if (mask === 'remove') delete attributes[key];
      }
    }
    if (this.rules.secrets.length === 0) return;
    for (const [key, value] of Object.entries(attributes)) {
      const clean = this.scrubValue(value);
      if (clean !== value) attributes[key] = clean as AttributeValue;
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
    return redactSecrets(text, this.rules.secrets);
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
