// Readers for the model activities we know: this package's `invokeModel` and
// the model activities of Temporal's Python OpenAI Agents integration.
import {
  INVOKE_MODEL_ACTIVITY,
  type InvokeModelInput,
  type InvokeModelResult,
} from '../common/model-wire.js';
import { routeModel } from '../config/model-providers.js';
import { messagesTools } from '../worker/providers/anthropic-messages.js';
import { LLM_SPAN_NAMES, type ModelApi } from '../worker/providers/model-api.js';
import { chatCompletionsTools, pythonAgentsTools, responsesTools } from './llm-tools.js';
import { asItems, functionCallsIn, type ModelCallReader, tokenCount, valueAt } from './model-call.js';

/**
 * The provider a model name routes to, for histories written before the call's
 * summary carried it; a `<server>/<model>` name whose server is not configured
 * here is that server.
 */
function providerOfModelName(name: string | undefined): string {
  if (!name) return 'openai';
  try {
    return routeModel(name, {}).provider;
  } catch {
    return name.slice(0, name.indexOf('/')).toLowerCase() || 'openai';
  }
}

/**
 * The API an `invokeModel` call went through (src/worker/providers/model-clients.ts):
 * Anthropic's Messages, OpenAI's Responses, Chat Completions for every other
 * provider. (A worker configured to call OpenAI through Chat Completions is
 * not told apart: history does not say.)
 */
const API_OF = (provider: string): ModelApi =>
  provider === 'anthropic' ? 'messages' : provider === 'openai' ? 'responses' : 'chat_completions';

/** The tools of an `invokeModel` request as its provider's API received them. */
function toolsSent(api: ModelApi, request: InvokeModelInput['request']): unknown[] | undefined {
  try {
    if (api === 'messages') return messagesTools(request);
    if (api === 'responses') return responsesTools(request.tools, request.handoffs);
    return chatCompletionsTools(request.tools, request.handoffs);
  } catch {
    return undefined; // a request of another shape: the call is still read, without its tools
  }
}

/** Our own `invokeModel` (src/worker/invoke-model.ts): the agents SDK's ModelRequest and ModelResponse. */
const readInvokeModel: ModelCallReader = (args, result) => {
  const input = args[0] as Partial<InvokeModelInput> | undefined;
  if (!input || typeof input !== 'object' || !input.request) return undefined;
  const out = result as Partial<InvokeModelResult> | undefined;
  const usage = (out?.response?.usage ?? {}) as Record<string, unknown>;
  const llm = out?.llm;
  const provider = llm?.provider ?? providerOfModelName(input.model);
  const api = API_OF(provider);
  return {
    provider,
    spanName: LLM_SPAN_NAMES[api],
    requestModel: input.model,
    responseModel: llm?.model ?? input.model,
    inputTokens: tokenCount(llm?.inputTokens ?? usage.inputTokens),
    outputTokens: tokenCount(llm?.outputTokens ?? usage.outputTokens),
    cachedInputTokens: tokenCount(
      llm?.cachedInputTokens ?? valueAt(usage, 'inputTokensDetails.0.cached_tokens'),
    ),
    cacheWriteTokens: tokenCount(
      llm?.cacheWriteTokens ?? valueAt(usage, 'inputTokensDetails.0.cache_write_tokens'),
    ),
    reasoningTokens: tokenCount(
      llm?.reasoningTokens ?? valueAt(usage, 'outputTokensDetails.0.reasoning_tokens'),
    ),
    agentName: input.agentName,
    systemInstructions:
      typeof input.request.systemInstructions === 'string' ? input.request.systemInstructions : undefined,
    inputItems: asItems(input.request.input),
    output: out?.response?.output,
    tools: toolsSent(api, input.request),
    toolCalls: functionCallsIn(out?.response?.output),
  };
};

/**
 * Temporal's Python OpenAI Agents integration (`temporalio.contrib.openai_agents`,
 * `temporalio-openai-agents`): an `ActivityModelInput` in, the agents SDK's
 * `ModelResponse` out, snake_case. The response carries no model name and the
 * input none of the agent: the requested model stands for both, and no agent
 * spans are rebuilt.
 */
const readPythonAgentsModel: ModelCallReader = (args, result) => {
  const input = args[0] as Record<string, unknown> | undefined;
  if (!input || typeof input !== 'object' || !('input' in input)) return undefined;
  const out = result as Record<string, unknown> | undefined;
  const usage = (out?.usage ?? {}) as Record<string, unknown>;
  const model = typeof input.model_name === 'string' ? input.model_name : undefined;
  return {
    provider: 'openai',
    spanName: LLM_SPAN_NAMES.responses,
    requestModel: model,
    responseModel: model,
    inputTokens: tokenCount(usage.input_tokens),
    outputTokens: tokenCount(usage.output_tokens),
    cachedInputTokens: tokenCount(valueAt(usage, 'input_tokens_details.cached_tokens')),
    reasoningTokens: tokenCount(valueAt(usage, 'output_tokens_details.reasoning_tokens')),
    systemInstructions: typeof input.system_instructions === 'string' ? input.system_instructions : undefined,
    inputItems: asItems(input.input),
    output: out?.output,
    tools: pythonAgentsTools(input.tools, input.handoffs),
    toolCalls: functionCallsIn(out?.output),
  };
};

/** The streaming variant returns the stream's events; the completed response holds the usage. */
const readPythonAgentsStreamingModel: ModelCallReader = (args, result) => {
  const events = Array.isArray(result) ? (result as Record<string, any>[]) : [];
  const response = events.find((e) => e?.type === 'response.completed')?.response as
    | Record<string, any>
    | undefined;
  const call = readPythonAgentsModel(
    args,
    response ? { usage: response.usage, output: response.output } : undefined,
  );
  if (call && typeof response?.model === 'string') call.responseModel = response.model;
  return call;
};

/** Model activities recognised without configuration, by activity type. */
export const KNOWN_MODEL_ACTIVITIES: Record<string, ModelCallReader> = {
  [INVOKE_MODEL_ACTIVITY]: readInvokeModel,
  invoke_model_activity: readPythonAgentsModel,
  invoke_model_activity_streaming: readPythonAgentsStreamingModel,
};
