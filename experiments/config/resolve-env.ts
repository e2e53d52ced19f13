import { compileEnv, type CompiledEnv } from '../../env/compile-env.js';
import { parseOrThrow, UserError } from '../../env/errors.js';
import { applySpecOverrides, resolveSpec } from '../../env/registry.js';
import { envSpecSchema } from '../../env/spec/schema.js';
import type { RunConfig } from './run-config.js';

/**
 * The env a run trains and evaluates on: the registered id or spec file, or the inline spec, with
 * the config's overrides applied and the result validated.
 * @throws UserError naming the config field
 */
export function resolveRunEnv(env: RunConfig['env']): CompiledEnv {
  try {
    const spec = env.id !== undefined ? resolveSpec(env.id, env.overrides) : parseOrThrow(envSpecSchema, applySpecOverrides(env.spec, env.overrides), 'spec');
    return compileEnv(spec);
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) throw new UserError(`config.env: ${error.message}`);
    throw error;
  }
}
