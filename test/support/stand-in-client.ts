// A Temporal client that serves one recorded research history for every run it
// lists, for exporter tests that need no server: the history without its trace
// headers, as a run made with tracing off leaves it.
import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';

const recorded = JSON.parse(
  readFileSync(new URL('../history_files/research-0.1.0.json', import.meta.url), 'utf8'),
) as { events: Record<string, { header?: unknown }>[] };
for (const event of recorded.events)
  for (const [key, value] of Object.entries(event)) if (key.endsWith('EventAttributes')) delete value.header;
const history = historyFromJSON(recorded);

/** A client whose visibility lists `runs` runs (`wf-0`/`run-0` …), each with the recorded history. */
export function standInClient(runs = 1): Client {
  return {
    options: { namespace: 'default' },
    workflow: {
      count: async () => ({ count: runs }),
      async *list() {
        for (let i = 0; i < runs; i++) yield { workflowId: `wf-${i}`, runId: `run-${i}` };
      },
      getHandle: () => ({ fetchHistory: async () => history }),
    },
  } as unknown as Client;
}
