import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { applySpecOverrides, resolveSpec } from '../../env/registry.js';
import { isPortfolioEnv, resolvePortfolio, type ResolvedPortfolio } from '../../env/portfolio/registry.js';
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

/** Whether a run's env names a portfolio env (a registered portfolio id or a portfolio spec file). */
export function isPortfolioRun(env: RunConfig['env']): boolean {
  return env.id !== undefined && isPortfolioEnv(env.id);
}

/**
 * The market a run trains on, single-asset or portfolio (issue 24): the one place a run config's
 * env is resolved, so `env` can name either kind.
 * @throws UserError naming the config field
 */
export function resolveRunMarket(env: RunConfig['env']): CompiledEnv | ResolvedPortfolio {
  if (!isPortfolioRun(env)) return resolveRunEnv(env);
  if (Object.keys(env.overrides).length > 0) throw new UserError(`config.env.overrides: a portfolio env (${env.id}) takes no overrides, got ${JSON.stringify(env.overrides)}; write a portfolio spec file instead`);
  try {
    return resolvePortfolio(env.id!);
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) throw new UserError(`config.env: ${error.message}`);
    throw error;
  }
}
