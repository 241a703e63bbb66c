/**
 * Span processor that prices OpenInference LLM spans as they end, so every
 * exporter sees `llm.cost.*` (or a `cost.status=unpriced` marker) plus the
 * OTel GenAI usage attributes.
 */
import { diag } from '@opentelemetry/api';
import type { AttributeValue, Attributes, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  COST_STATUS,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_RESPONSE_MODEL,
  LLM_COST_TOTAL,
  LLM_MODEL_NAME,
  LLM_PROVIDER,
  LLM_SYSTEM,
  LLM_TOKEN_COUNT_COMPLETION,
  LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING,
  LLM_TOKEN_COUNT_PROMPT,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ,
  LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE,
  OPENINFERENCE_SPAN_KIND,
  pricedSpanAttributes,
} from './attributes.js';
import { estimateCost } from './prices.js';

/**
 * Adds cost and GenAI usage attributes to OpenInference LLM spans in
 * `onEnding`, the SDK hook that runs while the span is still writable.
 * The SDK runs every processor's `onEnding` before any `onEnd`, so it may be
 * registered before or after the exporting processor. Spans of other kinds, spans
 * without token counts and spans that already carry a cost are left alone.
 */
export class CostSpanProcessor implements SpanProcessor {
  /** Prices the span if it is an unpriced LLM span. Never throws. */
  onEnding(span: Span): void {
    try {
      const attrs = costingAttributes(span.attributes);
      if (attrs) span.setAttributes(attrs);
    } catch (err) {
      // A pricing bug must cost us the figure, never the span.
      diag.warn('CostSpanProcessor: could not price span', err);
    }
  }

  /** No-op. */
  onStart(_span: Span, _parentContext: Context): void {}

  /** No-op: the work is done in {@link CostSpanProcessor.onEnding}. */
  onEnd(_span: ReadableSpan): void {}

  /** No-op: nothing is buffered. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** No-op: nothing to release. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The attributes to add to a span, or undefined when it is not ours to price. */
function costingAttributes(existing: Attributes): Attributes | undefined {
  if (existing[OPENINFERENCE_SPAN_KIND] !== 'LLM') return undefined;
  if (existing[LLM_COST_TOTAL] !== undefined || existing[COST_STATUS] !== undefined) return undefined;
  const inputTokens = count(existing[LLM_TOKEN_COUNT_PROMPT]);
  const outputTokens = count(existing[LLM_TOKEN_COUNT_COMPLETION]);
  // Without both counts any cost would be partly made up.
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const cachedInputTokens = count(existing[LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ]);
  const cacheWriteTokens = count(existing[LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE]);
  const reasoningTokens = count(existing[LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING]);
  const provider = text(existing[LLM_PROVIDER]) ?? text(existing[LLM_SYSTEM]);
  const model =
    text(existing[LLM_MODEL_NAME]) ??
    text(existing[GEN_AI_RESPONSE_MODEL]) ??
    text(existing[GEN_AI_REQUEST_MODEL]);

  const est = estimateCost(
    { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens, reasoningTokens },
    model ?? '',
    provider,
  );
  return pricedSpanAttributes(
    existing,
    { model, provider, inputTokens, outputTokens, cachedInputTokens },
    est,
  );
}

function count(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function text(value: AttributeValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
