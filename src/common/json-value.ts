// Values as span attribute strings. No imports: used on the host and in the workflow sandbox.

/** Longest input.value/output.value kept before the process-wide attribute limit applies. */
export const VALUE_LIMIT = 8_192;

/** JSON of a value for input.value/output.value (strings as they are), cut to `limit`; never throws. */
export function jsonValue(value: unknown, limit = VALUE_LIMIT): string | undefined {
  if (value === undefined) return undefined;
  try {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text === undefined ? undefined : text.slice(0, limit);
  } catch {
    return '[unserializable]';
  }
}
