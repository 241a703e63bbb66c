// jsonValue builds only the first `limit` characters of a large value's JSON:
// they must be exactly JSON.stringify's, cut, for every kind of value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { jsonValue } from '../../src/common/json-value.js';
import { readPayloadValues } from '../../src/history/payload-values.js';
import { readRunHistory } from '../../src/history/read-events.js';

const expected = (value: unknown, limit: number) => {
  if (typeof value === 'string') return value.slice(0, limit);
  const text = JSON.stringify(value);
  return text === undefined ? undefined : text.slice(0, limit);
};

/** A deterministic pseudo-random value of nested arrays, objects and primitives. */
function generated(seed: number, depth = 0): unknown {
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0:
      return 'é"\\\n\u2028 ' + 'x'.repeat(Math.floor(next() * 3000));
    case 1:
      return Math.floor(next() * 1e6) - 5e5;
    case 2:
      return next() * 1e-3;
    case 3:
      return next() > 0.5;
    case 4:
      return null;
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: Math.floor(next() * 40) }, (_, i) => generated(seed + i, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 30) }, (_, i) => [
          `k${i}`,
          generated(seed * 7 + i, depth + 1),
        ]),
      );
  }
}

describe('jsonValue', () => {
  const limits = [0, 1, 17, 100, 2_048, 8_192, 100_000, Infinity];

  it('is JSON.stringify cut to the limit, for the payloads of recorded runs', async () => {
    const values: unknown[] = [];
    for (const file of ['research-0.1.0.json', 'research-review-0.1.0.json']) {
      const run = readRunHistory(
        historyFromJSON(JSON.parse(readFileSync(`test/history_files/${file}`, 'utf8'))),
        'default',
      );
      const read = await readPayloadValues(run, { read: true });
      for (const a of run.activities) values.push(read(a.input), read(a.input)[0], read(a.result)[0]);
    }
    expect(values.some((v) => (JSON.stringify(v) ?? '').length > 2_048)).toBe(true); // past the shortcut
    for (const v of values) for (const limit of limits) expect(jsonValue(v, limit)).toBe(expected(v, limit));
  });

  it('is JSON.stringify cut to the limit, for generated values', () => {
    for (let seed = 1; seed < 400; seed++) {
      const v = generated(seed);
      for (const limit of limits)
        expect(jsonValue(v, limit), `seed ${seed} limit ${limit}`).toBe(expected(v, limit));
    }
  });

  it("follows JSON.stringify's rules: toJSON, boxed values, skipped and nulled members", () => {
    const big = 'y'.repeat(5_000);
    const odd = [
      { when: new Date(0), n: Object(3), s: Object('s'), b: Object(false), big },
      { skip: undefined, fn: () => 1, sym: Symbol('x'), keep: 1, [Symbol('k')]: 2, big },
      [undefined, () => 1, Symbol('y'), NaN, -0, Infinity, big, [], {}],
      { toJSON: (key: string) => ({ key, big }) },
      { nested: { toJSON: (key: string) => `key was ${key}` }, big },
      Object.assign(Object.create({ inherited: 1 }), { own: 2, big }),
      new Map([[1, 2]]),
      Array.from({ length: 3 }).concat([big]),
    ];
    for (const v of odd) for (const limit of limits) expect(jsonValue(v, limit)).toBe(expected(v, limit));
    expect(jsonValue(undefined)).toBeUndefined();
    expect(jsonValue(() => 1)).toBeUndefined();
    expect(jsonValue('plain text', 5)).toBe('plain');
  });

  it('says so instead of throwing, for cycles and BigInt', () => {
    const cycle: Record<string, unknown> = { big: 'z'.repeat(5_000) };
    cycle.self = cycle;
    expect(jsonValue(cycle)).toBe('[unserializable]');
    expect(jsonValue({ n: 1n, big: 'z'.repeat(5_000) })).toBe('[unserializable]');
    expect(jsonValue({ small: 1n })).toBe('[unserializable]');
  });

  it('writes bytes (a binary payload, or one in a list of arguments) as their size, not byte by byte', () => {
    expect(jsonValue(new Uint8Array(3_000_000))).toBe('"[binary: 3000000 bytes]"');
    expect(jsonValue([new Uint8Array(2), 'x'])).toBe('["[binary: 2 bytes]","x"]');
    expect(jsonValue([Buffer.from('hi')])).toBe('["[binary: 2 bytes]"]');
    expect(jsonValue({ a: new Uint8Array(5), big: 'z'.repeat(5_000) })?.slice(0, 31)).toBe(
      '{"a":"[binary: 5 bytes]","big":',
    );
  });
});
