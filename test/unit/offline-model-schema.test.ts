import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fillSchema } from '../../offline-model/index.js';
import type { JsonSchema } from '../../offline-model/index.js';

const src = {
  request: 'Query: vector databases\nplease be thorough',
  material: 'Vectors are arrays. Indexes speed up search. HNSW is popular.',
};

/** Round trip: zod → JSON Schema → filled value → zod validation. */
function fillFromZod<T extends z.ZodType>(schema: T): z.infer<T> {
  const json = z.toJSONSchema(schema) as JsonSchema;
  return schema.parse(fillSchema(json, src));
}

describe('fillSchema', () => {
  it('fills nested objects and arrays so that zod accepts them', () => {
    const value = fillFromZod(
      z.object({
        title: z.string(),
        tags: z.array(z.string()).min(2).max(4),
        count: z.number().int().min(10).max(20),
        ratio: z.number().gt(0).lt(1),
        done: z.boolean(),
        kind: z.enum(['a', 'b']),
        fixed: z.literal('x'),
        note: z.string().nullable(),
        code: z.string().min(40).max(45),
        tiny: z.string().max(5),
        when: z.iso.datetime(),
        id: z.uuid(),
        contact: z.email(),
        choice: z.union([z.number(), z.string()]),
      }),
    );
    expect(value.tags).toHaveLength(2);
    expect(value.count).toBe(10);
    expect(value.kind).toBe('a');
    expect(value.note).not.toBeNull();
    expect(value.title).toContain('vector databases');
    expect(typeof value.choice).toBe('number');
  });

  it('uses minItems, else three items, capped by maxItems', () => {
    expect(fillFromZod(z.array(z.string()))).toHaveLength(3);
    expect(fillFromZod(z.array(z.string()).min(7))).toHaveLength(7);
    expect(fillFromZod(z.array(z.string()).max(1))).toHaveLength(1);
  });

  it('derives text from property names and the source', () => {
    const value = fillFromZod(
      z.object({
        searches: z.array(z.object({ reason: z.string(), query: z.string() })).min(5),
        short_summary: z.string(),
        markdown_report: z.string(),
        follow_up_questions: z.array(z.string()),
      }),
    );
    const queries = value.searches.map((s) => s.query);
    expect(new Set(queries).size).toBe(5);
    expect(queries[1]).toBe('vector databases — key facts');
    expect(value.short_summary).toContain('Vectors are arrays.');
    expect(value.markdown_report.split('\n\n').length).toBeGreaterThan(3);
    expect(value.markdown_report).toContain('- HNSW is popular.');
    expect(new Set(value.follow_up_questions).size).toBe(3);
  });

  it('gives a top-level query the whole request, trimmed to 200 characters', () => {
    const long = { request: `find ${'x'.repeat(300)}`, material: '' };
    const args = fillSchema({ type: 'object', properties: { q: { type: 'string' } } }, long) as { q: string };
    expect(args.q.length).toBeLessThanOrEqual(200);
    expect(args.q.startsWith('find x')).toBe(true);
    expect(fillSchema({ type: 'object', properties: { query: { type: 'string' } } }, src)).toEqual({
      query: 'Query: vector databases please be thorough',
    });
  });

  it('follows $ref into $defs and definitions, including recursive schemas', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        owner: { $ref: '#/definitions/person' },
        tree: { $ref: '#/$defs/node' },
        maybe: { anyOf: [{ type: 'null' }, { $ref: '#/definitions/person' }] },
        either: { oneOf: [{ type: 'integer', minimum: 3 }, { type: 'string' }] },
        both: {
          allOf: [
            { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] },
            { properties: { b: { const: 2 } } },
          ],
        },
        union: { type: ['null', 'boolean'] },
      },
      required: ['owner', 'tree', 'maybe', 'either', 'both', 'union'],
      additionalProperties: false,
      definitions: {
        person: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
      },
      $defs: {
        node: {
          type: 'object',
          properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
    };
    const value = fillSchema(schema, src) as Record<string, unknown>;
    expect(value.owner).toEqual({ email: 'offline@example.com' });
    expect(value.maybe).toEqual({ email: 'offline@example.com' });
    expect(value.either).toBe(3);
    expect(value.both).toEqual({ a: 1, b: 2 });
    expect(value.union).toBe(true);
    expect((value.tree as { children: unknown[] }).children).toHaveLength(3);
    expect(JSON.stringify(value.tree).length).toBeLessThan(1_000_000);
  });

  it('validates a recursive zod schema', () => {
    interface Category {
      name: string;
      subcategories: Category[];
    }
    const Category: z.ZodType<Category> = z.object({
      name: z.string(),
      get subcategories() {
        return z.array(Category).max(2);
      },
    });
    const value = fillFromZod(Category);
    expect(value.subcategories).toHaveLength(2);
  });

  it('is deterministic', () => {
    const schema = z.toJSONSchema(z.object({ a: z.array(z.string()), b: z.number() })) as JsonSchema;
    expect(JSON.stringify(fillSchema(schema, src))).toBe(JSON.stringify(fillSchema(schema, src)));
  });
});
