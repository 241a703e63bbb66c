// The time a run waits for a person, as its own span. Sandbox-safe.
import { HumanAttr, OpenInferenceAttr, SpanName } from '../common/semconv.js';
import { withSpan } from './scope.js';
import { addRunTime } from './time-totals.js';

/** What a person decided, for the `HumanWait` span. */
export interface HumanDecision {
  decision?: string;
  decider?: string;
  reason?: string;
}

/** Options of {@link waitForHuman}. */
export interface WaitForHumanOptions<T> {
  /** More attributes for the span, e.g. what was put before the person. */
  attributes?: Record<string, string | number | boolean | undefined>;
  /** What the person decided, from what `wait` returned (or from workflow state). */
  decided?: (result: T) => HumanDecision | undefined;
}

/**
 * Runs `wait` (typically `condition(() => decision !== undefined)`) inside a
 * `HumanWait:<label>` span, so the trace shows how long the run waited for a
 * person and what they decided; the wait also counts in the run's
 * `temporal.time.human_ms`.
 */
export async function waitForHuman<T>(
  label: string,
  wait: () => Promise<T>,
  options: WaitForHumanOptions<T> = {},
): Promise<T> {
  const started = Date.now();
  const attributes = { ...options.attributes, [OpenInferenceAttr.SPAN_KIND]: 'CHAIN' };
  return withSpan(`${SpanName.HUMAN_WAIT}:${label}`, attributes, async (span) => {
    try {
      const result = await wait();
      const d = options.decided?.(result);
      if (d)
        span.setAttributes({
          [HumanAttr.DECISION]: d.decision,
          [HumanAttr.DECIDER]: d.decider,
          [HumanAttr.REASON]: d.reason,
        });
      return result;
    } finally {
      addRunTime('human', Date.now() - started);
    }
  });
}
