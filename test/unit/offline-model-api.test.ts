import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineModel } from '../../offline-model/index.js';
import type { OfflineModelServer } from '../../offline-model/index.js';

let server: OfflineModelServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startOfflineModel();
  client = new OpenAI({ baseURL: server.url, apiKey: 'offline', maxRetries: 0 });
});
afterAll(() => server.close());

const searchTool = {
  type: 'function' as const,
  name: 'webSearch',
  description: 'Search the web',
  strict: true,
  parameters: {
    type: 'object',
    properties: { query: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 5 } },
    required: ['query', 'limit'],
    additionalProperties: false,
  },
};

describe('offline model: Responses API', () => {
  it('answers with synthetic text, echoes the model and reports usage', async () => {
    const { data, response } = await client.responses
      .create({ model: 'gpt-4.1-mini', instructions: 'Be brief.', input: 'Tell me about durable execution.' })
      .withResponse();
    expect(response.headers.get('x-offline-model')).toBe('1');
    expect(data.model).toBe('gpt-4.1-mini');
    expect(data.id).toMatch(/^resp_offline_[0-9a-f]+$/);
    expect(data.output_text).toMatch(/^\[offline model\] .*durable execution/);
    const usage = data.usage!;
    expect(usage.output_tokens).toBe(Math.ceil(data.output_text.length / 4));
    expect(usage.input_tokens).toBeGreaterThan(Math.ceil('Tell me about durable execution.'.length / 4));
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(usage.input_tokens_details.cached_tokens).toBe(0);
    expect(usage.output_tokens_details.reasoning_tokens).toBe(0);
  });

  it('is deterministic: the same request gives the same answer', async () => {
    const request = { model: 'gpt-4o', input: 'Same question twice?' };
    const [a, b] = await Promise.all([client.responses.create(request), client.responses.create(request)]);
    expect(b).toEqual(a);
    const other = await client.responses.create({ ...request, input: 'A different question' });
    expect(other.id).not.toBe(a.id);
  });

  it('calls the first function tool with arguments from its schema, then answers from the tool result', async () => {
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { role: 'user', content: 'latest Temporal release notes' },
    ];
    const first = await client.responses.create({ model: 'gpt-4o', input, tools: [searchTool] });
    expect(first.output).toHaveLength(1);
    const call = first.output[0];
    if (call.type !== 'function_call') throw new Error(`expected a function call, got ${call.type}`);
    expect(call.name).toBe('webSearch');
    expect(call.call_id).toMatch(/^call_offline_/);
    expect(JSON.parse(call.arguments)).toEqual({ query: 'latest Temporal release notes', limit: 1 });

    const second = await client.responses.create({
      model: 'gpt-4o',
      tools: [searchTool],
      input: [
        ...input,
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'Temporal 1.24 shipped. It adds X.' },
      ],
    });
    expect(second.output[0].type).toBe('message');
    expect(second.output_text).toContain('Temporal 1.24 shipped. It adds X.');
  });

  it('streams the event sequence the SDKs expect, with usage on response.completed', async () => {
    const stream = await client.responses.create({
      model: 'gpt-5-mini',
      input: 'stream this please',
      stream: true,
    });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.output_item.added');
    expect(types.filter((t) => t === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(types.slice(-2)).toEqual(['response.output_item.done', 'response.completed']);
    expect(completed?.model).toBe('gpt-5-mini');
    expect(completed?.usage?.total_tokens).toBeGreaterThan(0);
    const message = completed?.output[0];
    expect(
      message?.type === 'message' && message.content[0].type === 'output_text' && message.content[0].text,
    ).toBe(text);
  });

  it('fills a json_schema text format with a valid document', async () => {
    const response = await client.responses.create({
      model: 'gpt-4o',
      input: 'rank three databases',
      text: {
        format: {
          type: 'json_schema',
          name: 'ranking',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'string' }, maxItems: 2 },
              best: { enum: ['pg', 'mysql'] },
            },
            required: ['items', 'best'],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = JSON.parse(response.output_text) as { items: string[]; best: string };
    expect(parsed.items).toHaveLength(2);
    expect(parsed.best).toBe('pg');
  });
});

describe('offline model: Chat Completions API', () => {
  it('answers non-streaming requests with chat usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is OTLP?' },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-offline-/);
    expect(completion.model).toBe('gpt-4o-mini');
    const content = completion.choices[0].message.content ?? '';
    expect(content).toContain('[offline model]');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(Math.ceil(content.length / 4));
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('returns a tool call until a tool message follows the user turn', async () => {
    const tools: OpenAI.Chat.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
      },
    ];
    const first = await client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [{ role: 'user', content: 'find me cats' }],
    });
    const call = first.choices[0].message.tool_calls?.[0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(JSON.parse(call.function.arguments)).toEqual({ q: 'find me cats' });
    const second = await client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [
        { role: 'user', content: 'find me cats' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'Cats sleep a lot. They purr.' },
      ],
    });
    expect(second.choices[0].message.content).toContain('Cats sleep a lot.');
  });

  it('streams chunks, then a usage chunk, then [DONE]', async () => {
    const raw = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'hello there' }],
      }),
    });
    const body = await raw.text();
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);

    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hello there' }],
    });
    let text = '';
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(Math.ceil(text.length / 4));
    expect(chunks[chunks.length - 2].choices[0].finish_reason).toBe('stop');
    expect(text).toContain('[offline model]');
  });
});

describe('offline model: other routes', () => {
  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
  });

  it('gives OpenAI-shaped 404 and 400 errors', async () => {
    const missing = await fetch(`${server.url}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-offline-model')).toBe('1');
    const notFound = (await missing.json()) as { error: { message: string; type: string; code: string } };
    expect(notFound.error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url' });
    expect(notFound.error.message).toContain('/v1/embeddings');

    const bad = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });
});
