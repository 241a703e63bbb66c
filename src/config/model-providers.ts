// Which provider serves a model name, and that provider's settings from the
// standard environment variables, with one-line errors naming the variable.
import { ConfigError } from './errors.js';
import { type Env, readKeyValueList, readString, readUrl } from './parse.js';

/** How a provider is called. */
export type ProviderKind = 'openai' | 'anthropic' | 'azure' | 'google' | 'openai-compatible';

/** A model name resolved to its provider. */
export interface ModelRoute {
  kind: ProviderKind;
  /** The provider as spans and prices name it (`openai`, `anthropic`, `azure`, `google`, or the compatible server's name). */
  provider: string;
  /** The model (or Azure deployment) name the provider is sent. */
  model: string;
}

/** Credentials and endpoint of one provider. */
export interface ProviderSettings {
  apiKey?: string;
  baseURL?: string;
  /** Azure OpenAI's `api-version`. */
  apiVersion?: string;
}

const GEMINI_OPENAI_URL = 'https://generativelanguage.googleapis.com/v1beta/openai/';

/**
 * Resolves `anthropic/claude-…`, `azure/<deployment>`, `google/gemini-…`
 * (or `gemini/…`), `openai/…`, `<name>/<model>` for a server named in
 * `OPENAI_COMPATIBLE_BASE_URLS`, and bare names (`claude-…` and `gemini-…`
 * by their family, anything else OpenAI).
 */
export function routeModel(name: string, env: Env = process.env): ModelRoute {
  const slash = name.indexOf('/');
  if (slash < 0) {
    if (name.startsWith('claude-')) return { kind: 'anthropic', provider: 'anthropic', model: name };
    if (name.startsWith('gemini-')) return { kind: 'google', provider: 'google', model: name };
    return { kind: 'openai', provider: 'openai', model: name };
  }
  const prefix = name.slice(0, slash).toLowerCase();
  const model = name.slice(slash + 1);
  if (!model) throw new ConfigError('model', `"${name}" names no model after the provider`);
  switch (prefix) {
    case 'openai':
      return { kind: 'openai', provider: 'openai', model };
    case 'anthropic':
      return { kind: 'anthropic', provider: 'anthropic', model };
    case 'azure':
      return { kind: 'azure', provider: 'azure', model };
    case 'google':
    case 'gemini':
      return { kind: 'google', provider: 'google', model };
  }
  const compatible = readKeyValueList(env, 'OPENAI_COMPATIBLE_BASE_URLS');
  if (compatible[prefix] !== undefined) return { kind: 'openai-compatible', provider: prefix, model };
  throw new ConfigError(
    'model',
    `"${name}": unknown provider "${prefix}" (use anthropic/, azure/, google/, openai/, or name an OpenAI-compatible server in OPENAI_COMPATIBLE_BASE_URLS)`,
  );
}

/** The settings `route`'s provider needs; a missing or wrong one is a {@link ConfigError} naming the variable. */
export function providerSettings(route: ModelRoute, env: Env = process.env): ProviderSettings {
  switch (route.kind) {
    case 'openai':
      return { apiKey: readString(env, 'OPENAI_API_KEY'), baseURL: readUrl(env, 'OPENAI_BASE_URL')?.href };
    case 'anthropic':
      return {
        apiKey: required(env, 'ANTHROPIC_API_KEY', `to call ${route.model}`),
        baseURL: readUrl(env, 'ANTHROPIC_BASE_URL')?.href.replace(/\/+$/, ''),
      };
    case 'azure':
      return {
        apiKey: required(env, 'AZURE_OPENAI_API_KEY', `to call the Azure deployment ${route.model}`),
        baseURL: requiredUrl(env, 'AZURE_OPENAI_ENDPOINT', 'e.g. https://my-resource.openai.azure.com'),
        apiVersion: required(env, 'OPENAI_API_VERSION', 'e.g. 2024-10-21, for Azure OpenAI'),
      };
    case 'google':
      return {
        apiKey:
          readString(env, 'GEMINI_API_KEY') ??
          readString(env, 'GOOGLE_API_KEY') ??
          required(env, 'GEMINI_API_KEY', `to call ${route.model} (or set GOOGLE_API_KEY)`),
        baseURL: readUrl(env, 'GEMINI_BASE_URL')?.href ?? GEMINI_OPENAI_URL,
      };
    case 'openai-compatible': {
      const urls = readKeyValueList(env, 'OPENAI_COMPATIBLE_BASE_URLS');
      const url = urls[route.provider]!;
      if (!/^https?:\/\/\S+$/.test(url))
        throw new ConfigError(
          'OPENAI_COMPATIBLE_BASE_URLS',
          `the URL for "${route.provider}" is not an http(s) URL`,
        );
      const keys = readKeyValueList(env, 'OPENAI_COMPATIBLE_API_KEYS');
      return { apiKey: keys[route.provider] ?? 'none', baseURL: url };
    }
  }
}

function required(env: Env, name: string, why: string): string {
  const value = readString(env, name);
  if (value === undefined) throw new ConfigError(name, `is required ${why}`);
  return value;
}

function requiredUrl(env: Env, name: string, example: string): string {
  const url = readUrl(env, name);
  if (!url) throw new ConfigError(name, `is required (${example})`);
  return url.href.replace(/\/+$/, '');
}
