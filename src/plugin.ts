/**
 * The plugin alone, for processes that only need it (a client, or a worker
 * wired to its own SDK): loads neither `openai` nor the price table.
 */
export {
  AgentTracingPlugin,
  type AgentTracingPluginOptions,
  WORKFLOW_INTERCEPTORS_MODULE,
} from './host/plugin.js';
export { spanTargetResolver, type SpanTarget, type SpanTargetOptions } from './worker/span-target.js';
