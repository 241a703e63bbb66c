import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Export counters of one destination, so losses are never silent. */
export interface ExportStats {
  destination: string;
  exportedSpans: number;
  failedSpans: number;
  lastError?: string;
}

/**
 * Wraps an exporter to count what it delivered and what it failed to deliver,
 * and to report failures on stderr (at most once per burst) instead of the
 * OpenTelemetry default of swallowing them.
 */
export class CountingExporter implements SpanExporter {
  readonly stats: ExportStats;
  private failing = false;

  constructor(
    name: string,
    private readonly inner: SpanExporter,
    private readonly warn: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {
    this.stats = { destination: name, exportedSpans: 0, failedSpans: 0 };
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.stats.exportedSpans += spans.length;
        if (this.failing) this.warn(`[telemetry] export to ${this.stats.destination} recovered`);
        this.failing = false;
      } else {
        this.stats.failedSpans += spans.length;
        this.stats.lastError = describe(result.error);
        if (!this.failing) {
          this.warn(
            `[telemetry] export to ${this.stats.destination} failed (${this.stats.lastError}); ` +
              `${this.stats.failedSpans} span(s) not delivered so far`,
          );
        }
        this.failing = true;
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function describe(error: Error | undefined): string {
  if (!error) return 'unknown error';
  // Only the first line: exporter errors can embed response bodies.
  return (error.message || error.name).split('\n')[0].slice(0, 200);
}
