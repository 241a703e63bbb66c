// Stamps the routed provider on LLM spans as they start (see host/provider-hint.ts).
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { providerHint } from '../host/provider-hint.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { GenAiAttr } from '../common/gen-ai.js';

/**
 * Sets `llm.provider` (and `gen_ai.provider.name`) on LLM spans started under
 * a provider hint, before the cost processor prices them by provider.
 */
export class ProviderHintSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const provider = providerHint(parentContext);
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
