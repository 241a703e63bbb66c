import { SpanKind } from '@opentelemetry/api';
import { getTracer, recordError } from '../host/tracer.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { OpenInferenceAttr } from '../common/semconv.js';
import { LLM_SPAN_NAMES } from './providers/model-api.js';
import type { RoutedModel } from './providers/model-clients.js';

/**
 * Records a model call that failed as an ERROR LLM span under the current
 * RunActivity span. The OpenInference OpenAI instrumentation (4.2.7) starts a
 * span for the call but never ends it when the request's promise rejects, so
 * without this a 429 or a 500 would leave no LLM-level trace at all.
 * `test/integration/llm-faults.test.ts` asserts exactly one LLM span per
 * failed attempt, so a fixed upstream version would show up there as a double.
 */
export function recordFailedModelCall(routed: RoutedModel, startTime: number, err: unknown): void {
  const { api, route } = routed;
  const span = getTracer().startSpan(LLM_SPAN_NAMES[api], {
    kind: SpanKind.INTERNAL,
    startTime,
    attributes: {
      [OpenInferenceAttr.SPAN_KIND]: 'LLM',
      [OpenInferenceAttr.LLM_SYSTEM]: api === 'messages' ? 'anthropic' : 'openai',
      [OpenInferenceAttr.LLM_PROVIDER]: route.provider,
      [OpenInferenceAttr.LLM_MODEL_NAME]: route.model,
      [GenAiAttr.OPERATION_NAME]: GenAiOperation.CHAT,
      [GenAiAttr.PROVIDER_NAME]: route.provider,
      [GenAiAttr.REQUEST_MODEL]: route.model,
    },
  });
  recordError(span, err);
  span.end();
}
