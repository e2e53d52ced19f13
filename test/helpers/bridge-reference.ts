import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { make, makeVector } from '../../env/registry.js';
import { makeRng } from '../../env/random/rng.js';

/**
 * Seeded episodes of the TypeScript envs, written for `python/tests/test_bridge.py`, which replays
 * the same resets and actions through `execgym serve` and compares the records bit for bit.
 *
 * Files per case: `NAME.json` (env, overrides, resets, actions) and `NAME.f64`, the record stream
 * as raw little-endian float64. Both sides build the stream in the same order:
 * - single env, per reset: observation, inventory; per step: observation, reward, terminated,
 *   fill shares and price, market volume, price, the ledger (fixed, temporary, permanent, timing,
 *   shortfall, riskPenalty) and on the last step the episode summary (shortfall, shortfallBps,
 *   riskPenaltyBps, return, averagePrice, marketVwap, vwapSlippageBps);
 * - vector env, after reset: observations; per step: observations, rewards, terminated, the ledger
 *   arrays, and for each terminated lane its final observation and episode totals (shortfallBps,
 *   riskPenaltyBps, return, vwapSlippageBps).
 */
export interface BridgeCase {
  readonly name: string;
  readonly env: string;
  readonly overrides: Record<string, unknown>;
  /** Absent: a single env; else the lanes of a vector env. */
  readonly numEnvs?: number;
  /** Single env: one entry per episode (null = reset without a seed). Vector: one entry. */
  readonly seeds: (number | null)[];
  /** How the actions are drawn: multipliers in [0, 2.5], level indices, or squash inputs. */
  readonly actions: 'box' | 'discrete' | 'squash';
  /** Vector env: steps taken after the reset (across autoresets). */
  readonly steps?: number;
}

export const BRIDGE_CASES: readonly BridgeCase[] = [
  { name: 'ac-linear-box', env: 'ac-linear-v0', overrides: {}, seeds: [0, 7, null, 123456789], actions: 'box' },
  { name: 'regime-observed-discrete', env: 'regime-observed-v0', overrides: { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }, seeds: [3, 4], actions: 'discrete' },
  { name: 'transient-squash', env: 'transient-v0', overrides: { action: { type: 'box', mode: 'squash' }, regimeInfo: 'belief' }, seeds: [11], actions: 'squash' },
  { name: 'sqrt-volume-box', env: 'sqrt-volume-v0', overrides: { riskAversion: 3e-6 }, seeds: [5], actions: 'box' },
  { name: 'regime-vector', env: 'regime-v0', overrides: { regimeInfo: 'belief' }, numEnvs: 5, seeds: [40], actions: 'box', steps: 47 },
  { name: 'ac-linear-vector-discrete', env: 'ac-linear-v0', overrides: { action: { type: 'discrete', levels: [0, 1, 3] } }, numEnvs: 3, seeds: [0], actions: 'discrete', steps: 45 },
];

function drawAction(kind: BridgeCase['actions'], rng: ReturnType<typeof makeRng>, levels: number): number {
  if (kind === 'discrete') return Math.floor(rng.uniform() * levels);
  if (kind === 'squash') return 2 * rng.normal();
  return 2.5 * rng.uniform();
}

const LEDGER = ['fixed', 'temporary', 'permanent', 'timing', 'shortfall', 'riskPenalty'] as const;

function singleEnvCase(c: BridgeCase, rng: ReturnType<typeof makeRng>): { records: number[]; actions: number[][] } {
  const env = make(c.env, c.overrides);
  const levels = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
  const records: number[] = [];
  const actions: number[][] = [];
  for (const seed of c.seeds) {
    const { observation, info } = env.reset(seed === null ? {} : { seed });
    records.push(...observation, info.inventory);
    const episode: number[] = [];
    for (let done = false; !done; ) {
      const action = drawAction(c.actions, rng, levels);
      episode.push(action);
      const step = env.step(action);
      const { fill, ledger } = step.info;
      records.push(...step.observation, step.reward, step.terminated ? 1 : 0, fill.shares, fill.price, step.info.marketVolume, step.info.price);
      records.push(...LEDGER.map((key) => ledger[key]));
      const e = step.info.episode;
      if (e) records.push(e.shortfall, e.shortfallBps, e.riskPenaltyBps, e.return, e.averagePrice, e.marketVwap, e.vwapSlippageBps, e.objectiveBps, e.sharesExecuted, ...LEDGER.map((key) => e.ledger[key]));
      done = step.terminated;
    }
    actions.push(episode);
  }
  return { records, actions };
}

function vectorEnvCase(c: BridgeCase, rng: ReturnType<typeof makeRng>): { records: number[]; actions: number[][] } {
  const M = c.numEnvs!;
  const env = makeVector(c.env, M, c.overrides);
  const levels = env.singleActionSpace.kind === 'discrete' ? env.singleActionSpace.n : 0;
  const records: number[] = [...env.reset({ seed: c.seeds[0]! }).observation];
  const actions: number[][] = [];
  for (let t = 0; t < c.steps!; t++) {
    const batch = Array.from({ length: M }, () => drawAction(c.actions, rng, levels));
    actions.push(batch);
    const { observation, reward, terminated, info } = env.step(batch);
    records.push(...observation, ...reward, ...terminated);
    for (const key of LEDGER) records.push(...info[key]);
    for (let i = 0; i < M; i++) {
      if (!terminated[i]) continue;
      records.push(...info.finalObservations.subarray(i * env.obsDim, (i + 1) * env.obsDim));
      records.push(info.episode.shortfallBps[i], info.episode.riskPenaltyBps[i], info.episode.return[i], info.episode.vwapSlippageBps[i], info.episode.objectiveBps[i], info.episode.sharesExecuted[i]);
      records.push(...LEDGER.map((key) => info.episode.ledger[key][i]));
    }
  }
  return { records, actions };
}

/** Writes every case into `dir`; returns the case names. */
export function writeBridgeReferences(dir: string): string[] {
  for (const c of BRIDGE_CASES) {
    const rng = makeRng(c.name, 'bridge-actions');
    const { records, actions } = c.numEnvs === undefined ? singleEnvCase(c, rng) : vectorEnvCase(c, rng);
    // JSON carries the actions exactly: JS prints the shortest decimal that parses back to the same double.
    writeFileSync(join(dir, `${c.name}.json`), JSON.stringify({ ...c, actions, kind: c.actions, records: records.length }));
    writeFileSync(join(dir, `${c.name}.f64`), new Uint8Array(Float64Array.from(records).buffer));
  }
  return BRIDGE_CASES.map((c) => c.name);
}
