import { UserError } from '../../env/errors/errors.js';
import { schemaKeysAt } from '../../env/errors/schema-keys.js';
import { runConfigSchema } from './run-config.js';

/** One `--set key=value`: a dotted path into the run config and its value. */
export interface SetOverride {
  readonly path: readonly string[];
  readonly value: unknown;
}

/**
 * Parses `--set train.steps=51200`: the value is JSON where it parses as JSON (numbers, booleans,
 * null, arrays, objects, quoted strings), else the text itself (`--set env.id=regime-v0`).
 * @throws UserError naming the flag and what it needs
 */
export function parseSetFlag(text: string): SetOverride {
  const eq = text.indexOf('=');
  const key = eq < 0 ? '' : text.slice(0, eq).trim();
  if (eq < 0 || key === '') throw new UserError(`--set needs key=value (a dotted path into the run config, e.g. train.steps=51200), got ${JSON.stringify(text)}`);
  const path = key.split('.');
  if (path.some((part) => part === '')) throw new UserError(`--set ${key}: the key has an empty part; write a dotted path such as agent.learningRate`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the text is the value (a name or a path).
  }
  return { path, value };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A config (as read from its file) with the overrides applied in order, each key checked against
 * the run config schema at its level (a union such as `agent` is resolved by the config's own
 * `type`); the caller validates the result with the schema as a whole.
 * @throws UserError for an unknown key, listing the valid keys at that level, or a path through a value that is not an object
 */
export function applySetOverrides(config: unknown, overrides: readonly SetOverride[]): unknown {
  const root = structuredClone(config) as Record<string, unknown>;
  for (const { path, value } of overrides) {
    let node: Record<string, unknown> = root;
    path.forEach((key, depth) => {
      const here = path.slice(0, depth);
      const valid = schemaKeysAt(runConfigSchema, root, here);
      const where = here.length === 0 ? 'the run config' : here.join('.');
      if (valid !== null && !valid.includes(key)) throw new UserError(`--set ${path.join('.')}: ${where} has no key ${JSON.stringify(key)} (valid keys: ${valid.join(', ')})`);
      if (depth === path.length - 1) {
        node[key] = value;
        return;
      }
      if (node[key] === undefined) node[key] = {};
      if (!isObject(node[key])) throw new UserError(`--set ${path.join('.')}: ${[...here, key].join('.')} is ${JSON.stringify(node[key])}, not an object with keys`);
      node = node[key] as Record<string, unknown>;
    });
  }
  return root;
}
