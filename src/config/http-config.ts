// Settings of the agent runs HTTP API, from the environment.
import { ConfigError } from './errors.js';
import { type Env, readNumber, readString } from './parse.js';

/** Where the HTTP API listens and whom it lets in. */
export interface HttpApiConfig {
  /** `AGENT_API_HOST` (default 127.0.0.1). */
  host: string;
  /** `AGENT_API_PORT` (default 8080; 0 picks a free port). */
  port: number;
  /** `AGENT_API_TOKEN`: the bearer token every `/api` request must carry. */
  token?: string;
  /** `AGENT_API_BODY_LIMIT_BYTES` (default 262144). */
  bodyLimit: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Reads the HTTP API settings; refuses a non-loopback address without a token. */
export function loadHttpApiConfig(env: Env = process.env): HttpApiConfig {
  const host = readString(env, 'AGENT_API_HOST') ?? '127.0.0.1';
  const token = readString(env, 'AGENT_API_TOKEN');
  if (token !== undefined && token.length < 16)
    throw new ConfigError('AGENT_API_TOKEN', 'must be at least 16 characters');
  if (!token && !isLoopback(host))
    throw new ConfigError(
      'AGENT_API_TOKEN',
      `is required when AGENT_API_HOST is not a loopback address (${host}): anyone who can reach it could run agents`,
    );
  return {
    host,
    port: readNumber(env, 'AGENT_API_PORT', 8080, 0, 65535),
    token,
    bodyLimit: readNumber(env, 'AGENT_API_BODY_LIMIT_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
  };
}

/** Whether `host` is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}
