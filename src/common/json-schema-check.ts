// A small JSON Schema check for scoring: type, enum, const, required,
// properties, additionalProperties, items, minItems/maxItems, minLength and
// minimum/maximum. Enough to say whether an agent's output has the promised
// shape, without shipping a validator into the workflow sandbox. Sandbox-safe.

type Schema = Record<string, any>;

/** The first way `value` breaks `schema`, as `path: problem`, or undefined when it fits. */
export function schemaProblem(value: unknown, schema: Schema, path = '$'): string | undefined {
  if (schema.const !== undefined && JSON.stringify(value) !== JSON.stringify(schema.const))
    return `${path}: expected ${JSON.stringify(schema.const)}`;
  if (
    Array.isArray(schema.enum) &&
    !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))
  )
    return `${path}: not one of ${JSON.stringify(schema.enum)}`;
  const types: string[] = schema.type === undefined ? [] : [].concat(schema.type);
  if (types.length && !types.some((t) => fits(value, t))) return `${path}: expected ${types.join(' or ')}`;
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      return `${path}: shorter than ${schema.minLength}`;
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      return `${path}: longer than ${schema.maxLength}`;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      return `${path}: below ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      return `${path}: above ${schema.maximum}`;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      return `${path}: fewer than ${schema.minItems} items`;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      return `${path}: more than ${schema.maxItems} items`;
    if (schema.items && typeof schema.items === 'object') {
      for (let i = 0; i < value.length; i++) {
        const problem = schemaProblem(value[i], schema.items, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of (schema.required ?? []) as string[])
      if (!(key in object)) return `${path}.${key}: missing`;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, child] of Object.entries(object)) {
      if (properties[key]) {
        const problem = schemaProblem(child, properties[key]!, `${path}.${key}`);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) return `${path}.${key}: not allowed`;
    }
  }
  return undefined;
}

function fits(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}
