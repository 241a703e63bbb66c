import { SpanKind } from '@opentelemetry/api';
import { getTracer, recordError } from '../host/tracer.js';

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
      'openinference.span.kind': 'LLM',
      'llm.system': 'openai',
      'llm.provider': 'openai',
      'llm.model_name': model,
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
    },
  });
  recordError(span, err);
  span.end();
}
