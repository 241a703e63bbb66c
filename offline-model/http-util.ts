/**
 * Small HTTP helpers: JSON and OpenAI-shaped error replies, body reading and
 * the request hash that makes ids deterministic.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Timestamp used for every `created`/`created_at` field. Fixed rather than the
 * clock so identical requests give byte-identical answers.
 */
export const FIXED_CREATED_AT = 1_700_000_000;

/** Sends a JSON body with the given status. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const ERROR_TYPES: Record<number, { type: string; code: string }> = {
  400: { type: 'invalid_request_error', code: 'invalid_request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'permission_denied' },
  404: { type: 'invalid_request_error', code: 'not_found' },
  409: { type: 'invalid_request_error', code: 'conflict' },
  422: { type: 'invalid_request_error', code: 'unprocessable_entity' },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
};

/** Sends an error body shaped like OpenAI's, so clients map it to their error classes. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: { code?: string; headers?: Record<string, string> } = {},
): void {
  const known =
    ERROR_TYPES[status] ??
    (status >= 500
      ? { type: 'server_error', code: 'server_error' }
      : { type: 'invalid_request_error', code: 'error' });
  sendJson(
    res,
    status,
    { error: { message, type: known.type, param: null, code: extra.code ?? known.code } },
    extra.headers,
  );
}

/** Reads the whole request body as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A short stable hash of the request body, used as the id seed. */
export function hashBody(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
