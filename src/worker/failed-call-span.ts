import { SpanKind } from '@opentelemetry/api';
import { getTracer, recordError } from '../host/tracer.js';
import { GenAiAttr, GenAiOperation } from '../common/gen-ai.js';
import { OpenInferenceAttr } from '../common/semconv.js';

/**
 * Records a model call that failed as an ERROR LLM span under the current
 * RunActivity span. The OpenInference OpenAI instrumentation (4.2.7) starts a
 * span for the call but never ends it when the request's promise rejects, so
 * without this a 429 or a 500 would leave no LLM-level trace at all.
 * `test/integration/llm-faults.test.ts` asserts exactly one LLM span per
 * failed attempt, so a fixed upstream version would show up there as a double.
 */
export function recordFailedModelCall(
  api: 'responses' | 'chat_completions',
  model: string,
  startTime: number,
  err: unknown,
): void {
  const span = getTracer().startSpan(api === 'responses' ? 'OpenAI Responses' : 'OpenAI Chat Completions', {
    kind: SpanKind.INTERNAL,
    startTime,
    attributes: {
      [OpenInferenceAttr.SPAN_KIND]: 'LLM',
      [OpenInferenceAttr.LLM_SYSTEM]: 'openai',
      [OpenInferenceAttr.LLM_PROVIDER]: 'openai',
      [OpenInferenceAttr.LLM_MODEL_NAME]: model,
      [GenAiAttr.OPERATION_NAME]: GenAiOperation.CHAT,
      [GenAiAttr.PROVIDER_NAME]: 'openai',
      [GenAiAttr.REQUEST_MODEL]: model,
    },
  });
  recordError(span, err);
  span.end();
}
