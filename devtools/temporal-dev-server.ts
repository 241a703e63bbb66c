import { TestWorkflowEnvironment } from '@temporalio/testing';
import { nativeBinary } from './binaries.js';
import { AgentSearchAttribute } from '../src/common/agent-run-wire.js';

/** The Keyword search attribute the dev server registers for trace ids. */
export const TRACE_ID_SEARCH_ATTRIBUTE = 'TraceId';

/** A running local Temporal dev server. */
export interface DevServer {
  address: string;
  namespace: string;
  /** Web UI base URL, when started with the UI. */
  uiUrl?: string;
  close(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` on free loopback ports through
 * `@temporalio/testing`, with the cached CLI binary (never a download).
 */
export async function startDevServer(options: { ui?: boolean; uiPort?: number } = {}): Promise<DevServer> {
  const path = nativeBinary('temporal');
  const uiPort = options.ui ? (options.uiPort ?? (await freePort())) : undefined;
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      ip: '127.0.0.1',
      ui: options.ui ?? false,
      uiPort,
      // The search attribute our client fills with each run's trace id (TEMPORAL_TRACE_ID_SEARCH_ATTRIBUTE),
      // and those the run client lists agent runs by.
      extraArgs: [
        '--log-level',
        'error',
        ...[TRACE_ID_SEARCH_ATTRIBUTE, ...Object.values(AgentSearchAttribute)].flatMap((name) => [
          '--search-attribute',
          `${name}=Keyword`,
        ]),
      ],
    },
  });
  return {
    address: env.address,
    namespace: env.namespace ?? 'default',
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    close: () => env.teardown(),
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}
