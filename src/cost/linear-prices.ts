// Most models' price is a fixed rate per token of each kind: linear in the
// token counts. For those, the rates are read from the price table once per
// model (by pricing a million tokens of each kind with `calcPrice`) and every
// later call is a few multiplications, where `calcPrice` matches the model and
// walks its unit tree again each time; a backfill prices thousands of calls.
// Tiered and date- or time-conditional prices always go through `calcPrice`.
import { calcPrice, type PriceCalculation } from '@pydantic/genai-prices';

/** Token counts as `calcPrice` takes them. */
export type TokenUsage = {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  output_reasoning_tokens: number;
};

/** What {@link linearPrice} returns: `calcPrice`'s result, as far as estimateCost reads it. */
export type LinearPriceResult = Pick<
  PriceCalculation,
  'input_price' | 'output_price' | 'total_price' | 'model' | 'model_price'
>;

type Pricer = (usage: TokenUsage) => LinearPriceResult;

const MILLION = 1e6;
const ZERO: TokenUsage = {
  input_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  output_tokens: 0,
  output_reasoning_tokens: 0,
};

/** Per model and provider: its linear pricer, or null when its price is not linear or it is not in the table. */
const pricers = new Map<string, Pricer | null>();

/**
 * The price of `usage` for a model with linear prices, without `calcPrice`;
 * undefined when the model must go through `calcPrice` (or is not in the table).
 */
export function linearPrice(
  usage: TokenUsage,
  modelId: string,
  providerId: string,
): LinearPriceResult | undefined {
  const key = `${providerId}\u0000${modelId}`;
  let pricer = pricers.get(key);
  if (pricer === undefined) {
    pricer = learnPricer(modelId, providerId);
    pricers.set(key, pricer);
  }
  return pricer?.(usage);
}

function learnPricer(modelId: string, providerId: string): Pricer | null {
  const price = (usage: Partial<TokenUsage>) => calcPrice({ ...ZERO, ...usage }, modelId, { providerId });
  let base: PriceCalculation | null;
  try {
    base = price({});
  } catch {
    return null;
  }
  if (!base || Array.isArray(base.model.prices)) return null;
  if (Object.values(base.model_price).some((v) => v !== undefined && typeof v !== 'number')) return null;
  // The rate of each kind of token, per million, as the table applies it.
  const input = price({ input_tokens: MILLION })!.input_price;
  const cacheRead = price({ input_tokens: MILLION, cache_read_tokens: MILLION })!.input_price;
  const cacheWrite = price({ input_tokens: MILLION, cache_write_tokens: MILLION })!.input_price;
  const output = price({ output_tokens: MILLION })!.output_price;
  const reasoning = price({ output_tokens: MILLION, output_reasoning_tokens: MILLION })!.output_price;
  const perRequest = base.total_price - base.input_price - base.output_price;
  const { model, model_price } = base;
  return (u) => {
    const uncached = u.input_tokens - u.cache_read_tokens - u.cache_write_tokens;
    const input_price =
      (uncached * input + u.cache_read_tokens * cacheRead + u.cache_write_tokens * cacheWrite) / MILLION;
    const output_price =
      ((u.output_tokens - u.output_reasoning_tokens) * output + u.output_reasoning_tokens * reasoning) /
      MILLION;
    return {
      input_price,
      output_price,
      total_price: input_price + output_price + perRequest,
      model,
      model_price,
    };
  };
}
