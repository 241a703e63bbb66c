import { loadIngestCredentials, basicAuth } from './ingest-config.js';
import { type Env, readBoolean, readKeyValueList, readNumber, readString } from './parse.js';

/** OpenInference's hiding switches, named as in its `TraceConfig`. */
export interface HideSwitches {
  hideInputs: boolean;
  hideOutputs: boolean;
  hideInputMessages: boolean;
  hideOutputMessages: boolean;
  hideInputText: boolean;
  hideOutputText: boolean;
  hideInputImages: boolean;
  hideEmbeddingVectors: boolean;
  hidePrompts: boolean;
  hideLLMTools: boolean;
  base64ImageMaxLength: number;
}

/** The variable behind each switch (OpenInference's names). */
export const HIDE_VARIABLES: Record<Exclude<keyof HideSwitches, 'base64ImageMaxLength'>, string> = {
  hideInputs: 'OPENINFERENCE_HIDE_INPUTS',
  hideOutputs: 'OPENINFERENCE_HIDE_OUTPUTS',
  hideInputMessages: 'OPENINFERENCE_HIDE_INPUT_MESSAGES',
  hideOutputMessages: 'OPENINFERENCE_HIDE_OUTPUT_MESSAGES',
  hideInputText: 'OPENINFERENCE_HIDE_INPUT_TEXT',
  hideOutputText: 'OPENINFERENCE_HIDE_OUTPUT_TEXT',
  hideInputImages: 'OPENINFERENCE_HIDE_INPUT_IMAGES',
  hideEmbeddingVectors: 'OPENINFERENCE_HIDE_EMBEDDING_VECTORS',
  hidePrompts: 'OPENINFERENCE_HIDE_PROMPTS',
  hideLLMTools: 'OPENINFERENCE_HIDE_LLM_TOOLS',
};

/** What the privacy processor removes from spans. */
export interface PrivacyRules extends HideSwitches {
  /** Credential values that must never appear in any span, whatever the attribute. */
  secrets: string[];
}

/** Credential variables whose values are scrubbed from spans wherever they show up. */
export const SECRET_VARIABLES = [
  'OPENAI_API_KEY',
  'INTERACTIVEAI_PUBLIC_KEY',
  'INTERACTIVEAI_SECRET_KEY',
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'TEMPORAL_API_KEY',
] as const;

/** Shorter values are not scrubbed: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** Reads the OpenInference hiding switches, so they apply to every span, not only the instrumentation's. */
export function loadHideSwitches(env: Env = process.env): HideSwitches {
  const switches = Object.fromEntries(
    Object.entries(HIDE_VARIABLES).map(([key, name]) => [key, readBoolean(env, name, false)]),
  ) as Omit<HideSwitches, 'base64ImageMaxLength'>;
  return {
    ...switches,
    base64ImageMaxLength: readNumber(env, 'OPENINFERENCE_BASE64_IMAGE_MAX_LENGTH', 32_000, 0, 1e9),
  };
}

/**
 * The hiding switches plus the credential values to scrub from every span:
 * API keys, ingest credentials (and their Basic form), OTLP header values.
 */
export function loadPrivacyRules(env: Env = process.env): PrivacyRules {
  const secrets = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = readString(env, name);
    if (value) secrets.add(value);
  }
  for (const creds of loadIngestCredentials(env)) secrets.add(basicAuth(creds).slice('Basic '.length));
  for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']) {
    for (const value of Object.values(readKeyValueList(env, name))) {
      secrets.add(value);
      const bearer = /^(?:Bearer|Basic)\s+(.+)$/i.exec(value)?.[1];
      if (bearer) secrets.add(bearer);
    }
  }
  return {
    ...loadHideSwitches(env),
    secrets: [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length),
  };
}
