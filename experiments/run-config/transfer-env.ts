import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { applySpecOverrides, resolveSpec } from '../../env/registry.js';
import { envSpecSchema, type EnvSpec } from '../../env/spec/schema.js';

/**
 * The env a policy trained on `trained` is tested on when it transfers to `target` (a replay of
 * recorded paths). A replay supplies only the exogenous mid-price and market volume; what the
 * spec models on top of them (the cost of the agent's own trading, the risk aversion, and sigma,
 * which scales the observation's price features and the risk penalty) is taken from the training
 * env, so the objective is the same function of the trades on both sides and the sim-to-real gap
 * measures the paths alone. A regime market's sigma becomes its stationary RMS volatility (the
 * observation's sigma_ref), the one number a single-regime replay can carry. The action space is
 * the agent's interface, not the market's, so it is the training env's too.
 * @throws UserError naming `field` when the two envs do not pose the same problem (observation
 * space, horizon, order, or the S0 and daily-volume scale)
 */
export function transferEnv(trained: CompiledEnv, target: string, field: string): CompiledEnv {
  let base: EnvSpec;
  try {
    base = resolveSpec(target);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${field}: ${error.message}`);
    throw error;
  }
  const t = trained.spec;
  const spec = parseOrThrow(envSpecSchema, applySpecOverrides(base, { impact: t.impact, riskAversion: t.riskAversion, price: { sigma: trained.params.sigmaRef }, action: t.action }), field);
  const env = compileEnv(spec);
  const mismatch = problemMismatch(trained, env);
  if (mismatch) throw new UserError(`${field}: ${JSON.stringify(target)} does not pose the problem ${t.id} was trained on: ${mismatch}`);
  return env;
}

/** The first way `b` differs from `a` as a problem for one policy (null when they match). */
function problemMismatch(a: CompiledEnv, b: CompiledEnv): string | null {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const names = (env: CompiledEnv) => env.features.map((f) => f.name);
  const checks: [string, unknown, unknown][] = [
    ['observation space', names(a), names(b)],
    ['observation settings', a.spec.observation, b.spec.observation],
    ['horizon', a.spec.horizon, b.spec.horizon],
    ['order', a.spec.order, b.spec.order],
    ['S0', a.spec.price.S0, b.spec.price.S0],
    ['volume.daily', a.spec.volume.daily, b.spec.volume.daily],
  ];
  const diff = checks.find(([, x, y]) => !same(x, y));
  return diff ? `${diff[0]} ${JSON.stringify(diff[1])} vs ${JSON.stringify(diff[2])}` : null;
}
