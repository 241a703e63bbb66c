// A client of Temporal's codec-server protocol, for histories whose payloads
// a custom codec encrypted or compressed: POST {endpoint}/decode with the
// payloads as proto3 JSON and X-Namespace, as Temporal's CLI and UI do.
import {
  JSONToPayload,
  payloadToJSON,
  type JSONPayload,
  type Payload,
} from '@temporalio/common/lib/proto-utils.js';

/** Where the codec server is and how to authenticate to it. */
export interface RemoteCodecOptions {
  /** Base URL; `{namespace}` in it is replaced, as in `temporal --codec-endpoint`. */
  endpoint: string;
  /** Value of the `Authorization` header, e.g. `Bearer …`. Never logged. */
  authorization?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

/** Decodes payloads through a codec server. Throws one line naming the server on any failure. */
export async function decodeRemotely(
  payloads: Payload[],
  namespace: string,
  options: RemoteCodecOptions,
): Promise<Payload[]> {
  if (payloads.length === 0) return [];
  const base = options.endpoint.replace('{namespace}', encodeURIComponent(namespace)).replace(/\/+$/, '');
  const url = `${base}/decode`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-namespace': namespace };
  if (options.authorization) headers.authorization = options.authorization;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ payloads: payloads.map(payloadToJSON) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new Error(`codec server ${url} did not answer: ${(err as Error).message}`);
  }
  if (!response.ok) throw new Error(`codec server ${url} answered HTTP ${response.status}`);
  let body: { payloads?: JSONPayload[] };
  try {
    body = (await response.json()) as { payloads?: JSONPayload[] };
  } catch {
    throw new Error(`codec server ${url} answered with a body that is not JSON`);
  }
  if (!Array.isArray(body.payloads) || body.payloads.length !== payloads.length)
    throw new Error(
      `codec server ${url} returned ${body.payloads?.length ?? 'no'} payloads for the ${payloads.length} sent`,
    );
  return body.payloads.map(JSONToPayload);
}
