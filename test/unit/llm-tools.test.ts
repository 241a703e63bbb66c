// The tools of a rebuilt LLM call (src/history/llm-tools.ts), in the shape each
// provider's API is sent them, as OpenInference records them on a live call.
import { describe, expect, it } from 'vitest';
import { KNOWN_MODEL_ACTIVITIES } from '../../src/history/known-model-activities.js';
import {
  chatCompletionsTools,
  llmToolAttributes,
  pythonAgentsTools,
  responsesTools,
} from '../../src/history/llm-tools.js';

const params = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
const search = { type: 'function', name: 'search', description: 'Search.', parameters: params, strict: true };
const hosted = { type: 'hosted_tool', name: 'web_search', providerData: { type: 'web_search' } };
const handoff = {
  toolName: 'transfer_to_writer',
  toolDescription: 'Hand off to the writer.',
  inputJsonSchema: { type: 'object', properties: {} },
  strictJsonSchema: true,
};

describe('tools of a rebuilt LLM call', () => {
  it('are sent to the Responses API as functions, hosted tools as their provider data, handoffs last', () => {
    expect(responsesTools([search, hosted], [handoff])).toEqual([
      { type: 'function', name: 'search', description: 'Search.', parameters: params, strict: true },
      { type: 'web_search' },
      {
        type: 'function',
        name: 'transfer_to_writer',
        description: 'Hand off to the writer.',
        parameters: { type: 'object', properties: {} },
        strict: true,
      },
    ]);
  });

  it('are sent to Chat Completions with each function under `function`', () => {
    expect(chatCompletionsTools([search], [handoff])).toEqual([
      {
        type: 'function',
        function: { name: 'search', description: 'Search.', parameters: params, strict: true },
      },
      {
        type: 'function',
        function: {
          name: 'transfer_to_writer',
          description: 'Hand off to the writer.',
          parameters: { type: 'object', properties: {} },
        },
      },
    ]);
  });

  it('read Temporal’s Python agents integration: function tools and handoffs as functions, others as recorded', () => {
    const pyTool = {
      name: 'search',
      description: 'Search.',
      params_json_schema: params,
      strict_json_schema: true,
    };
    const pyHosted = { user_location: null, search_context_size: 'medium' };
    const pyHandoff = {
      tool_name: 'transfer_to_writer',
      tool_description: 'Hand off.',
      input_json_schema: {},
      agent_name: 'writer',
      strict_json_schema: true,
    };
    expect(pythonAgentsTools([pyTool, pyHosted], [pyHandoff])).toEqual([
      { type: 'function', name: 'search', description: 'Search.', parameters: params, strict: true },
      pyHosted,
      {
        type: 'function',
        name: 'transfer_to_writer',
        description: 'Hand off.',
        parameters: {},
        strict: true,
      },
    ]);
    expect(pythonAgentsTools(undefined, 'not a list')).toEqual([]);
  });

  it('become llm.tools.<i>.tool.json_schema, one JSON text per tool', () => {
    const attributes = {};
    llmToolAttributes([{ type: 'web_search' }, search], attributes);
    expect(attributes).toEqual({
      'llm.tools.0.tool.json_schema': '{"type":"web_search"}',
      'llm.tools.1.tool.json_schema': JSON.stringify(search),
    });
  });

  it('follow the API invokeModel used: Messages for Anthropic, Responses for OpenAI, Chat Completions for the rest', () => {
    const call = (model: string, provider: string) =>
      KNOWN_MODEL_ACTIVITIES.invokeModel!(
        [{ model, request: { input: 'hi', tools: [search], handoffs: [], outputType: 'text' } }],
        { response: { output: [], usage: {} }, llm: { provider, model, inputTokens: 1, outputTokens: 1 } },
      )!;
    expect(call('gpt-4o-mini', 'openai')).toMatchObject({ spanName: 'OpenAI Responses', tools: [search] });
    expect(call('gemini-2.0-flash', 'google')).toMatchObject({
      spanName: 'OpenAI Chat Completions',
      tools: chatCompletionsTools([search], []),
    });
    expect(call('claude-3-5-haiku', 'anthropic')).toMatchObject({
      spanName: 'Anthropic Messages',
      tools: [
        {
          name: 'search',
          description: 'Search.',
          input_schema: params,
          cache_control: { type: 'ephemeral' },
        },
      ],
    });
  });
});
