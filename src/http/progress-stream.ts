// Server-sent events of a run's progress: `progress` whenever it changes,
// then one `status` event once the run has closed, then the stream ends.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentRunClient } from '../client/agent-run-client.js';
import type { AgentRunStatus } from '../common/agent-run-wire.js';
import { progressJson, statusJson, type TraceLinks } from './wire.js';

const POLL_MS = 500;
const KEEPALIVE_MS = 15_000;
const CLOSED = new Set<AgentRunStatus>(['completed', 'failed', 'cancelled', 'timed_out']);

/** Streams `id`'s progress to the client until the run closes or the client leaves. */
export async function streamProgress(
  runs: AgentRunClient,
  id: string,
  request: FastifyRequest,
  reply: FastifyReply,
  links: TraceLinks,
): Promise<void> {
  // The first read answers 404 for an unknown run before the stream starts.
  let status = await runs.getAgentStatus(id);
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let open = true;
  request.raw.on('close', () => (open = false));
  const send = (event: string, data: unknown) =>
    out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let last = '';
  let quietSince = Date.now();
  try {
    while (open && !CLOSED.has(status.status)) {
      if (status.status !== 'pending') {
        const progress = JSON.stringify(progressJson(await runs.getAgentProgress(id)));
        if (progress !== last) {
          out.write(`event: progress\ndata: ${progress}\n\n`);
          last = progress;
          quietSince = Date.now();
        }
      }
      if (Date.now() - quietSince > KEEPALIVE_MS) {
        out.write(': keep-alive\n\n');
        quietSince = Date.now();
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      status = await runs.getAgentStatus(id);
    }
    if (open) send('status', statusJson(status, links));
  } catch (err) {
    if (open) send('error', { message: err instanceof Error ? err.message : String(err) });
  } finally {
    out.end();
  }
}
