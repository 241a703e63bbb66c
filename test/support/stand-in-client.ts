// A Temporal client that serves one recorded research history for every run it
// lists, for exporter tests that need no server: the history without its trace
// headers, as a run made with tracing off leaves it.
import type { Client } from '@temporalio/client';
import { untracedHistory } from './untraced-history.js';

const history = untracedHistory();

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
