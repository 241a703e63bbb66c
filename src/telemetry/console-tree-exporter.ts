import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { renderTraceTree } from './trace-tree.js';

/**
 * The exporter used when no destination is configured: it gathers spans per
 * trace and prints the trace as a tree once no span of it has arrived for
 * `quietMillis` (a trace has no "end" event a process can see), or on flush.
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly traces = new Map<string, { spans: ReadableSpan[]; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly print: (text: string) => void = (text) => process.stdout.write(text + '\n'),
    private readonly quietMillis = 2_000,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const entry = this.traces.get(traceId) ?? { spans: [] };
      entry.spans.push(span);
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.printTrace(traceId), this.quietMillis);
      entry.timer.unref();
      this.traces.set(traceId, entry);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {
    for (const traceId of [...this.traces.keys()]) this.printTrace(traceId);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }

  private printTrace(traceId: string): void {
    const entry = this.traces.get(traceId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.traces.delete(traceId);
    this.print(renderTraceTree(entry.spans));
  }
}
