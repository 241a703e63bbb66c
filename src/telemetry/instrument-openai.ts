import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { type TracerProvider, trace } from '@opentelemetry/api';
import * as openaiModule from 'openai';

let instrumentation: OpenAIInstrumentation | undefined;

/**
 * Registers the OpenInference OpenAI instrumentation with `provider` (default:
 * the registered one). The constructor installs the CommonJS require hook;
 * `manuallyInstrument` patches the ESM copy, which the require hook never
 * sees. Both patch prototypes, so every client made before or after this call
 * is covered. `traceConfig: {}` makes it read the OPENINFERENCE_HIDE_*
 * variables, which it ignores without one.
 */
export function instrumentOpenAI(
  provider: TracerProvider = trace.getTracerProvider(),
): OpenAIInstrumentation {
  if (!instrumentation) {
    instrumentation = new OpenAIInstrumentation({ traceConfig: {} });
    // Its typings describe the CommonJS module shape; the ESM namespace has the same `OpenAI` export.
    instrumentation.manuallyInstrument(
      openaiModule as unknown as Parameters<OpenAIInstrumentation['manuallyInstrument']>[0],
    );
  }
  instrumentation.setTracerProvider(provider);
  return instrumentation;
}
