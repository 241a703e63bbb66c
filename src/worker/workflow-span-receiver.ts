import { diag } from '@opentelemetry/api';
import type { InjectedSinks } from '@temporalio/worker';
import type { Span } from '@opentelemetry/sdk-trace-base';
import { FinishedSpan } from '../telemetry/finished-span.js';
import { toSpanContext } from '../host/otel-context.js';
import { type SerializedSpan, TRACING_SINK, type TracingSinks } from '../common/sink.js';
import { TRACER_NAME } from '../host/tracer.js';
import { SpanName, TemporalAttr } from '../common/semconv.js';
import { temporalRunUrl } from '../config/links-config.js';
import { type SpanTarget, spanTargetResolver } from './span-target.js';
import type { RunTimingsReader } from './run-history-timings.js';

/** Remembers the last N keys, so a span sent again by a workflow task run twice is exported once. */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True the first time a key is seen. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}

const RUN_WORKFLOW_PREFIX = `${SpanName.RUN_WORKFLOW}:`;

/** Puts the run's Temporal UI page on its RunWorkflow span. */
function addUiUrl(span: FinishedSpan, base: string): void {
  const {
    [TemporalAttr.NAMESPACE]: ns,
    [TemporalAttr.WORKFLOW_ID]: wid,
    [TemporalAttr.RUN_ID]: rid,
  } = span.attributes;
  if (typeof ns === 'string' && typeof wid === 'string' && typeof rid === 'string')
    span.setAttribute(TemporalAttr.UI_URL, temporalRunUrl(base, ns, wid, rid));
}

/** Rebuilds a sandbox span as an OpenTelemetry span of this process. */
export function toFinishedSpan(data: SerializedSpan, target: Omit<SpanTarget, 'sink'>): FinishedSpan {
  const self = toSpanContext(data, false);
  const parent = data.parentSpanId
    ? toSpanContext(
        {
          traceId: data.traceId,
          spanId: data.parentSpanId,
          traceFlags: data.traceFlags,
          traceState: data.traceState,
        },
        data.parentIsRemote,
      )
    : undefined;
  return new FinishedSpan(
    {
      name: data.name,
      kind: data.kind,
      spanContext: self,
      parentSpanContext: parent,
      startTimeMs: data.startTimeMs,
      endTimeMs: data.endTimeMs,
      status: data.status,
      attributes: data.attributes,
      events: data.events,
      links: data.links.map((l) => ({ context: toSpanContext(l, true) })),
    },
    target.resource,
    { name: `${TRACER_NAME}/workflow` },
    target.attributeValueLengthLimit,
  );
}

/** RunWorkflow spans held back until their run's history timings are read. */
export class PendingRunSpans {
  private readonly pending = new Set<Promise<void>>();

  track(work: Promise<void>): void {
    // A throwing span processor is logged, as Temporal logs a throwing sink call.
    const held = work.catch((err) =>
      diag.error('temporal-agents-otel: a RunWorkflow span could not be exported', err),
    );
    this.pending.add(held);
    void held.finally(() => this.pending.delete(held));
  }

  /** Resolves once every held span has been handed on. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

/** Reading a closing run's history for its RunWorkflow span (the plugin's `historyTimings`). */
export interface HistoryTimings {
  read: RunTimingsReader;
  pending: PendingRunSpans;
}

let timingsWarned = false;

/** Adds the run's history timings to its RunWorkflow span; a failed read costs the figures, never the span. */
async function withHistoryTimings(span: FinishedSpan, read: RunTimingsReader): Promise<void> {
  const { [TemporalAttr.WORKFLOW_ID]: wid, [TemporalAttr.RUN_ID]: rid } = span.attributes;
  if (typeof wid !== 'string' || typeof rid !== 'string') return;
  try {
    span.setAttributes(await read(wid, rid));
  } catch (err) {
    if (!timingsWarned)
      diag.warn(`temporal-agents-otel: could not read run history for its timings: ${String(err)}`);
    timingsWarned = true;
  }
}

/** Hands a finished span to the target's processors. */
export function emitFinishedSpan(target: SpanTarget, span: FinishedSpan): void {
  // onEnding lets processors enrich or redact the span while it is still writable.
  target.sink.onEnding?.(span as unknown as Span);
  target.sink.onEnd(span);
}

/**
 * The worker-side end of the tracing sink: finished workflow spans go through
 * the span processors of `targetOf()` (by default the SDK registered in this
 * process), as if that SDK had ended them. Not called while replaying history,
 * and de-duplicated by span id, because a workflow task can run twice on this
 * worker (its completion was refused, or it timed out) and send its spans again.
 */
export function workflowSpanSinks(
  targetOf: () => SpanTarget | undefined = spanTargetResolver(),
  temporalUiUrl?: string,
  timings?: HistoryTimings,
): InjectedSinks<TracingSinks> {
  // Re-sent sink calls come from a retried workflow task, seconds later: a
  // recent window suffices (~3 MB at 20,000 keys; 100,000 measured 16 MB).
  const seen = new RecentKeys(20_000);
  return {
    [TRACING_SINK]: {
      exportSpans: {
        callDuringReplay: false,
        fn(_info, spans) {
          const target = targetOf();
          if (!target) return;
          // One bad span (or a throwing span processor) must not cost the
          // others of its activation; Temporal logs what is rethrown.
          let failure: unknown;
          for (const data of spans) {
            if ((data.traceFlags & 1) === 0) continue;
            if (!seen.add(`${data.traceId}/${data.spanId}`)) continue;
            try {
              const span = toFinishedSpan(data, target);
              const isRun = data.name.startsWith(RUN_WORKFLOW_PREFIX);
              if (temporalUiUrl && isRun) addUiUrl(span, temporalUiUrl);
              if (timings && isRun) {
                timings.pending.track(
                  withHistoryTimings(span, timings.read).then(() => emitFinishedSpan(target, span)),
                );
                continue;
              }
              emitFinishedSpan(target, span);
            } catch (err) {
              failure ??= err;
            }
          }
          if (failure !== undefined) throw failure;
        },
      },
    },
  };
}
