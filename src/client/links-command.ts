// `temporal-agents-otel links`: connects with the TEMPORAL_* settings and finds a run's links.
import { loadLinksConfig } from '../config/links-config.js';
import { connectClientFromEnv } from './connect-from-env.js';
import { findRunLinks, type RunLinks } from './run-links.js';

/** The links of one run, through a connection made from the environment. */
export async function runLinks(ref: { workflowId: string; runId?: string }): Promise<RunLinks> {
  const links = loadLinksConfig();
  const { client, connection } = await connectClientFromEnv();
  try {
    return await findRunLinks(client, ref, links);
  } finally {
    await connection.close();
  }
}
