import { compileEnv, type CompiledEnv } from '../../env/compile-env.js';
import { parseOrThrow, UserError } from '../../env/errors.js';
import { resolveSpec } from '../../env/registry.js';
import { envSpecSchema } from '../../env/spec/schema.js';
import type { RunConfig } from './run-config.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else (arrays included) is replaced, as in the registry's overrides. */
function mergeDeep(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) out[key] = key in base ? mergeDeep(base[key], value) : value;
  return out;
}

/**
 * The env a run trains and evaluates on: the registered id or spec file, or the inline spec, with
 * the config's overrides applied and the result validated.
 * @throws UserError naming the config field
 */
export function resolveRunEnv(env: RunConfig['env']): CompiledEnv {
  try {
    const spec = env.id !== undefined ? resolveSpec(env.id, env.overrides) : parseOrThrow(envSpecSchema, mergeDeep(env.spec, env.overrides), 'spec');
    return compileEnv(spec);
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) throw new UserError(`config.env: ${error.message}`);
    throw error;
  }
}
