// Removing credentials from text. No imports: usable anywhere.

/** What a credential is replaced with. */
export const SECRET_PLACEHOLDER = '[REDACTED]';

/**
 * Every occurrence of each of `secrets` in `text`, replaced, in the order given: pass them
 * longest first (as `loadPrivacyRules` does), so that none hides a longer one it is part of.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets)
    if (result.includes(secret)) result = result.split(secret).join(SECRET_PLACEHOLDER);
  return result;
}

/** API-key-shaped tokens (`sk-…`, `pk-…`, `rk-…`) and bearer tokens, for text from a server. */
const KEY_LIKE = /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** `text` with `secrets` and anything shaped like an API key replaced: for error text a server wrote. */
export function redactServerText(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets).replace(KEY_LIKE, SECRET_PLACEHOLDER);
}
