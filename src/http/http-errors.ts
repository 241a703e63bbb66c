// The run client's errors, and Fastify's, as HTTP statuses with a JSON body
// `{ error: { code, message, field? } }` that names what is wrong.
import type { FastifyError } from 'fastify';
import {
  AgentRunError,
  ApprovalNotPendingError,
  InvalidAgentRunRequestError,
  NotAnAgentRunError,
  RunAlreadyExistsError,
  RunClosedError,
  RunNotFoundError,
  SearchAttributesMissingError,
} from '../client/agent-run-errors.js';

/** An HTTP error response. */
export interface HttpError {
  status: number;
  body: { error: { code: string; message: string; field?: string } };
}

const error = (status: number, code: string, message: string, field?: string): HttpError => ({
  status,
  body: { error: { code, message, ...(field ? { field } : {}) } },
});

/** The response for `err`; unknown errors are a 500 whose body hides their message. */
export function httpError(err: unknown): HttpError {
  if (err instanceof InvalidAgentRunRequestError)
    return error(400, 'invalid_request', err.message, err.field);
  if (err instanceof RunNotFoundError) return error(404, 'not_found', err.message);
  if (err instanceof NotAnAgentRunError) return error(404, 'not_found', err.message);
  if (err instanceof ApprovalNotPendingError) return error(409, 'approval_not_pending', err.message);
  if (err instanceof RunClosedError) return error(409, 'run_closed', err.message);
  if (err instanceof RunAlreadyExistsError) return error(409, 'conflict', err.message);
  if (err instanceof SearchAttributesMissingError) return error(501, 'not_configured', err.message);
  if (err instanceof AgentRunError) return error(400, 'invalid_request', err.message);
  const f = err as Partial<FastifyError>;
  if (f.validation?.length) {
    const v = f.validation[0]!;
    const where = f.validationContext ?? 'body';
    const params = v.params as Record<string, string | undefined>;
    const field = [
      v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      params.missingProperty,
      params.additionalProperty,
    ]
      .filter(Boolean)
      .join('.');
    const problem = params.additionalProperty
      ? 'is not a known field'
      : params.missingProperty
        ? 'is required'
        : v.message;
    return error(
      400,
      'invalid_request',
      `${where}${field ? `.${field}` : ''} ${problem}`,
      field || undefined,
    );
  }
  if (f.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return error(413, 'payload_too_large', f.message ?? 'body too large');
  if (f.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return error(415, 'unsupported_media_type', 'send the body as application/json');
  if (typeof f.statusCode === 'number' && f.statusCode >= 400 && f.statusCode < 500)
    return error(f.statusCode, 'invalid_request', f.message ?? 'bad request');
  return error(500, 'internal', 'internal error (see the server log)');
}
