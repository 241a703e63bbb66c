import type { Client } from '@temporalio/client';
import { until } from './poll.js';

/**
 * Waits until Temporal's visibility store shows `count` runs for `query`: it is
 * updated after the run's history, so a list right after a run ends can miss it.
 */
export async function visible(
  client: Client,
  query: string,
  count: number,
  timeoutMs = 20_000,
): Promise<void> {
  await until(
    `${count} run(s) visible for ${query}`,
    async () => ((await client.workflow.count(query)).count >= count ? true : undefined),
    timeoutMs,
  );
}
