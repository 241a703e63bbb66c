import { basicAuth, type IngestCredentials } from '../config/index.js';

/** Outcome of {@link authCheck}. */
export interface AuthCheckResult {
  destination: string;
  host: string;
  ok: boolean;
  /** HTTP status, when the host answered. */
  status?: number;
  /** One line for people: what happened and what to do. */
  message: string;
}

/**
 * Checks ingest credentials the way the Langfuse/InteractiveAI SDKs do:
 * `GET <host>/api/public/projects` with Basic auth. Never throws and never
 * puts the keys in its message.
 */
export async function authCheck(creds: IngestCredentials, timeoutMillis = 10_000): Promise<AuthCheckResult> {
  const base = { destination: creds.name, host: creds.host };
  let response: Response;
  try {
    response = await fetch(`${creds.host}/api/public/projects`, {
      headers: { Authorization: basicAuth(creds), ...creds.extraHeaders },
      signal: AbortSignal.timeout(timeoutMillis),
    });
  } catch (err) {
    const reason =
      (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMillis} ms` : describe(err);
    return { ...base, ok: false, message: `cannot reach ${creds.host}: ${reason}` };
  }
  await response.body?.cancel();
  if (response.ok) return { ...base, ok: true, status: response.status, message: 'credentials accepted' };
  const hint =
    response.status === 401 || response.status === 403
      ? 'the key pair was rejected: check the public/secret keys and that they belong to this host'
      : 'unexpected answer: check the host URL';
  return { ...base, ok: false, status: response.status, message: `HTTP ${response.status}: ${hint}` };
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
