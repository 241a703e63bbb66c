// Mode (a): no telemetry. A plain Worker and Client: no plugin, no
// OpenTelemetry. (Its bundle has only the webpack adjustment the agents SDK
// needs in the sandbox; see bundles.ts.)
import { noopAgentSink } from './agent-sink.js';
import type { Mode, ModeContext } from './mode.js';

export function setupPlain(ctx: ModeContext): Mode {
  return {
    worker: {
      sinks: noopAgentSink(ctx.noopAgentSink),
    },
    client: {},
    exportStats: () => ({}),
    shutdown: async () => undefined,
  };
}
