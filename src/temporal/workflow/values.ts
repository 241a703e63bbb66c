// Turning workflow values into span attribute strings. Sandbox-safe.
import { SANDBOX_VALUE_LIMIT } from './workflow-span.js';

/** JSON of a value for input.value/output.value, cut to the sandbox limit; never throws. */
export function jsonValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text === undefined ? undefined : text.slice(0, SANDBOX_VALUE_LIMIT);
  } catch {
    return '[unserializable]';
  }
}
