// Which model calls and tool activities belong to one agent run. History has
// no agent spans, but the agents SDK sends each turn the whole conversation so
// far: a call whose input begins with an earlier call's input continues that
// agent's run, and a tool activity whose arguments match a function call the
// model asked for belongs to the agent that asked.
import type { ActivityRecord } from './run-record.js';
import type { ModelCall } from './model-call.js';

/** One agent run as far as history shows it. */
export interface AgentThread {
  /** Set when the model activity names its agent (ours does; others may not). */
  agentName?: string;
  calls: { activity: ActivityRecord; call: ModelCall }[];
  tools: { activity: ActivityRecord; toolName: string }[];
  /** Tool calls the thread's latest answer asked for and no activity has claimed yet. */
  pending: ModelCall['toolCalls'];
}

/** Activities grouped into agent threads; tool activities no thread asked for stay out. */
export function groupAgentThreads(
  activities: readonly ActivityRecord[],
  modelCallOf: (a: ActivityRecord) => ModelCall | undefined,
  argsOf: (a: ActivityRecord) => unknown[],
  isToolActivity: (type: string) => boolean,
): AgentThread[] {
  const threads: AgentThread[] = [];
  const ordered = [...activities].sort((a, b) => a.scheduledEventId - b.scheduledEventId);
  for (const activity of ordered) {
    const call = modelCallOf(activity);
    if (call) {
      const thread = continuedThread(threads, activity, call);
      if (thread) {
        thread.calls.push({ activity, call });
        thread.pending = [...call.toolCalls];
      } else {
        threads.push({
          agentName: call.agentName,
          calls: [{ activity, call }],
          tools: [],
          pending: [...call.toolCalls],
        });
      }
      continue;
    }
    const args = argsOf(activity);
    for (const thread of threads) {
      const i = thread.pending.findIndex(
        (t) =>
          (t.name === activity.activityType || isToolActivity(activity.activityType)) &&
          sameArguments(t.arguments, args),
      );
      if (i >= 0) {
        thread.tools.push({ activity, toolName: thread.pending[i].name });
        thread.pending.splice(i, 1);
        break;
      }
    }
  }
  return threads;
}

/** The thread this call continues: the longest earlier conversation its input starts with. */
function continuedThread(
  threads: AgentThread[],
  activity: ActivityRecord,
  call: ModelCall,
): AgentThread | undefined {
  const input = call.inputItems;
  if (!input) return undefined;
  let best: AgentThread | undefined;
  let bestLength = -1;
  for (const thread of threads) {
    const last = thread.calls[thread.calls.length - 1];
    const before = last.call.inputItems;
    if (!before || before.length >= input.length || before.length <= bestLength) continue;
    if (thread.agentName !== call.agentName) continue;
    // A turn is sent only after the previous one answered.
    if (last.activity.closedMs === undefined || last.activity.closedMs > activity.scheduledMs) continue;
    if (before.every((item, i) => canonical(item) === canonical(input[i]))) {
      best = thread;
      bestLength = before.length;
    }
  }
  return best;
}

/**
 * Whether an activity was called with a function call's arguments: as one
 * object (our activityTool), or spread into positional parameters (Python's
 * `activity_as_tool`).
 */
function sameArguments(callArguments: string, activityArgs: unknown[]): boolean {
  const parsed = parseJson(callArguments);
  if (canonical(parsed) === canonical(activityArgs[0])) return true;
  return (
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    canonical(Object.values(parsed)) === canonical(activityArgs)
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const canonicalOf = new WeakMap<object, string>();

/**
 * JSON with object keys sorted, so equal values compare equal whatever their
 * key order. Remembered per object: each turn compares the whole conversation
 * so far again.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return canonicalJson(value);
  let text = canonicalOf.get(value);
  if (text === undefined) canonicalOf.set(value, (text = canonicalJson(value)));
  return text;
}

/** JSON.stringify's text for plain data, with object keys sorted; built directly, with no sorted copies. */
function canonicalJson(value: unknown): string {
  return canonicalPart(value) ?? 'undefined';
}

function canonicalPart(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return canonicalPart(withToJson.toJSON());
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i ? ',' : '') + (canonicalPart(value[i]) ?? 'null');
    return text + ']';
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    const part = canonicalPart(record[key]);
    if (part !== undefined) text += (text.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + part;
  }
  return text + '}';
}
