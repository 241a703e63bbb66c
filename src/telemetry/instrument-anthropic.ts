import { AnthropicInstrumentation } from '@arizeai/openinference-instrumentation-anthropic';
import { type TracerProvider, trace } from '@opentelemetry/api';

let instrumentation: AnthropicInstrumentation | undefined;

/**
 * Instruments an `@anthropic-ai/sdk` module (the ESM namespace the caller
 * loaded) with the OpenInference Anthropic instrumentation: one
 * `Anthropic Messages` LLM span per call, with cache read and write counts.
 * Idempotent; `traceConfig: {}` makes it read the OPENINFERENCE_HIDE_* variables.
 */
export function instrumentAnthropic(
  module: object,
  provider: TracerProvider = trace.getTracerProvider(),
): AnthropicInstrumentation {
  if (!instrumentation) instrumentation = new AnthropicInstrumentation({ traceConfig: {} });
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(module as Parameters<AnthropicInstrumentation['manuallyInstrument']>[0]);
  return instrumentation;
}
