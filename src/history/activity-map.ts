// Which activities are LLM calls and tools, for workers we have no reader for
// (Go, Java, custom Python): a JSON file maps activity types to the fields of
// their decoded arguments and result that hold the model, usage and messages.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import { asItems, functionCallsIn, type ModelCallReader, tokenCount, valueAt } from './model-call.js';

/**
 * How to read one model activity. Every path is dotted and starts at `input`
 * (the activity's argument list) or `result`: `input.0.model`, `result.usage.input_tokens`.
 */
export interface ModelActivityMapping {
  /** `llm.provider`, e.g. `anthropic` (default `openai`). */
  provider?: string;
  /** Span name (default `<provider> call`). */
  spanName?: string;
  model?: string;
  responseModel?: string;
  inputTokens?: string;
  outputTokens?: string;
  cachedInputTokens?: string;
  reasoningTokens?: string;
  /** True when the provider counts cached tokens apart from input tokens (Anthropic does). */
  inputTokensExcludeCached?: boolean;
  agentName?: string;
  systemInstructions?: string;
  /** The conversation sent. */
  messages?: string;
  /** What the model answered. */
  output?: string;
  /** The tools the model was offered, a list as the API was sent it (each becomes `llm.tools.<i>.tool.json_schema`). */
  tools?: string;
}

/** The contents of a `--activity-map` file. */
export interface ActivityMap {
  modelActivities: Record<string, ModelActivityMapping>;
  /** Activity types that are tools the agents call (TOOL spans). */
  toolActivities: string[];
}

const PATH_KEYS = [
  'model',
  'responseModel',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'reasoningTokens',
  'agentName',
  'systemInstructions',
  'messages',
  'output',
  'tools',
] as const;

/** Reads and checks an activity map file; a wrong one is a one-line {@link ConfigError}. */
export function loadActivityMap(path: string, variable = '--activity-map'): ActivityMap {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(variable, `cannot read ${path} as JSON (${(err as Error).message.split('\n')[0]})`);
  }
  return checkActivityMap(raw, variable);
}

/** Checks a parsed activity map. */
export function checkActivityMap(raw: unknown, variable = '--activity-map'): ActivityMap {
  if (!raw || typeof raw !== 'object') throw new ConfigError(variable, 'must be a JSON object');
  const { modelActivities = {}, toolActivities = [] } = raw as Record<string, unknown>;
  if (!modelActivities || typeof modelActivities !== 'object' || Array.isArray(modelActivities))
    throw new ConfigError(variable, '"modelActivities" must be an object of activity type → mapping');
  if (!Array.isArray(toolActivities) || toolActivities.some((t) => typeof t !== 'string'))
    throw new ConfigError(variable, '"toolActivities" must be a list of activity type names');
  for (const [type, mapping] of Object.entries(modelActivities as Record<string, unknown>)) {
    if (!mapping || typeof mapping !== 'object')
      throw new ConfigError(variable, `modelActivities.${type} must be an object`);
    const m = mapping as Record<string, unknown>;
    for (const key of PATH_KEYS) {
      const path = m[key];
      if (path !== undefined && (typeof path !== 'string' || !/^(input|result)(\.[^.]+)*$/.test(path)))
        throw new ConfigError(
          variable,
          `modelActivities.${type}.${key} must be a dotted path starting at "input" or "result"`,
        );
    }
    if (m.inputTokens === undefined || m.outputTokens === undefined)
      throw new ConfigError(variable, `modelActivities.${type} needs "inputTokens" and "outputTokens" paths`);
  }
  return {
    modelActivities: modelActivities as Record<string, ModelActivityMapping>,
    toolActivities: toolActivities as string[],
  };
}

/** A reader that follows a mapping. */
export function mappedModelReader(m: ModelActivityMapping): ModelCallReader {
  return (args, result) => {
    const root = { input: args, result };
    const at = (path?: string) => (path ? valueAt(root, path) : undefined);
    const text = (path?: string) => {
      const v = at(path);
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const cached = tokenCount(at(m.cachedInputTokens));
    let input = tokenCount(at(m.inputTokens));
    if (input !== undefined && m.inputTokensExcludeCached) input += cached ?? 0;
    const provider = m.provider ?? 'openai';
    const output = at(m.output);
    return {
      provider,
      spanName: m.spanName ?? `${provider} call`,
      requestModel: text(m.model),
      responseModel: text(m.responseModel) ?? text(m.model),
      inputTokens: input,
      outputTokens: tokenCount(at(m.outputTokens)),
      cachedInputTokens: cached,
      reasoningTokens: tokenCount(at(m.reasoningTokens)),
      agentName: text(m.agentName),
      systemInstructions: text(m.systemInstructions),
      inputItems: asItems(at(m.messages)),
      output,
      tools: asList(at(m.tools)),
      toolCalls: functionCallsIn(output),
    };
  };
}

const asList = (v: unknown) => (Array.isArray(v) ? v : undefined);
