// How deep the stacks Temporal captures in the workflow sandbox are. Temporal
// records a source-mapped stack trace for every promise a workflow creates
// (for its stack-trace query), and the agents SDK creates thousands per run:
// at V8's default of 10 frames that is about a quarter of a research run's
// worker CPU and most of the garbage its workflow thread makes (see
// docs/performance.md). The plugin's `workflowStackTraceLimit` option sets a
// lower depth; without it nothing changes. Evaluated once, as a bundle entry,
// before Temporal freezes the sandbox's globals. Sandbox-safe.

// Replaced at bundle time by the plugin's webpack hook (see bundler-config.ts).
declare const __TAO_STACK_TRACE_LIMIT__: number | undefined;

if (typeof __TAO_STACK_TRACE_LIMIT__ === 'number') Error.stackTraceLimit = __TAO_STACK_TRACE_LIMIT__;

export {};
