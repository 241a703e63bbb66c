// A run's waits for people, rebuilt from history: the stretch a run sat idle
// until a signal or update arrived becomes a `HumanWait:<message>` span, as a
// live run's `waitForHuman` makes one, with the decision when the message
// carries one in a shape we know (`{ approved, approver, reason }` as the
// generic agent workflow takes it, `{ action, reviewer, reason }` as the
// research plan review does).
import { HumanAttr, OpenInferenceAttr, SpanKindCode, SpanName } from '../common/semconv.js';
import type { PayloadValues } from './payload-values.js';
import type { MessageRecord } from './run-record.js';
import type { SpanList } from './span-list.js';

/** Adds the wait before `message` under the run's span, if the run was waiting when it came. */
export function addHumanWait(
  spans: SpanList,
  message: MessageRecord,
  values: PayloadValues,
  ids: { spanId: string; parentId: string },
): void {
  if (message.waitedMs <= 0) return;
  spans.add({
    id: ids.spanId,
    name: `${SpanName.HUMAN_WAIT}:${message.name}`,
    kind: SpanKindCode.INTERNAL,
    parentId: ids.parentId,
    startMs: message.receivedMs - message.waitedMs,
    endMs: message.receivedMs,
    attributes: {
      [OpenInferenceAttr.SPAN_KIND]: 'CHAIN',
      [HumanAttr.SUBJECT]: message.name,
      ...decisionOf(values(message.input)[0]),
    },
  });
}

function decisionOf(value: unknown): Record<string, string | undefined> {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  if (typeof v.approved === 'boolean')
    return {
      [HumanAttr.DECISION]: v.approved ? 'approve' : 'reject',
      [HumanAttr.DECIDER]: text(v.approver),
      [HumanAttr.REASON]: text(v.reason),
    };
  if (typeof v.action === 'string')
    return {
      [HumanAttr.DECISION]: v.action,
      [HumanAttr.DECIDER]: text(v.reviewer),
      [HumanAttr.REASON]: text(v.reason),
    };
  return {};
}
