// Stopping a long export (the CLI's Ctrl-C): no run is started after the
// signal, the runs in flight finish, and the summary says it was interrupted.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { defaultResource } from '@opentelemetry/resources';
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/history/export-summary.js';
import { HistoryExporter } from '../../src/history/history-exporter.js';
import { standInClient } from '../support/stand-in-client.js';

describe('an export stopped part way', () => {
  it('finishes the runs in flight, starts no other, and says it was interrupted', async () => {
    const received: ReadableSpan[] = [];
    const exporter = new HistoryExporter({
      client: standInClient(200),
      concurrency: 4,
      target: {
        sink: { onEnd: (span: ReadableSpan) => void received.push(span), forceFlush: async () => {} },
        resource: defaultResource(),
        attributeValueLengthLimit: Infinity,
      },
    });
    const stop = new AbortController();
    const summary = await exporter.exportQuery(
      'any',
      (s) => {
        if (s.exported === 10) stop.abort();
      },
      stop.signal,
    );
    expect(summary.interrupted).toBe(true);
    expect(summary.exported).toBeGreaterThanOrEqual(10);
    expect(summary.exported).toBeLessThanOrEqual(10 + 4);
    expect(summary.failed).toEqual([]);
    // Every run counted was delivered whole: its spans all reached the pipeline.
    expect(received.length).toBe(summary.spans);
    expect(new Set(received.map((s) => s.spanContext().traceId)).size).toBe(summary.exported);
    expect(formatSummary(summary).split('\n').at(-1)).toBe(
      'interrupted: the runs after these were not exported; the same command again finishes the job',
    );

    const whole = await exporter.exportQuery('any');
    expect(whole).toMatchObject({ exported: 200 });
    expect(whole.interrupted).toBeUndefined();
  });
});
