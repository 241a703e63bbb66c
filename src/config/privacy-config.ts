import { loadIngestCredentials, basicAuth } from './ingest-config.js';
import { type Env, readBoolean, readKeyValueList, readString } from './parse.js';

/** What the privacy processor removes from spans. */
export interface PrivacyRules {
  /** Replace input.value (and tool parameters) on every span. */
  hideInputs: boolean;
  /** Replace output.value on every span. */
  hideOutputs: boolean;
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

/**
 * Reads the OpenInference hiding switches (which the OpenInference
 * instrumentation applies to LLM spans) so they apply to our spans too, and
 * collects the credential values to scrub. Our spans' inputs embed whole
 * prompts, so hiding messages or text hides them as well.
 */
export function loadPrivacyRules(env: Env = process.env): PrivacyRules {
  const flag = (name: string) => readBoolean(env, `OPENINFERENCE_HIDE_${name}`, false);
  const hideInputs = flag('INPUTS') || flag('INPUT_MESSAGES') || flag('INPUT_TEXT');
  const hideOutputs = flag('OUTPUTS') || flag('OUTPUT_MESSAGES') || flag('OUTPUT_TEXT');

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
    hideInputs,
    hideOutputs,
    secrets: [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length),
  };
}
