import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../devtools/temporal-dev-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

/**
 * One real Temporal server for all integration and e2e tests: an external one
 * when TEMPORAL_ADDRESS is set, else a dev server from the cached CLI. If
 * neither can be had this throws, and the whole run fails: never skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEMPORAL_ADDRESS ?? process.env.TEMPORAL_HOST;
  if (external) {
    project.provide('temporalAddress', external);
    return async () => {};
  }
  const server = await startDevServer();
  project.provide('temporalAddress', server.address);
  return () => server.close();
}
