// What an OpenAI client error becomes in Temporal: its message is stored in
// the workflow history and written to logs, so no credential may remain.
import { ApplicationFailure } from '@temporalio/common';
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { toActivityFailure } from '../../src/worker/openai-errors.js';

const apiError = (status: number, message: string) =>
  APIError.generate(status, { error: { message } }, undefined, new Headers());

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
