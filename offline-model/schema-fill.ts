/**
 * Builds a value that validates against a JSON Schema, with strings chosen
 * from the property name so structured outputs read like real answers.
 */
import * as text from './text.js';
import type { TextSource } from './text.js';

/** A JSON Schema document or sub-schema (only the keywords we walk are read). */
export type JsonSchema = Record<string, unknown>;

const DEFAULT_ARRAY_LENGTH = 3;
// Past this depth recursive schemas get only what they require, so filling terminates.
const SOFT_DEPTH = 12;
const HARD_DEPTH = 40;

interface Slot {
  /** Nearest property name; array items inherit the array's name. */
  name?: string;
  /** Position inside the nearest array. */
  index?: number;
  depth: number;
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Returns a deterministic value for `schema`: same schema and source, same value.
 * Handles type (incl. unions), properties/required, items/prefixItems,
 * enum/const, anyOf/oneOf (first non-null branch), allOf, $ref into $defs or
 * definitions, and the usual length and range bounds.
 */
export function fillSchema(schema: JsonSchema, src: TextSource): unknown {
  return new Filler(schema, src).fill(schema, { depth: 0 });
}

class Filler {
  constructor(
    private readonly root: JsonSchema,
    private readonly src: TextSource,
  ) {}

  fill(schema: JsonSchema, slot: Slot): unknown {
    if (slot.depth > HARD_DEPTH) return null;
    const resolved = this.resolve(schema);
    if ('const' in resolved) return resolved.const;
    if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
    const branches = (resolved.anyOf ?? resolved.oneOf) as unknown;
    if (Array.isArray(branches) && branches.length > 0) {
      const schemas = branches.filter(isSchema);
      const chosen = schemas.find((b) => !this.isNullSchema(b)) ?? schemas[0];
      return this.fill({ ...withoutKeys(resolved, ['anyOf', 'oneOf']), ...chosen }, slot);
    }
    if (Array.isArray(resolved.allOf)) {
      return this.fill(this.mergeAllOf(resolved), slot);
    }
    switch (this.typeOf(resolved)) {
      case 'object':
        return this.fillObject(resolved, slot);
      case 'array':
        return this.fillArray(resolved, slot);
      case 'integer':
        return fillNumber(resolved, true, slot.index);
      case 'number':
        return fillNumber(resolved, false, slot.index);
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return this.fillString(resolved, slot);
    }
  }

  /** Follows local `$ref` pointers; sibling keywords override the target. */
  private resolve(schema: JsonSchema, seen = 0): JsonSchema {
    if (typeof schema.$ref !== 'string' || seen > 20) return schema;
    const target = this.lookup(schema.$ref);
    const rest = withoutKeys(schema, ['$ref']);
    return this.resolve({ ...target, ...rest }, seen + 1);
  }

  private lookup(ref: string): JsonSchema {
    if (!ref.startsWith('#')) return {};
    const parts = ref
      .slice(1)
      .split('/')
      .filter((p) => p.length > 0)
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = this.root;
    for (const part of parts) {
      node = isSchema(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
    }
    return isSchema(node) ? node : {};
  }

  private isNullSchema(schema: JsonSchema): boolean {
    return this.resolve(schema).type === 'null';
  }

  private typeOf(schema: JsonSchema): string {
    const type = schema.type;
    if (typeof type === 'string') return type;
    if (Array.isArray(type)) return (type.find((t) => t !== 'null') ?? type[0] ?? 'string') as string;
    if (isSchema(schema.properties) || schema.additionalProperties !== undefined) return 'object';
    if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
    return 'string';
  }

  private mergeAllOf(schema: JsonSchema): JsonSchema {
    const merged: JsonSchema = withoutKeys(schema, ['allOf']);
    for (const part of (schema.allOf as unknown[]).filter(isSchema).map((p) => this.resolve(p))) {
      const properties = {
        ...(merged.properties as JsonSchema | undefined),
        ...(part.properties as JsonSchema | undefined),
      };
      const required = [...asStrings(merged.required), ...asStrings(part.required)];
      Object.assign(merged, part, { properties, required });
    }
    return merged;
  }

  private fillObject(schema: JsonSchema, slot: Slot): Record<string, unknown> {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const required = asStrings(schema.required);
    const shallow = slot.depth >= SOFT_DEPTH;
    const result: Record<string, unknown> = {};
    const names = [...Object.keys(properties), ...required.filter((r) => !(r in properties))];
    for (const name of names) {
      if (shallow && !required.includes(name)) continue;
      const child = isSchema(properties[name]) ? (properties[name] as JsonSchema) : {};
      result[name] = this.fill(child, { name, index: slot.index, depth: slot.depth + 1 });
    }
    return result;
  }

  private fillArray(schema: JsonSchema, slot: Slot): unknown[] {
    const prefix = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : [];
    const items = isSchema(schema.items) ? schema.items : {};
    const min = typeof schema.minItems === 'number' ? schema.minItems : undefined;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
    const wanted = min ?? (slot.depth >= SOFT_DEPTH ? 0 : DEFAULT_ARRAY_LENGTH);
    const length = Math.max(Math.min(Math.max(wanted, prefix.length), max), 0);
    return Array.from({ length }, (_, index) => {
      const itemSchema = isSchema(prefix[index]) ? (prefix[index] as JsonSchema) : items;
      return this.fill(itemSchema, { name: slot.name, index, depth: slot.depth + 1 });
    });
  }

  private fillString(schema: JsonSchema, slot: Slot): string {
    const value = formatValue(schema.format, slot.index) ?? this.stringByName(slot);
    const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
    let padded = value;
    while (padded.length < minLength) padded += ' (offline filler)';
    return padded.length > maxLength ? padded.slice(0, maxLength) : padded;
  }

  private stringByName(slot: Slot): string {
    const name = (slot.name ?? '').toLowerCase();
    const { src } = this;
    if (/question/.test(name)) return text.questionText(src, slot.index);
    if (/report|markdown|article|essay|document|body/.test(name)) return text.reportMarkdown(src);
    if (/summary|abstract|overview|tldr/.test(name)) return text.summaryText(src);
    if (/reason|rationale|why|justification|explanation/.test(name)) return text.reasonText(src, slot.index);
    if (/^(q|text|input|prompt)$|query|search|topic|keyword|term/.test(name))
      return text.queryText(src, slot.index);
    if (/title|heading|headline|^name$/.test(name)) return text.titleText(src, slot.index);
    if (/url|link|href/.test(name))
      return `https://example.com/offline/${text.slug(src)}/${(slot.index ?? 0) + 1}`;
    if (/email/.test(name)) return 'offline@example.com';
    if (/(^|_)id$|Id$/.test(slot.name ?? '')) return `offline-${text.slug(src)}-${(slot.index ?? 0) + 1}`;
    return text.genericText(src, slot.name, slot.index);
  }
}

function formatValue(format: unknown, index: number | undefined): string | undefined {
  const n = (index ?? 0) + 1;
  switch (format) {
    case 'date-time':
      return `2024-01-${String(n).padStart(2, '0')}T00:00:00Z`;
    case 'date':
      return `2024-01-${String(n).padStart(2, '0')}`;
    case 'time':
      return '12:00:00Z';
    case 'email':
      return `offline${n}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/offline/${n}`;
    case 'uuid':
      return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    default:
      return undefined;
  }
}

/** Picks the item's ordinal (1, 2, 3…) clamped into the schema's range. */
function fillNumber(schema: JsonSchema, integer: boolean, index: number | undefined): number {
  const step = integer ? 1 : 0.5;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  const lo = Math.max(num(schema.minimum) ?? -Infinity, exMin === undefined ? -Infinity : exMin + step);
  const hi = Math.min(num(schema.maximum) ?? Infinity, exMax === undefined ? Infinity : exMax - step);
  let value = Math.min(Math.max((index ?? 0) + 1, lo), hi);
  if (integer) value = Math.ceil(value) <= hi ? Math.ceil(value) : Math.floor(value);
  const multipleOf = num(schema.multipleOf);
  if (multipleOf && multipleOf > 0) {
    const up = Math.ceil(value / multipleOf) * multipleOf;
    value = up <= hi ? up : Math.floor(value / multipleOf) * multipleOf;
  }
  return value;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function withoutKeys(schema: JsonSchema, keys: string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)));
}
