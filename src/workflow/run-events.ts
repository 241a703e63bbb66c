// What an agent run is doing, told to whoever listens (the generic agent
// workflow's progress): model calls and tool calls as they start and end.
// Carried by the sandbox's AsyncLocalStorage, so only the code of the run that
// installed a listener reports to it. Sandbox-safe.
import { AsyncLocalStorage } from '@temporalio/workflow';
import type { LlmCallSummary } from '../common/rollup.js';

/** One step of an agent run. */
export type RunEvent =
  | { kind: 'model_start'; agentName?: string; model: string }
  | { kind: 'model_end'; agentName?: string; model: string; llm: LlmCallSummary }
  | { kind: 'tool_start'; toolName: string }
  | { kind: 'tool_end'; toolName: string };

type Listener = (event: RunEvent) => void;

const listeners = new AsyncLocalStorage<Listener>();

/** Runs `fn` with `listener` told of the model and tool calls made inside it. */
export function withRunEvents<T>(listener: Listener, fn: () => T): T {
  return listeners.run(listener, fn);
}

/** Tells the current listener, if any, of `event`. */
export function emitRunEvent(event: RunEvent): void {
  listeners.getStore()?.(event);
}
