/**
 * Normalises Responses and Chat Completions request bodies into one shape, so
 * the answer logic does not care which API the client used.
 */
import type { JsonSchema } from './schema-fill.js';

/** A function tool the client offers. */
export interface FunctionTool {
  name: string;
  parameters: JsonSchema;
}

/** What the offline model needs to know about a request. */
export interface Conversation {
  /** Model name exactly as requested. */
  model: string;
  /** Text of the last user message (empty when there is none). */
  lastUserText: string;
  /** Text of tool results that came after the last user message. */
  toolResults: string[];
  /** Function tools offered, in request order. */
  tools: FunctionTool[];
  /** `none` forbids tool calls; a name forces that tool. */
  toolChoice: 'auto' | 'none' | { name: string };
  /** Schema of the requested structured output, if any. */
  outputSchema?: JsonSchema;
  /** Characters of everything the model would read, for input token estimates. */
  promptChars: number;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Collects the text of a message content, which may be a plain string or an
 * array of typed parts (`input_text`, `output_text`, `text`).
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text.length > 0)
    .join('\n');
}

function jsonLength(value: unknown): number {
  return value === undefined ? 0 : JSON.stringify(value).length;
}

function modelOf(body: Json): string {
  // Lenient: a prompt-template request may omit the model.
  return typeof body.model === 'string' ? body.model : 'offline-model';
}

function toolChoiceOf(choice: unknown): Conversation['toolChoice'] {
  if (choice === 'none') return 'none';
  if (isRecord(choice)) {
    const fn = isRecord(choice.function) ? choice.function : choice;
    if (typeof fn.name === 'string') return { name: fn.name };
  }
  return 'auto';
}

/** Extracts the conversation from a `POST /v1/responses` body. */
export function fromResponsesRequest(body: Json): Conversation {
  const items: unknown[] =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : [];
  let lastUserText = '';
  let toolResults: string[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    if (item.role === 'user' && (item.type === undefined || item.type === 'message')) {
      lastUserText = contentText(item.content);
      toolResults = [];
    } else if (item.type === 'function_call_output') {
      toolResults.push(contentText(item.output));
    }
  }
  const tools: FunctionTool[] = (Array.isArray(body.tools) ? body.tools : [])
    .filter(
      (tool): tool is Json => isRecord(tool) && tool.type === 'function' && typeof tool.name === 'string',
    )
    .map((tool) => ({
      name: tool.name as string,
      parameters: isRecord(tool.parameters) ? tool.parameters : {},
    }));
  const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : undefined;
  const outputSchema = format?.type === 'json_schema' && isRecord(format.schema) ? format.schema : undefined;
  const instructions = typeof body.instructions === 'string' ? body.instructions : '';
  return {
    model: modelOf(body),
    lastUserText,
    toolResults,
    tools,
    toolChoice: toolChoiceOf(body.tool_choice),
    outputSchema,
    promptChars: instructions.length + jsonLength(items) + jsonLength(body.tools) + jsonLength(outputSchema),
  };
}

/** Extracts the conversation from a `POST /v1/chat/completions` body. */
export function fromChatRequest(body: Json): Conversation {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  let lastUserText = '';
  let toolResults: string[] = [];
  for (const message of messages) {
    if (!isRecord(message)) continue;
    if (message.role === 'user') {
      lastUserText = contentText(message.content);
      toolResults = [];
    } else if (message.role === 'tool') {
      toolResults.push(contentText(message.content));
    }
  }
  const tools: FunctionTool[] = (Array.isArray(body.tools) ? body.tools : [])
    .filter((tool): tool is Json => isRecord(tool) && tool.type === 'function' && isRecord(tool.function))
    .map((tool) => tool.function as Json)
    .filter((fn) => typeof fn.name === 'string')
    .map((fn) => ({ name: fn.name as string, parameters: isRecord(fn.parameters) ? fn.parameters : {} }));
  const format = isRecord(body.response_format) ? body.response_format : undefined;
  const jsonSchema =
    format?.type === 'json_schema' && isRecord(format.json_schema) ? format.json_schema : undefined;
  const outputSchema = jsonSchema && isRecord(jsonSchema.schema) ? jsonSchema.schema : undefined;
  return {
    model: modelOf(body),
    lastUserText,
    toolResults,
    tools,
    toolChoice: toolChoiceOf(body.tool_choice),
    outputSchema,
    promptChars: jsonLength(messages) + jsonLength(body.tools) + jsonLength(outputSchema),
  };
}
