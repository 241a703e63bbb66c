// Providers: routing model names, their settings from the environment, the
// Anthropic Messages mapping driven through the real @anthropic-ai/sdk
// against the offline model (which answers Messages too), and pricing of
// cache writes by the published prices.
import Anthropic from '@anthropic-ai/sdk';
import { setTracingDisabled, withTrace } from '@openai/agents-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type OfflineModelServer, startOfflineModel } from '../../offline-model/index.js';
import { providerSettings, routeModel } from '../../src/config/model-providers.js';
import { estimateCost } from '../../src/cost/prices.js';
import { AnthropicMessagesModel } from '../../src/worker/providers/anthropic-model.js';
import {
  FINAL_OUTPUT_TOOL,
  fromMessagesResponse,
  toMessagesParams,
} from '../../src/worker/providers/anthropic-messages.js';
import { ModelClients } from '../../src/worker/providers/model-clients.js';

let model: OfflineModelServer;
let anthropic: Anthropic;
beforeAll(async () => {
  model = await startOfflineModel();
  setTracingDisabled(true);
  anthropic = new Anthropic({
    apiKey: 'offline-key',
    baseURL: model.url.replace(/\/v1$/, ''),
    maxRetries: 0,
  });
});
afterAll(() => model?.close());

describe('model routing', () => {
  it('routes by explicit provider, by model family, and to named OpenAI-compatible servers', () => {
    const env = { OPENAI_COMPATIBLE_BASE_URLS: 'vllm=http://gpu:8000/v1' };
    const route = (name: string) => routeModel(name, env);
    expect(route('anthropic/claude-haiku-4-5')).toEqual({
      kind: 'anthropic',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(route('claude-haiku-4-5').kind).toBe('anthropic');
    expect(route('azure/prod-gpt4o')).toEqual({ kind: 'azure', provider: 'azure', model: 'prod-gpt4o' });
    expect(route('google/gemini-2.5-flash').provider).toBe('google');
    expect(route('gemini-2.5-flash').provider).toBe('google');
    expect(route('openai/gpt-4o-mini')).toEqual({ kind: 'openai', provider: 'openai', model: 'gpt-4o-mini' });
    expect(route('gpt-4o-mini').kind).toBe('openai');
    expect(route('vllm/llama-3.1-8b')).toEqual({
      kind: 'openai-compatible',
      provider: 'vllm',
      model: 'llama-3.1-8b',
    });
    expect(() => route('mystery/x')).toThrow(/^model: "mystery\/x": unknown provider "mystery"/);
  });

  it('names the missing variable, in one line, and never echoes a key', () => {
    const settings = (name: string, env: Record<string, string>) => () =>
      providerSettings(routeModel(name, env), env);
    expect(settings('anthropic/claude-haiku-4-5', {})).toThrow(
      /^ANTHROPIC_API_KEY: is required to call claude-haiku-4-5$/,
    );
    expect(settings('azure/d', { AZURE_OPENAI_API_KEY: 'k' })).toThrow(/^AZURE_OPENAI_ENDPOINT: is required/);
    expect(
      settings('azure/d', { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' }),
    ).toThrow(/^OPENAI_API_VERSION: is required/);
    expect(settings('google/gemini-2.5-flash', {})).toThrow(/^GEMINI_API_KEY: is required/);
    expect(settings('google/gemini-2.5-flash', { GOOGLE_API_KEY: 'g' })()).toMatchObject({
      apiKey: 'g',
      baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    });
    const clients = new ModelClients({ env: {} });
    expect(() => clients.validate(['gpt-4o-mini'])).toThrow(
      /^OPENAI_API_KEY: is required to call gpt-4o-mini$/,
    );
    const secret = 'sk-ant-very-secret-0123456789';
    expect(() =>
      new ModelClients({ env: { ANTHROPIC_API_KEY: secret } }).validate(['anthropic/claude-haiku-4-5']),
    ).not.toThrow();
  });
});

describe('Azure OpenAI', () => {
  it('one client serves every deployment, and OPENAI_BASE_URL (meant for OpenAI) does not get in its way', async () => {
    vi.stubEnv('OPENAI_BASE_URL', 'http://openai-proxy.invalid/v1');
    try {
      const root = model.url.replace(/\/v1$/, '');
      const env = {
        AZURE_OPENAI_API_KEY: 'azure-key',
        AZURE_OPENAI_ENDPOINT: root,
        OPENAI_API_VERSION: '2024-10-21',
      };
      const clients = new ModelClients({ env });
      for (const deployment of ['prod-gpt4o', 'cheap-mini']) {
        const routed = await clients.modelFor(`azure/${deployment}`);
        const response = await withTrace('azure test', () =>
          routed.model.getResponse({
            input: 'hi',
            modelSettings: {},
            tools: [],
            outputType: 'text',
            handoffs: [],
            tracing: false,
          } as never),
        );
        expect(response.output.length).toBeGreaterThan(0);
      }
      expect(model.stats().byPath).toMatchObject({
        '/openai/deployments/prod-gpt4o/chat/completions': 1,
        '/openai/deployments/cheap-mini/chat/completions': 1,
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('Anthropic Messages (offline model, real SDK)', () => {
  it('answers tool use, then text, with usage that caches the marked prefix', async () => {
    const request = {
      model: 'claude-haiku-4-5',
      max_tokens: 512,
      system: [{ type: 'text' as const, text: 'Be brief.', cache_control: { type: 'ephemeral' as const } }],
      tools: [
        {
          name: 'lookup',
          description: 'Look up.',
          input_schema: { type: 'object' as const, properties: { q: { type: 'string' } }, required: ['q'] },
        },
      ],
      messages: [{ role: 'user' as const, content: 'Find the order 12.' }],
    };
    const first = await anthropic.messages.create(request);
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use')!;
    expect(use).toMatchObject({ name: 'lookup', input: { q: expect.any(String) } });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);

    const second = await anthropic.messages.create({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: use.id, content: 'order 12: shipped' }],
        },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('order 12: shipped'),
    });
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);

    const streamed = await anthropic.messages.stream({ ...request, tools: undefined }).finalMessage();
    expect(streamed.content[0]!.type).toBe('text');
    expect(streamed.usage.output_tokens).toBeGreaterThan(0);
  });

  it('maps an agent request (tools, structured output) and the answer both ways', async () => {
    const m = new AnthropicMessagesModel(anthropic, 'claude-haiku-4-5');
    const base = {
      systemInstructions: 'You plan searches.',
      modelSettings: {},
      handoffs: [],
      tracing: false as const,
    };
    const withTool = await m.getResponse({
      ...base,
      input: 'Plan for: durable agents',
      tools: [
        {
          type: 'function',
          name: 'webSearch',
          description: 'Search.',
          parameters: {
            type: 'object',
            properties: { query: { type: 'string' } },
            required: ['query'],
            additionalProperties: false,
          },
          strict: true,
        },
      ],
      outputType: 'text',
    } as never);
    const call = withTool.output.find((o) => o.type === 'function_call') as {
      callId: string;
      name: string;
      arguments: string;
    };
    expect(call.name).toBe('webSearch');
    expect(JSON.parse(call.arguments)).toHaveProperty('query');

    const schema = {
      type: 'object',
      properties: { searches: { type: 'array', items: { type: 'string' } } },
      required: ['searches'],
      additionalProperties: false,
    };
    const structured = await m.getResponse({
      ...base,
      input: [
        { role: 'user', content: 'Plan for: durable agents' },
        {
          type: 'function_call',
          callId: call.callId,
          name: 'webSearch',
          arguments: call.arguments,
          status: 'completed',
        },
        {
          type: 'function_call_result',
          callId: call.callId,
          name: 'webSearch',
          status: 'completed',
          output: { type: 'text', text: 'results' },
        },
      ],
      tools: [],
      outputType: { type: 'json_schema', name: 'plan', strict: true, schema },
    } as never);
    const message = structured.output.find((o) => o.type === 'message') as { content: { text: string }[] };
    expect(JSON.parse(message.content[0]!.text)).toHaveProperty('searches');
    expect(
      structured.output.some(
        (o) => o.type === 'function_call' && (o as { name: string }).name === FINAL_OUTPUT_TOOL,
      ),
    ).toBe(false);
    expect(structured.usage.inputTokens).toBeGreaterThan(0);
  });

  it('answers injected faults in Anthropic’s error shape, which the SDK maps to its classes', async () => {
    model.setFaults([{ kind: 'status', status: 529, times: 1, retryAfterSeconds: 2 }]);
    const err = await anthropic.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((err as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('2');
  });
});

describe('extended thinking', () => {
  it('keeps thinking blocks (with their signature) across turns, and passes the thinking budget through', () => {
    const output = fromMessagesResponse({
      id: 'msg_1',
      content: [
        { type: 'thinking', thinking: 'Which order?', signature: 'sig-1' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: '12' } },
      ],
    });
    expect(output[0]).toEqual({
      type: 'reasoning',
      content: [{ type: 'input_text', text: 'Which order?' }],
      providerData: { signature: 'sig-1' },
    });
    const params = toMessagesParams('claude-sonnet-4-5', {
      input: [{ role: 'user', content: 'Find order 12' }, ...output] as never,
      modelSettings: { providerData: { thinking: { type: 'enabled', budget_tokens: 2048 } } },
      tools: [],
      outputType: 'text',
      handoffs: [],
    } as never);
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(params.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Which order?', signature: 'sig-1' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: '12' } },
      ],
    });
  });
});

describe('pricing cache writes', () => {
  it('prices Claude cache reads and writes as Anthropic bills them (claude-haiku-4-5: $1 in, $1.25 write, $0.10 read, $5 out per MTok)', () => {
    // 1000 prompt tokens of which 600 written and 300 read from the cache; 200 out.
    const est = estimateCost(
      { inputTokens: 1000, cachedInputTokens: 300, cacheWriteTokens: 600, outputTokens: 200 },
      'claude-haiku-4-5',
      'anthropic',
    );
    expect(est.priced).toBe(true);
    if (!est.priced) return;
    const byHand = (100 * 1 + 600 * 1.25 + 300 * 0.1) / 1e6;
    expect(est.prompt).toBeCloseTo(byHand, 12);
    expect(est.promptDetails.cacheWrite).toBeCloseTo((600 * 1.25) / 1e6, 12);
    expect(est.promptDetails.cacheRead).toBeCloseTo((300 * 0.1) / 1e6, 12);
    expect(est.completion).toBeCloseTo((200 * 5) / 1e6, 12);
  });
});
