// The agents SDK's model request as an Anthropic Messages request, and the
// Messages response as the SDK's output items. Pure data mapping; the call is
// in anthropic-model.ts.
import type { ModelRequest } from '@openai/agents-core';

type Json = Record<string, any>;

/** Name of the tool that carries a structured final output (Claude has no response_format). */
export const FINAL_OUTPUT_TOOL = 'final_output';
const DEFAULT_MAX_TOKENS = 4096;

/** What the Messages API is sent for one model request. */
export interface MessagesParams {
  model: string;
  max_tokens: number;
  system?: Json[];
  messages: { role: 'user' | 'assistant'; content: Json[] }[];
  tools?: Json[];
  tool_choice?: Json;
  temperature?: number;
  top_p?: number;
  thinking?: Json;
}

/**
 * Maps a model request. The system prompt and the last tool definition get a
 * `cache_control` marker, so a long stable prefix is cached (Anthropic
 * ignores markers on prefixes too short to cache).
 */
export function toMessagesParams(
  model: string,
  request: Omit<ModelRequest, 'signal' | 'tracing'>,
): MessagesParams {
  const system: string[] = request.systemInstructions ? [request.systemInstructions] : [];
  const messages: MessagesParams['messages'] = [];
  const push = (role: 'user' | 'assistant', block: Json) => {
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(block);
    else messages.push({ role, content: [block] });
  };
  const items =
    typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input;
  for (const item of items as Json[]) {
    const type = item.type ?? 'message';
    if (type === 'message' && item.role === 'system') system.push(text(item.content));
    else if (type === 'message' && item.role === 'user')
      for (const b of userBlocks(item.content)) push('user', b);
    else if (type === 'message' && item.role === 'assistant') {
      const t = text(item.content);
      if (t) push('assistant', { type: 'text', text: t });
    } else if (type === 'function_call')
      push('assistant', {
        type: 'tool_use',
        id: item.callId,
        name: item.name,
        input: parseArgs(item.arguments),
      });
    else if (type === 'function_call_result')
      push('user', { type: 'tool_result', tool_use_id: item.callId, content: outputText(item.output) });
    else if (type === 'reasoning' && item.providerData?.signature)
      push('assistant', {
        type: 'thinking',
        thinking: text(item.content),
        signature: item.providerData.signature,
      });
  }

  const tools = messagesTools(request);
  const schema = typeof request.outputType === 'object' ? (request.outputType as Json) : undefined;
  if (schema && tools.length > 1)
    system.push(`When you have the final answer, call ${FINAL_OUTPUT_TOOL} with it.`);

  const settings = request.modelSettings ?? {};
  const provider = (settings.providerData ?? {}) as Json;
  return {
    model,
    max_tokens: settings.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(system.length
      ? {
          system: system.map((s, i) => ({
            type: 'text',
            text: s,
            ...(i === system.length - 1 ? { cache_control: { type: 'ephemeral' } } : {}),
          })),
        }
      : {}),
    messages,
    ...(tools.length
      ? { tools, tool_choice: toolChoice(settings.toolChoice, schema !== undefined && tools.length === 1) }
      : {}),
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.topP !== undefined ? { top_p: settings.topP } : {}),
    ...(provider.thinking ? { thinking: provider.thinking } : {}),
  };
}

/**
 * The tools a Messages request is sent: the function tools, then the tool that
 * carries a structured final output; the last one marked for the prompt cache.
 * (The history export rebuilds a call's `llm.tools` with it too.)
 */
export function messagesTools(request: Pick<ModelRequest, 'tools' | 'outputType'>): Json[] {
  const tools: Json[] = request.tools
    .filter((t) => t.type === 'function')
    .map((t: Json) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
  const schema = typeof request.outputType === 'object' ? (request.outputType as Json) : undefined;
  if (schema)
    tools.push({
      name: FINAL_OUTPUT_TOOL,
      description: 'Give your final answer, in exactly this structure.',
      input_schema: schema.schema,
    });
  if (tools.length > 0)
    tools[tools.length - 1] = { ...tools[tools.length - 1], cache_control: { type: 'ephemeral' } };
  return tools;
}

/** The SDK's output items for a Messages response. */
export function fromMessagesResponse(message: Json): Json[] {
  const output: Json[] = [];
  const texts: string[] = [];
  for (const block of (message.content ?? []) as Json[]) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'thinking')
      output.push({
        type: 'reasoning',
        content: [{ type: 'input_text', text: block.thinking }],
        providerData: { signature: block.signature },
      });
    else if (block.type === 'tool_use' && block.name === FINAL_OUTPUT_TOOL)
      texts.push(JSON.stringify(block.input));
    else if (block.type === 'tool_use')
      output.push({
        type: 'function_call',
        callId: block.id,
        name: block.name,
        arguments: JSON.stringify(block.input ?? {}),
        status: 'completed',
      });
  }
  if (texts.length > 0) {
    output.push({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      id: message.id,
      content: texts.map((t) => ({ type: 'output_text', text: t })),
    });
  }
  return output;
}

/** Anthropic's usage in the SDK's (OpenAI) convention: input includes cache reads and writes. */
export function usageOf(u: Json | undefined) {
  const cacheRead = u?.cache_read_input_tokens ?? 0;
  const cacheWrite = u?.cache_creation_input_tokens ?? 0;
  const inputTokens = (u?.input_tokens ?? 0) + cacheRead + cacheWrite;
  const outputTokens = u?.output_tokens ?? 0;
  return { inputTokens, outputTokens, cacheRead, cacheWrite };
}

function toolChoice(choice: unknown, forceFinal: boolean): Json {
  if (forceFinal) return { type: 'tool', name: FINAL_OUTPUT_TOOL };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  if (typeof choice === 'string' && choice !== 'auto') return { type: 'tool', name: choice };
  return { type: 'auto' };
}

function userBlocks(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return ((content ?? []) as Json[]).flatMap((part): Json[] => {
    if (part.type === 'input_text') return [{ type: 'text', text: part.text }];
    if (part.type === 'input_image' && typeof part.image === 'string')
      return [
        {
          type: 'image',
          source: part.image.startsWith('data:') ? dataSource(part.image) : { type: 'url', url: part.image },
        },
      ];
    return [];
  });
}

function dataSource(uri: string): Json {
  const [head, data] = uri.split(',', 2);
  return { type: 'base64', media_type: /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'image/png', data };
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return ((content ?? []) as Json[])
    .map((p) => p.text ?? p.refusal ?? '')
    .filter(Boolean)
    .join('\n');
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((o: Json) => o.text ?? '').join('\n');
  return (output as Json)?.text ?? JSON.stringify(output);
}

function parseArgs(args: string): unknown {
  try {
    return JSON.parse(args || '{}');
  } catch {
    return {};
  }
}
