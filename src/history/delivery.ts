// Whether the spans an export handed over reached the backends. A backfill's
// job is delivery: a command that printed "exported" while its backend was
// down, or a continuous exporter that moved its checkpoint past runs whose
// spans were dropped, would lose traces without a word.
import type { ExportStats } from '../telemetry/counting-exporter.js';
import type { DeliveryStats } from '../telemetry/retrying-exporter.js';

/** One destination's counters, as setupTelemetry()'s `exportStats()` gives them. */
export type DestinationStats = ExportStats & DeliveryStats;

/**
 * One line per destination that holds spans it could not deliver (still
 * buffered, or dropped since `droppedBefore`), naming its last error:
 * `12 span(s) to otlp (connect ECONNREFUSED …)`. None when everything arrived.
 */
export function undelivered(
  stats: readonly DestinationStats[],
  droppedBefore: ReadonlyMap<string, number> = new Map(),
): string[] {
  const lines: string[] = [];
  for (const s of stats) {
    const missing = s.pendingSpans + s.droppedSpans - (droppedBefore.get(s.destination) ?? 0);
    if (missing > 0)
      lines.push(`${missing} span(s) to ${s.destination}${s.lastError ? ` (${s.lastError})` : ''}`);
  }
  return lines;
}

/**
 * Tells, batch after batch, whether a pipeline delivered what it was handed:
 * `check()` flushes, then reports what is buffered or was dropped since the
 * previous check. Without counters (a pipeline not built by setupTelemetry)
 * it can only flush, and reports nothing.
 */
export class DeliveryCheck {
  private readonly dropped = new Map<string, number>();

  constructor(
    private readonly flush: () => Promise<void>,
    private readonly stats?: () => DestinationStats[],
  ) {
    for (const s of stats?.() ?? []) this.dropped.set(s.destination, s.droppedSpans);
  }

  /** Spans buffered now, waiting for a backend that refused them. */
  pending(): number {
    return (this.stats?.() ?? []).reduce((n, s) => n + s.pendingSpans, 0);
  }

  /** Flushes and returns what did not arrive since the last check. */
  async check(): Promise<string[]> {
    await this.flush();
    const stats = this.stats?.() ?? [];
    const lines = undelivered(stats, this.dropped);
    for (const s of stats) this.dropped.set(s.destination, s.droppedSpans);
    return lines;
  }
}
