// Readers for the model activities we know: this package's `invokeModel` and
// the model activity of Temporal's Python OpenAI Agents integration.
import {
  INVOKE_MODEL_ACTIVITY,
  type InvokeModelInput,
  type InvokeModelResult,
} from '../common/model-wire.js';
import { asItems, functionCallsIn, type ModelCallReader, tokenCount, valueAt } from './model-call.js';

/** Our own `invokeModel` (src/worker/invoke-model.ts): the agents SDK's ModelRequest and ModelResponse. */
const readInvokeModel: ModelCallReader = (args, result) => {
  const input = args[0] as Partial<InvokeModelInput> | undefined;
  if (!input || typeof input !== 'object' || !input.request) return undefined;
  const out = result as Partial<InvokeModelResult> | undefined;
  const usage = (out?.response?.usage ?? {}) as Record<string, unknown>;
  const llm = out?.llm;
  return {
    provider: 'openai',
    spanName: 'OpenAI Responses',
    requestModel: input.model,
    responseModel: llm?.model ?? input.model,
    inputTokens: tokenCount(llm?.inputTokens ?? usage.inputTokens),
    outputTokens: tokenCount(llm?.outputTokens ?? usage.outputTokens),
    cachedInputTokens: tokenCount(
      llm?.cachedInputTokens ?? valueAt(usage, 'inputTokensDetails.0.cached_tokens'),
    ),
    reasoningTokens: tokenCount(
      llm?.reasoningTokens ?? valueAt(usage, 'outputTokensDetails.0.reasoning_tokens'),
    ),
    agentName: input.agentName,
    systemInstructions:
      typeof input.request.systemInstructions === 'string' ? input.request.systemInstructions : undefined,
    inputItems: asItems(input.request.input),
    output: out?.response?.output,
    toolCalls: functionCallsIn(out?.response?.output),
  };
};

/** Model activities recognised without configuration, by activity type. */
export const KNOWN_MODEL_ACTIVITIES: Record<string, ModelCallReader> = {
  [INVOKE_MODEL_ACTIVITY]: readInvokeModel,
};
