/**
 * LLM cost and usage on the host: pricing, span attributes, the LLM-span cost
 * processor; re-exports the usage rollup, which lives in `common/` because
 * workflow code uses it too (the lint rules keep this folder out of the sandbox).
 */
export * from './attributes.js';
export * from './cost-span-processor.js';
export * from './prices.js';
export * from '../common/rollup.js';
export * from '../common/round.js';
export * from './summarize.js';
