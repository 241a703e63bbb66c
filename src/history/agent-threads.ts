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
    if (before.every((item, i) => sameJson(item, input[i]))) {
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
  if (sameJson(parsed, activityArgs[0])) return true;
  return (
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    sameJson(Object.values(parsed), activityArgs)
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Whether two decoded JSON values are equal, whatever the order of their
 * object keys (a model's arguments and the activity input made from them are
 * written by different code). Compared in place, without serializing either:
 * each turn compares the whole conversation so far again.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key)) continue;
    keys++;
    if (!Object.hasOwn(y, key) || !sameJson(x[key], y[key])) return false;
  }
  for (const key in y) if (Object.hasOwn(y, key)) keys--;
  return keys === 0;
}
