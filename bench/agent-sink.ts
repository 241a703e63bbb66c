// The sink that workflow code calls with the spans an activation ended. Without our plugin nobody registers it; the worker then
// logs "Workflow referenced an unregistered external sink" at error level for
// every agent and tool span (it does not crash). Modes (a) and (b) get this
// no-op stand-in so that logging does not weigh on their numbers.
import type { InjectedSinks } from '@temporalio/worker';
import type { Sinks } from '@temporalio/workflow';

interface AgentTracingSink extends Sinks {
  agentTracing: { exportSpans(spans: unknown[]): void };
}

/** A no-op `agentTracing.exportSpans` sink, or none. */
export function noopAgentSink(enabled: boolean): InjectedSinks<AgentTracingSink> | undefined {
  if (!enabled) return undefined;
  return { agentTracing: { exportSpans: { fn: () => undefined, callDuringReplay: false } } };
}
