import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RetryingExporter } from '../../src/telemetry/retrying-exporter.js';

/** An exporter that fails while `down` is true and records what it delivered. */
class FlakyExporter implements SpanExporter {
  down = false;
  attempts = 0;
  delivered: string[] = [];
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.attempts++;
    if (this.down)
      return done({ code: ExportResultCode.FAILED, error: new Error('503 Service Unavailable') });
    this.delivered.push(...spans.map((s) => s.name));
    done({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

const span = (name: string) => ({ name }) as unknown as ReadableSpan;
const batch = (...names: string[]) => names.map(span);
const options = {
  maxBufferedSpans: 5,
  initialBackoffMillis: 5,
  maxBackoffMillis: 20,
  flushTimeoutMillis: 2_000,
  maxSpansPerRequest: 2,
};
const accept = (e: RetryingExporter, spans: ReadableSpan[]) =>
  new Promise<ExportResult>((resolve) => e.export(spans, resolve));

describe('RetryingExporter', () => {
  it('accepts at once and delivers everything, in order, after an outage', async () => {
    const inner = new FlakyExporter();
    const warnings: string[] = [];
    const e = new RetryingExporter('test', inner, options, (l) => warnings.push(l));
    inner.down = true;
    expect((await accept(e, batch('a', 'b'))).code).toBe(ExportResultCode.SUCCESS);
    expect((await accept(e, batch('c'))).code).toBe(ExportResultCode.SUCCESS);
    await new Promise((r) => setTimeout(r, 40));
    expect(inner.attempts).toBeGreaterThan(1);
    expect(e.delivery.pendingSpans).toBe(3);
    inner.down = false;
    await e.forceFlush();
    expect(inner.delivered).toEqual(['a', 'b', 'c']);
    expect(e.delivery).toEqual({ pendingSpans: 0, droppedSpans: 0 });
    expect(warnings).toEqual([]);
  });

  it('drops the oldest waiting batch when the buffer is full, and says so', async () => {
    const inner = new FlakyExporter();
    const warnings: string[] = [];
    const e = new RetryingExporter('test', inner, options, (l) => warnings.push(l));
    inner.down = true;
    await accept(e, batch('1', '2'));
    await accept(e, batch('3', '4'));
    await accept(e, batch('5', '6')); // 6 > 5: the oldest batch not in flight ("3","4") goes
    expect(e.delivery).toEqual({ pendingSpans: 4, droppedSpans: 2 });
    expect(warnings.join('\n')).toMatch(/test: retry buffer full, dropped 2 span/);
    inner.down = false;
    await e.forceFlush();
    expect(inner.delivered).toEqual(['1', '2', '5', '6']);
  });

  it('counts what is still undelivered at shutdown as dropped', async () => {
    const inner = new FlakyExporter();
    const warnings: string[] = [];
    const e = new RetryingExporter('test', inner, { ...options, flushTimeoutMillis: 50 }, (l) =>
      warnings.push(l),
    );
    inner.down = true;
    await accept(e, batch('x', 'y', 'z'));
    await e.shutdown();
    expect(e.delivery).toEqual({ pendingSpans: 0, droppedSpans: 3 });
    expect(warnings.join('\n')).toContain('shut down with 3 span(s) undelivered');
    expect((await accept(e, batch('late'))).code).toBe(ExportResultCode.FAILED);
  });

  it('merges queued batches into requests of up to maxSpansPerRequest spans', async () => {
    const inner = new FlakyExporter();
    const requests: number[] = [];
    const recording: SpanExporter = {
      export: (spans, done) => {
        requests.push(spans.length);
        inner.export(spans, done);
      },
      shutdown: async () => {},
    };
    const e = new RetryingExporter('test', recording, { ...options, maxBufferedSpans: 100 }, () => {});
    inner.down = true;
    for (const name of ['1', '2', '3', '4', '5']) await accept(e, batch(name));
    inner.down = false;
    requests.length = 0;
    await e.forceFlush();
    expect(inner.delivered).toEqual(['1', '2', '3', '4', '5']);
    expect(requests).toEqual([2, 2, 1]);
  });

  it('a batch still in flight at shutdown is delivered and counted as delivered, not dropped', async () => {
    let settle: (() => void) | undefined;
    const delivered: string[] = [];
    const slow: SpanExporter = {
      export: (spans, done) => {
        settle = () => {
          delivered.push(...spans.map((s) => s.name));
          done({ code: ExportResultCode.SUCCESS });
        };
        setTimeout(settle, 200);
      },
      // Like the OTLP exporter: shutdown waits for the request in flight.
      shutdown: () => new Promise((resolve) => setTimeout(resolve, 250)),
    };
    const warnings: string[] = [];
    const e = new RetryingExporter('test', slow, { ...options, flushTimeoutMillis: 20 }, (l) =>
      warnings.push(l),
    );
    await accept(e, batch('a', 'b', 'c'));
    await e.shutdown();
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(e.delivery).toEqual({ pendingSpans: 0, droppedSpans: 0 });
    expect(warnings).toEqual([]);
  });
});
