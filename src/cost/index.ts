/**
 * LLM cost and usage: pricing (host only), span attributes, the LLM-span
 * cost processor, and the sandbox-safe usage rollup.
 *
 * Workflow code must import `rollup.js` directly rather than this barrel:
 * the barrel loads the price table and `@opentelemetry/api`, which do not
 * belong in Temporal's deterministic workflow sandbox.
 */
export * from './attributes.js';
export * from './cost-span-processor.js';
export * from './prices.js';
export * from './rollup.js';
export * from './round.js';
export * from './summarize.js';
