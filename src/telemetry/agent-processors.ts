import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type Env, loadPrivacyRules } from '../config/index.js';
import { CostSpanProcessor } from '../cost/cost-span-processor.js';
import { PrivacySpanProcessor } from './privacy-processor.js';
import { ProviderHintSpanProcessor } from './provider-processor.js';

/**
 * The processors that give an application's own SDK this bridge's span
 * content: the routed provider and cost and GenAI usage on LLM spans, then the OpenInference hiding
 * switches and credential scrubbing on every span. They work in `onEnding`,
 * so they may stand anywhere in the list:
 *
 * ```ts
 * new NodeSDK({ spanProcessors: [...agentTracingSpanProcessors(), new BatchSpanProcessor(exporter)] })
 * ```
 * Throws {@link ConfigError} for a malformed OPENINFERENCE_HIDE_* value.
 */
export function agentTracingSpanProcessors(options: { env?: Env } = {}): SpanProcessor[] {
  return [
    new ProviderHintSpanProcessor(),
    new CostSpanProcessor(),
    new PrivacySpanProcessor(loadPrivacyRules(options.env ?? process.env)),
  ];
}
