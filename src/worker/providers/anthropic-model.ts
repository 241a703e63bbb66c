// An agents SDK Model over Anthropic's own SDK and Messages API, so prompt
// caching, extended thinking and tool use are reported as Anthropic reports
// them (the OpenInference Anthropic instrumentation makes the LLM span).
import {
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from '@openai/agents-core';
import { fromMessagesResponse, toMessagesParams, usageOf } from './anthropic-messages.js';

/** The slice of the Anthropic client this model uses. */
export interface AnthropicClient {
  messages: { create(params: object, options?: { signal?: AbortSignal }): Promise<unknown> };
}

/** Calls `client.messages.create` for each model request. */
export class AnthropicMessagesModel implements Model {
  constructor(
    private readonly client: AnthropicClient,
    private readonly model: string,
  ) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const { signal, tracing: _tracing, ...rest } = request;
    const message = (await this.client.messages.create(toMessagesParams(this.model, rest), {
      signal,
    })) as Record<string, any>;
    const u = usageOf(message.usage);
    return {
      usage: new Usage({
        requests: 1,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        totalTokens: u.inputTokens + u.outputTokens,
        inputTokensDetails: [{ cached_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite }],
        outputTokensDetails: [],
      }),
      output: fromMessagesResponse(message) as ModelResponse['output'],
      responseId: message.id,
    };
  }

  // eslint-disable-next-line require-yield
  async *getStreamedResponse(_request: ModelRequest): AsyncIterable<StreamEvent> {
    throw new Error('temporal-agents-otel: streaming is not supported in the invokeModel activity');
  }
}
