// What an OpenAI client error becomes in Temporal: its message is stored in
// the workflow history and written to logs, so no credential may remain.
import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { retryAfterMillis, toActivityFailure } from '../../src/worker/openai-errors.js';

const apiError = (status: number, message: string, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message } }, undefined, new Headers(headers));

describe('toActivityFailure', () => {
  it('removes the client’s key and anything key-shaped from the failure message', () => {
    const err = apiError(
      401,
      'incorrect API key provided: custom-KEY-0123456789; also sk-proj-abcdefghijklmnop1234 and Bearer abc.def.ghi',
    );
    const failure = toActivityFailure(err, ['custom-KEY-0123456789']) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.message).toBe(
      'OpenAI API error 401: 401 incorrect API key provided: [REDACTED]; also [REDACTED] and [REDACTED]',
    );
    expect(failure.nonRetryable).toBe(true);
  });

  it('keeps ordinary text, and retries a 500', () => {
    const failure = toActivityFailure(
      apiError(500, 'the server had an error; task-1234 failed'),
    ) as ApplicationFailure;
    expect(failure.message).toBe('OpenAI API error 500: 500 the server had an error; task-1234 failed');
    expect(failure.nonRetryable).toBe(false);
  });
});

describe('retry-after', () => {
  it('reads retry-after-ms, then retry-after in seconds or as an HTTP date, capped at a minute', () => {
    expect(
      retryAfterMillis(apiError(429, 'slow down', { 'retry-after-ms': '1500', 'retry-after': '9' })),
    ).toBe(1500);
    expect(retryAfterMillis(apiError(429, 'slow down', { 'retry-after': '2' }))).toBe(2000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryAfterMillis(apiError(429, 'slow down', { 'retry-after': inTenSeconds }))!;
    expect(fromDate).toBeGreaterThan(8_000); // HTTP dates have whole seconds
    expect(fromDate).toBeLessThanOrEqual(10_000);
    expect(retryAfterMillis(apiError(429, 'slow down', { 'retry-after': '3600' }))).toBe(60_000);
    expect(retryAfterMillis(apiError(429, 'slow down', { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMillis(apiError(429, 'slow down'))).toBeUndefined();
  });

  it('hands the delay to Temporal as the next retry delay of a retryable failure', () => {
    const failure = toActivityFailure(
      apiError(429, 'slow down', { 'retry-after': '2' }),
    ) as ApplicationFailure;
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(2000);
  });

  it('retries a connection error, with its message cleaned', () => {
    const err = new APIConnectionError({ message: 'connect ECONNREFUSED via Bearer abcdefghijkl' });
    const failure = toActivityFailure(err) as ApplicationFailure;
    expect(failure.type).toBe('OpenAIConnectionError');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('OpenAI API unreachable: connect ECONNREFUSED via [REDACTED]');
  });
});
