// Trace and span ids of a rebuilt run, derived from the run's identity and the
// ids of its events, so that exporting a run again yields the same ids and
// backends de-duplicate instead of showing the run twice.
import { createHash } from 'node:crypto';
import type { RunRef } from './run-record.js';

/** Span id of one part of a run, e.g. `['activity', 5, 'attempt', 2]`. */
export function historySpanId(namespace: string, run: RunRef, ...part: (string | number)[]): string {
  const id = createHash('sha256')
    .update([namespace, run.workflowId, run.runId, ...part].join('\u0000'))
    .digest('hex')
    .slice(0, 16);
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

/** Trace id of a run that no traced client started. */
export function historyTraceId(namespace: string, run: RunRef): string {
  const id = createHash('sha256')
    .update([namespace, run.workflowId, run.runId, 'trace'].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return /^0+$/.test(id) ? '00000000000000000000000000000001' : id;
}
