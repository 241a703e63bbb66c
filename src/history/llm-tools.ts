// The tools an LLM call offered the model, as its provider's API received
// them, for `llm.tools.<i>.tool.json_schema`: what OpenInference's
// instrumentations record live, so a rebuilt call shows the same tool list.
// Model activities record the tools in the agents SDK's own serialized form;
// this maps them the way the providers do before sending.
import { LlmToolAttr } from '../common/semconv.js';
import type { SpanAttributeValue } from '../common/sink.js';
import { jsonValue } from '../common/json-value.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/**
 * The Responses API's tools for a request of the TypeScript agents SDK
 * (SerializedTool, SerializedHandoff): function tools as functions, hosted
 * tools as their provider data, handoffs as functions after the tools.
 */
export function responsesTools(tools: unknown, handoffs: unknown): Json[] {
  const sent = list(tools).map((t) => {
    if (t.type === 'function')
      return {
        type: 'function',
        name: t.name,
        description: t.description,
        parameters: t.parameters,
        strict: t.strict,
      };
    if (t.type === 'hosted_tool' && isObject(t.providerData)) return t.providerData;
    return t;
  });
  for (const h of list(handoffs))
    sent.push({
      name: h.toolName,
      description: h.toolDescription,
      parameters: h.inputJsonSchema,
      strict: h.strictJsonSchema,
      type: 'function',
    });
  return sent;
}

/**
 * The Chat Completions API's tools for the same request, as the agents SDK
 * sends them to OpenAI-compatible servers: functions under `function`.
 */
export function chatCompletionsTools(tools: unknown, handoffs: unknown): Json[] {
  const sent = list(tools).map((t) =>
    t.type === 'function'
      ? {
          type: 'function',
          function: {
            name: t.name,
            description: t.description || '',
            parameters: t.parameters,
            strict: t.strict,
          },
        }
      : t,
  );
  for (const h of list(handoffs))
    sent.push({
      type: 'function',
      function: { name: h.toolName, description: h.toolDescription || '', parameters: h.inputJsonSchema },
    });
  return sent;
}

/**
 * The same for Temporal's Python agents integration (`ActivityModelInput`):
 * `FunctionToolInput` and `HandoffInput` as functions; hosted tools (web
 * search, file search, …) as the integration serialized them.
 */
export function pythonAgentsTools(tools: unknown, handoffs: unknown): Json[] {
  const sent = list(tools).map((t) =>
    'params_json_schema' in t
      ? {
          type: 'function',
          name: t.name,
          description: t.description,
          parameters: t.params_json_schema,
          strict: t.strict_json_schema,
        }
      : t,
  );
  for (const h of list(handoffs))
    sent.push({
      type: 'function',
      name: h.tool_name,
      description: h.tool_description,
      parameters: h.input_json_schema,
      strict: h.strict_json_schema,
    });
  return sent;
}

/** Writes `llm.tools.<i>.tool.json_schema` for each tool into `attributes`. */
export function llmToolAttributes(
  tools: readonly unknown[] | undefined,
  attributes: Record<string, SpanAttributeValue>,
): void {
  tools?.forEach((tool, i) => {
    const schema = jsonValue(tool);
    if (schema !== undefined) attributes[`${LlmToolAttr.TOOLS}.${i}.${LlmToolAttr.JSON_SCHEMA}`] = schema;
  });
}
