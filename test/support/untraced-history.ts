// A recorded history without its trace headers, as a run made with tracing off
// leaves it: what a backfill finds. Used by the stand-in client and by
// bench/history-stages.ts.
import { readFileSync } from 'node:fs';
import type { temporal } from '@temporalio/proto';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';

/** The recorded history `file` (in test/history_files), with every event's `header` removed. */
export function untracedHistory(file = 'research-0.1.0.json'): temporal.api.history.v1.IHistory {
  const recorded = JSON.parse(readFileSync(new URL(`../history_files/${file}`, import.meta.url), 'utf8')) as {
    events: Record<string, { header?: unknown }>[];
  };
  for (const event of recorded.events)
    for (const [key, value] of Object.entries(event))
      if (key.endsWith('EventAttributes') && value && typeof value === 'object') delete value.header;
  return historyFromJSON(recorded);
}
