/**
 * Sums of LLM usage and cost over many calls, for agent and workflow spans.
 *
 * Runs inside Temporal's deterministic workflow sandbox, so this module (and
 * everything it imports) must stay free of Node modules, the price table,
 * the OTel SDK, clocks and randomness. Pricing happens on the host
 * (see `summarize.ts`); the workflow only adds numbers.
 */
import { roundUsd } from './round.js';
import {
  ROLLUP_LLM_CALLS,
  ROLLUP_LLM_COST_COMPLETION,
  ROLLUP_LLM_COST_PROMPT,
  ROLLUP_LLM_COST_TOTAL,
  ROLLUP_LLM_TOKEN_COUNT_CACHE_READ,
  ROLLUP_LLM_TOKEN_COUNT_COMPLETION,
  ROLLUP_LLM_TOKEN_COUNT_PROMPT,
  ROLLUP_LLM_TOKEN_COUNT_REASONING,
  ROLLUP_LLM_TOKEN_COUNT_TOTAL,
  ROLLUP_LLM_UNPRICED_CALLS,
} from './rollup-attributes.js';

/** USD cost of one call or of a sum of calls. */
export interface CostSums {
  prompt: number;
  completion: number;
  total: number;
}

/**
 * Usage and cost of one LLM call, plain JSON so an activity can return it to
 * a workflow. Token counts follow the OpenAI convention (input includes
 * cached, output includes reasoning).
 */
export interface LlmCallSummary {
  /** Model name as the API returned it. */
  model: string;
  /** Provider the call was routed to (`openai`, `anthropic`…); absent in histories written before it was added. */
  provider?: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (Anthropic); absent when none. */
  cacheWriteTokens?: number;
  reasoningTokens: number;
  /** Undefined when the call could not be priced. */
  cost?: CostSums;
  /** Why the call could not be priced; set only when `cost` is undefined. */
  unpricedReason?: string;
}

/** Plain-JSON state of a {@link UsageRollup}, safe to pass through Temporal payloads. */
export interface RollupSnapshot {
  calls: number;
  /** Calls left out of `cost` because they could not be priced. */
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Sums over priced calls only. */
  cost: CostSums;
}

/** Accumulates {@link LlmCallSummary} values into sums for an agent or workflow span. */
export class UsageRollup {
  private state: RollupSnapshot = emptySnapshot();

  /** Builds a rollup from a snapshot, e.g. one returned by a child workflow. */
  static from(s: RollupSnapshot): UsageRollup {
    const rollup = new UsageRollup();
    rollup.merge(s);
    return rollup;
  }

  /** Adds one call. A call without `cost` counts as unpriced and adds no cost. */
  add(call: LlmCallSummary): void {
    const s = this.state;
    s.calls += 1;
    s.inputTokens += num(call.inputTokens);
    s.outputTokens += num(call.outputTokens);
    s.totalTokens += num(call.totalTokens);
    s.cachedInputTokens += num(call.cachedInputTokens);
    s.reasoningTokens += num(call.reasoningTokens);
    if (call.cost) addCost(s.cost, call.cost);
    else s.unpricedCalls += 1;
  }

  /** Adds another rollup's sums (or a snapshot of them) into this one. */
  merge(other: UsageRollup | RollupSnapshot): void {
    // Duck-typed rather than instanceof: a rollup from another copy of this
    // module (e.g. a separate workflow bundle) must still merge.
    if (typeof other !== 'object' || other === null) return;
    const o = isRollup(other) ? other.snapshot() : other;
    const s = this.state;
    s.calls += num(o.calls);
    s.unpricedCalls += num(o.unpricedCalls);
    s.inputTokens += num(o.inputTokens);
    s.outputTokens += num(o.outputTokens);
    s.totalTokens += num(o.totalTokens);
    s.cachedInputTokens += num(o.cachedInputTokens);
    s.reasoningTokens += num(o.reasoningTokens);
    if (o.cost) addCost(s.cost, o.cost);
  }

  /** A plain-JSON copy of the sums; later changes to the rollup do not affect it. */
  snapshot(): RollupSnapshot {
    return { ...this.state, cost: { ...this.state.cost } };
  }

  /**
   * The sums as `rollup.*` span attributes. Cost keys are left out when every
   * call was unpriced, so an unknown cost never reads as zero;
   * `rollup.llm.unpriced_calls` says when the cost covers only part of the calls.
   */
  toAttributes(): Record<string, number> {
    const s = this.state;
    const attrs: Record<string, number> = {
      [ROLLUP_LLM_CALLS]: s.calls,
      [ROLLUP_LLM_UNPRICED_CALLS]: s.unpricedCalls,
      [ROLLUP_LLM_TOKEN_COUNT_PROMPT]: s.inputTokens,
      [ROLLUP_LLM_TOKEN_COUNT_COMPLETION]: s.outputTokens,
      [ROLLUP_LLM_TOKEN_COUNT_TOTAL]: s.totalTokens,
      [ROLLUP_LLM_TOKEN_COUNT_CACHE_READ]: s.cachedInputTokens,
      [ROLLUP_LLM_TOKEN_COUNT_REASONING]: s.reasoningTokens,
    };
    if (s.calls === 0 || s.unpricedCalls < s.calls) {
      attrs[ROLLUP_LLM_COST_PROMPT] = s.cost.prompt;
      attrs[ROLLUP_LLM_COST_COMPLETION] = s.cost.completion;
      attrs[ROLLUP_LLM_COST_TOTAL] = s.cost.total;
    }
    return attrs;
  }
}

function isRollup(value: UsageRollup | RollupSnapshot): value is UsageRollup {
  return typeof (value as Partial<UsageRollup>).snapshot === 'function';
}

function emptySnapshot(): RollupSnapshot {
  return {
    calls: 0,
    unpricedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    cost: { prompt: 0, completion: 0, total: 0 },
  };
}

// Rounding after every addition keeps float noise from accumulating over
// long runs while leaving real amounts (far above 1e-10 USD) untouched.
function addCost(into: CostSums, add: CostSums): void {
  into.prompt = roundUsd(into.prompt + num(add.prompt));
  into.completion = roundUsd(into.completion + num(add.completion));
  into.total = roundUsd(into.total + num(add.total));
}

// Snapshots arrive as deserialized JSON; a missing or corrupt field must not
// turn every later sum into NaN.
function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
