/**
 * Attribute names for usage rollups on agent and workflow spans.
 *
 * Backends such as Langfuse sum `llm.cost.*`, `llm.token_count.*` and
 * `gen_ai.usage.*` over every span of a trace, so a rollup written under
 * those names would be counted twice. Everything here lives under
 * `rollup.` instead. Sandbox-safe: no imports.
 */

/** Number of LLM calls rolled up. */
export const ROLLUP_LLM_CALLS = 'rollup.llm.calls';
/** Sum of prompt tokens (cached ones included). */
export const ROLLUP_LLM_TOKEN_COUNT_PROMPT = 'rollup.llm.token_count.prompt';
/** Sum of completion tokens (reasoning ones included). */
export const ROLLUP_LLM_TOKEN_COUNT_COMPLETION = 'rollup.llm.token_count.completion';
/** Sum of total tokens. */
export const ROLLUP_LLM_TOKEN_COUNT_TOTAL = 'rollup.llm.token_count.total';
/** Sum of prompt tokens served from the provider's cache. */
export const ROLLUP_LLM_TOKEN_COUNT_CACHE_READ = 'rollup.llm.token_count.cache_read';
/** Sum of reasoning tokens. */
export const ROLLUP_LLM_TOKEN_COUNT_REASONING = 'rollup.llm.token_count.reasoning';
/** Sum of prompt cost in USD over priced calls. */
export const ROLLUP_LLM_COST_PROMPT = 'rollup.llm.cost.prompt';
/** Sum of completion cost in USD over priced calls. */
export const ROLLUP_LLM_COST_COMPLETION = 'rollup.llm.cost.completion';
/** Sum of total cost in USD over priced calls. */
export const ROLLUP_LLM_COST_TOTAL = 'rollup.llm.cost.total';
/** Number of calls whose cost is unknown and therefore missing from the cost sums. */
export const ROLLUP_LLM_UNPRICED_CALLS = 'rollup.llm.unpriced_calls';
