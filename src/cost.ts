/** Prices, cost attributes, the LLM-span cost processor and usage rollups. */
export * from './cost/index.js';
