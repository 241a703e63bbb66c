// Stamps the routed provider on LLM spans (see host/provider-hint.ts).
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { providerHint } from '../host/provider-hint.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { GenAiAttr } from '../common/gen-ai.js';

/**
 * Sets `llm.provider` (and `gen_ai.provider.name`) on LLM spans started under
 * a provider hint. The hint is read as the span starts, and applied as it
 * ends: instrumentations set the span kind after starting the span. Register
 * it before the cost processor, which prices by provider in the same hook.
 */
export class ProviderHintSpanProcessor implements SpanProcessor {
  private readonly hints = new WeakMap<Span, string>();

  onStart(span: Span, parentContext: Context): void {
    const provider = providerHint(parentContext);
    if (provider) this.hints.set(span, provider);
  }

  onEnding(span: Span): void {
    const provider = this.hints.get(span);
    if (provider && span.attributes[OpenInferenceAttr.SPAN_KIND] === 'LLM') {
      span.setAttributes({ [OpenInferenceAttr.LLM_PROVIDER]: provider, [GenAiAttr.PROVIDER_NAME]: provider });
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
