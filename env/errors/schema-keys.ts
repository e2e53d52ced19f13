import type { z } from 'zod';

/** The zod internals this walk reads (zod 4's `def`), typed loosely: a schema is data here. */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly valueType?: z.ZodType;
  readonly getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** The schema under wrappers (default, optional, prefault, nullable, pipe, lazy, readonly). */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'lazy' && def.getter) return unwrap(def.getter());
  return schema;
}

/** The member of a union that `value` is meant for: the one its discriminator names, else the first object whose keys hold all of value's. */
function unionMember(def: Def, value: unknown): z.ZodType | null {
  const options = (def.options ?? []).map(unwrap);
  const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  if (def.discriminator !== undefined) {
    const tag = record[def.discriminator];
    const hit = options.find((o) => {
      const field = defOf(o).shape?.[def.discriminator!];
      return field !== undefined && field.safeParse(tag).success;
    });
    if (hit) return hit;
  }
  const objects = options.filter((o) => defOf(o).type === 'object');
  return objects.find((o) => Object.keys(record).every((k) => k in (defOf(o).shape ?? {}))) ?? objects[0] ?? null;
}

/** The object schema that `value` is checked against by `schema`, or null when it is not an object with named keys. */
function objectSchema(schema: z.ZodType, value: unknown): z.ZodType | null {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object') return inner;
  if (def.type === 'union') {
    const member = unionMember(def, value);
    return member && objectSchema(member, value);
  }
  return null;
}

/**
 * The keys an object schema allows at `path` inside `root` (the input being checked picks the
 * member of a union, e.g. the agent's `type`), or null where the value is not an object with
 * named keys (a record such as `env.overrides`, a number, an unknown path). For error messages
 * that list what a typo could have meant.
 */
export function schemaKeysAt(schema: z.ZodType, root: unknown, path: readonly PropertyKey[]): string[] | null {
  let current: z.ZodType | null = schema;
  let value: unknown = root;
  for (const key of path) {
    const object: z.ZodType | null = current && objectSchema(current, value);
    const field: z.ZodType | undefined = object ? defOf(object).shape?.[String(key)] : undefined;
    if (field === undefined) return null;
    current = field;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[String(key)] : undefined;
  }
  const object = current && objectSchema(current, value);
  return object ? Object.keys(defOf(object).shape ?? {}).filter((k) => k !== '$schema') : null;
}
