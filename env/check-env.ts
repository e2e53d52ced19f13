import { ExecutionEnv, type StepResult } from './execution-env.js';
import { makeRng } from './rng.js';
import { STREAMS } from './seeds.js';

/** Raised by {@link checkEnv} with the contract that failed. */
export class EnvCheckError extends Error {
  override readonly name = 'EnvCheckError';
}

function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new EnvCheckError(message);
}

/** A random-action episode from `seed`, actions drawn from the action space with `actionSeed`. */
function rollout(env: ExecutionEnv, seed: number, actionSeed: number): StepResult[] {
  const rng = makeRng(actionSeed, STREAMS.checkEnv);
  const steps: StepResult[] = [];
  env.reset({ seed });
  for (;;) {
    const space = env.actionSpace;
    const action = space.kind === 'discrete' ? space.sample(rng) : space.sample(rng)[0];
    const result = env.step(action);
    steps.push(result);
    if (result.terminated || result.truncated) return steps;
  }
}

function sameEpisode(a: StepResult[], b: StepResult[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, i) => s.reward === b[i].reward && s.observation.every((v, j) => Object.is(v, b[i].observation[j])));
}

/**
 * Checks the env contract, in the spirit of Gymnasium's `check_env`: spaces, reset and step
 * records, observations inside the observation space, finite rewards, termination after exactly
 * N steps, errors for stepping before reset or after the end, seeding (same seed, same episode;
 * other seed, other episode), the cost ledger adding up, and hidden state only under 'oracle'.
 * @throws EnvCheckError naming the first contract that fails
 */
export function checkEnv(env: ExecutionEnv, options: { seed?: number } = {}): void {
  const seed = options.seed ?? 0;
  const fresh = new ExecutionEnv(env.spec);
  ensure(throws(() => fresh.step(0)), 'step() before reset() must throw');

  const { observation, info } = env.reset({ seed });
  ensure(observation instanceof Float32Array, 'observations must be Float32Array');
  ensure(env.observationSpace.contains(observation), `reset observation ${Array.from(observation)} is outside the observation space`);
  ensure(info.step === 0 && info.inventory === env.params.X, 'reset info must start at step 0 with the whole order');

  const episode = rollout(env, seed, seed);
  ensure(episode.length === env.params.N, `an episode must last N = ${env.params.N} steps, got ${episode.length}`);
  let executed = 0;
  let ledgerTotal = 0;
  let rewardTotal = 0;
  episode.forEach((step, k) => {
    const last = k === episode.length - 1;
    ensure(step.terminated === last && !step.truncated, `step ${k}: terminated must be true exactly at the horizon, never truncated`);
    ensure(env.observationSpace.contains(step.observation), `step ${k}: observation ${Array.from(step.observation)} is outside the observation space`);
    ensure(Number.isFinite(step.reward), `step ${k}: reward ${step.reward} is not finite`);
    const { ledger, fill } = step.info;
    const parts = ledger.fixed + ledger.temporary + ledger.permanent + ledger.timing;
    const scale = Math.max(1, Math.abs(fill.shares * env.params.S0));
    ensure(Math.abs(parts - ledger.shortfall) <= 1e-9 * scale, `step ${k}: ledger parts sum to ${parts}, shortfall is ${ledger.shortfall}`);
    ensure(fill.shares >= 0 && step.info.inventory >= 0, `step ${k}: trades and holdings must be non-negative`);
    executed += fill.shares;
    ledgerTotal += ledger.shortfall;
    rewardTotal += step.reward;
  });
  const end = episode[episode.length - 1].info.episode;
  ensure(end !== undefined, 'the final step must report the episode summary');
  ensure(Math.abs(executed - env.params.X) <= 1e-9 * env.params.X, `the episode must execute X = ${env.params.X} shares, executed ${executed}`);
  ensure(Math.abs(end.shortfall - ledgerTotal) <= 1e-9 * Math.max(1, Math.abs(ledgerTotal)), 'the episode shortfall must equal the sum of the step ledgers');
  ensure(Math.abs(end.return - rewardTotal) <= 1e-9 * Math.max(1, Math.abs(rewardTotal)), 'the episode return must equal the sum of rewards');
  ensure(throws(() => env.step(0)), 'step() after the episode ended must throw');

  ensure(sameEpisode(rollout(env, seed, seed), episode), 'the same seed must give the same episode');
  ensure(!sameEpisode(rollout(env, seed + 1, seed), episode), 'a different seed must give a different episode');

  const leaks = env.features.filter((f) => f.hiddenState).length;
  ensure((leaks > 0) === (env.spec.regimeInfo === 'oracle'), `hidden-state features must appear exactly with regimeInfo 'oracle' (found ${leaks} with '${env.spec.regimeInfo}')`);
}

function throws(body: () => unknown): boolean {
  try {
    body();
    return false;
  } catch {
    return true;
  }
}
