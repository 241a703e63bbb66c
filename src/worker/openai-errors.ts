import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIError } from 'openai';

/** HTTP statuses worth another attempt, as OpenAI's own clients treat them. */
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/**
 * Translates an OpenAI client error into what Temporal should do with it:
 * 408/409/429/5xx and connection errors are retried (after `retry-after`
 * when the server gives one), other 4xx fail the workflow at once. The
 * message carries the status and OpenAI's text only: no request, no headers.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof APIConnectionError) {
    return ApplicationFailure.create({
      message: `OpenAI API unreachable: ${err.message}`,
      type: 'OpenAIConnectionError',
    });
  }
  if (err instanceof APIError) {
    const status = err.status;
    const shouldRetryHeader = header(err, 'x-should-retry');
    const retryable =
      shouldRetryHeader === 'true' ||
      (shouldRetryHeader !== 'false' &&
        (status === undefined || RETRYABLE_STATUSES.has(status) || status >= 500));
    return ApplicationFailure.create({
      message: `OpenAI API error ${status ?? ''}: ${firstLine(err.message)}`.replace('  ', ' '),
      type: `OpenAIAPIError${status ?? ''}`,
      nonRetryable: !retryable,
      nextRetryDelay: retryable ? retryAfterMillis(err) : undefined,
    });
  }
  if (err instanceof SyntaxError) {
    // A truncated or non-JSON body: usually a proxy hiccup, so try again.
    return ApplicationFailure.create({
      message: `malformed response from the model API: ${firstLine(err.message)}`,
      type: 'MalformedModelResponse',
    });
  }
  return err;
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
