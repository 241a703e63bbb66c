import { ConfigError } from './errors.js';

/** Environment variables as read by the loaders: a plain string map. */
export type Env = Record<string, string | undefined>;

/** The trimmed value of `name`, or undefined when unset or blank. */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Parses a boolean variable: `true` or `false`, any case, as the OpenTelemetry
 * spec and OpenInference read them. Anything else (`1`, `yes`) is refused
 * rather than read as false, which the spec would do silently.
 */
export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readString(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, 'expected true or false');
}

/** Parses a number within [min, max]. */
export function readNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}`);
  }
  return value;
}

/** Parses an http(s) URL; the value is not echoed (it may carry credentials). */
export function readUrl(env: Env, name: string): URL | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL (expected e.g. http://localhost:4318)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // No echo of the scheme: without one, the parser takes whatever precedes
    // the first colon (possibly a token) for it.
    throw new ConfigError(name, 'must be an http:// or https:// URL');
  }
  return url;
}

/**
 * Parses a W3C-baggage-style list `k1=v1,k2=v2` with percent-encoded values,
 * as used by OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES.
 */
export function readKeyValueList(env: Env, name: string): Record<string, string> {
  const raw = readString(env, name);
  const result: Record<string, string> = {};
  if (raw === undefined) return result;
  raw.split(',').forEach((item, index) => {
    if (!item.trim()) return;
    const eq = item.indexOf('=');
    const key = eq > 0 ? item.slice(0, eq).trim() : '';
    if (!key || /[\s"]/.test(key)) {
      throw new ConfigError(name, `entry ${index + 1} is not of the form key=value`);
    }
    try {
      result[key] = decodeURIComponent(item.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(name, `entry ${index + 1} (${key}) has a malformed percent-encoding`);
    }
  });
  return result;
}

/** Reads one of a fixed set of lower-case choices. */
export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[]): T | undefined {
  const raw = readString(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `unknown value; expected one of ${choices.join(', ')}`);
  }
  return raw as T;
}
