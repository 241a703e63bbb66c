import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIError } from 'openai';
import { redactServerText } from '../common/redact.js';

/** HTTP statuses worth another attempt, as OpenAI's own clients treat them. */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/**
 * Translates a model client's error (OpenAI's, or Anthropic's, whose SDK
 * has the same shape: `status`, `headers`) into what Temporal should do with it:
 * 408/409/429/5xx and connection errors are retried (after `retry-after`
 * when the server gives one), other 4xx fail the workflow at once. The
 * message carries the status and the server's text only, with `secrets` and
 * anything shaped like an API key removed: it is stored in the workflow's
 * history and written to worker logs, where no span processor can scrub it
 * (some OpenAI-compatible servers quote the key they were given).
 */
export function toActivityFailure(
  err: unknown,
  secrets: readonly string[] = [],
  provider = 'OpenAI',
): unknown {
  const clean = (text: string) => redactServerText(firstLine(text), secrets);
  if (
    err instanceof APIConnectionError ||
    (err instanceof Error && /^APIConnection(Timeout)?Error$/.test(err.name))
  ) {
    return ApplicationFailure.create({
      message: `${provider} API unreachable: ${clean(err.message)}`,
      type: `${provider}ConnectionError`,
    });
  }
  if (err instanceof APIError || isStatusError(err)) {
    const status = err.status;
    const shouldRetryHeader = header(err, 'x-should-retry');
    const retryable =
      shouldRetryHeader === 'true' ||
      (shouldRetryHeader !== 'false' &&
        (status === undefined || RETRYABLE_STATUSES.has(status) || status >= 500));
    return ApplicationFailure.create({
      message: `${provider} API error ${status ?? ''}: ${clean(err.message)}`.replace('  ', ' '),
      type: `${provider}APIError${status ?? ''}`,
      nonRetryable: !retryable,
      nextRetryDelay: retryable ? retryAfterMillis(err) : undefined,
    });
  }
  if (err instanceof SyntaxError) {
    // A truncated or non-JSON body: usually a proxy hiccup, so try again.
    return ApplicationFailure.create({
      message: `malformed response from the model API: ${clean(err.message)}`,
      type: 'MalformedModelResponse',
    });
  }
  return err;
}

/** An HTTP error of another provider's SDK, shaped like OpenAI's `APIError`. */
function isStatusError(err: unknown): err is APIError {
  return err instanceof Error && typeof (err as { status?: unknown }).status === 'number' && 'headers' in err;
}

function header(err: APIError, name: string): string | undefined {
  const headers = err.headers as { get?: (n: string) => string | null } | Record<string, string> | undefined;
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date; capped at one minute. */
export function retryAfterMillis(err: APIError): number | undefined {
  const ms = Number(header(err, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, 60_000);
  const raw = header(err, 'retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(delay) && delay > 0 ? Math.min(delay, 60_000) : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 500);
}
