// Per-call costs behind two decisions in docs/decisions.md: input/output
// values cut to 8 KB (jsonValue against JSON.stringify then slice, on a
// 200-message conversation), and linear prices (estimateCost against the
// price table's calcPrice per call). No server.
//   npx tsx bench/value-costs.ts
import { calcPrice } from '@pydantic/genai-prices';
import { jsonValue } from '../src/common/json-value.js';
import { estimateCost } from '../src/cost/prices.js';

function microseconds(label: string, times: number, work: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(times, 500); i++) work(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < times; i++) work(i);
  console.log(`${label.padEnd(58)} ${(((performance.now() - t0) / times) * 1000).toFixed(1).padStart(7)} µs`);
}

const conversation = Array.from({ length: 200 }, (_, i) => ({
  role: i % 2 ? 'assistant' : 'user',
  content: [{ type: 'output_text', text: `${'lorem ipsum '.repeat(80)}${i}` }],
}));
console.log(`a 200-message conversation, ${JSON.stringify(conversation).length} characters of JSON:`);
microseconds('  JSON.stringify, then cut to 8,192', 2_000, () =>
  JSON.stringify(conversation).slice(0, 8_192),
);
microseconds('  jsonValue (serialized up to 8,192)', 2_000, () => jsonValue(conversation));

console.log('one call priced (token counts vary per call):');
for (const model of ['gpt-4o-mini', 'claude-haiku-4-5']) {
  const provider = model.startsWith('claude') ? 'anthropic' : 'openai';
  microseconds(`  ${model}: calcPrice`, 20_000, (i) =>
    calcPrice({ input_tokens: 1_000 + i, output_tokens: 300, cache_read_tokens: 0 }, model, {
      providerId: provider,
    }),
  );
  microseconds(`  ${model}: estimateCost (linear prices)`, 20_000, (i) =>
    estimateCost({ inputTokens: 1_000 + i, outputTokens: 300 }, model, provider),
  );
}
