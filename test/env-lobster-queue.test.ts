import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../baselines/registry.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import type { PassiveCostLedger } from '../env/core/execution-env.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { midE4 } from '../env/market/queue-replay/book-level.js';
import { createRestingOrder, postOrder, replayOrder } from '../env/market/queue-replay/resting-order.js';
import { createBookWalk, walkBook } from '../env/market/queue-replay/walk-book.js';
import { make, register, resolveSpec } from '../env/registry.js';
import lobsterQueue from '../env/specs/lobster-queue-v0.json' with { type: 'json' };
import passiveAcLinear from '../env/specs/passive-ac-linear-v0.json' with { type: 'json' };
import type { EnvSpecInput } from '../env/spec/schema.js';
import { userErrorOf } from './helpers/data-files.js';
import { PASSIVE_ACTIONS, playEpisodeOf } from './helpers/passive-episodes.js';

const ID = 'lobster-queue-v0';
/** The passive test actions but the last (a kept order: the queue replay cancels what is unfilled). */
const ACTIONS = PASSIVE_ACTIONS.slice(0, 6);

function playEpisode(seed: number, pick: (k: number) => number[], unfilled: 'cancel' | 'cross' = 'cancel') {
  const env = make(ID, { execution: { unfilled } });
  return { env, ...playEpisodeOf(env, { seed }, pick) };
}

describe('lobster-queue-v0: limit orders against the recorded AMZN book', () => {
  it('the ledger sums exactly to the shortfall on every step (fixed + temporary + permanent + timing - spread earned), and over the episode', () => {
    for (const [seed, unfilled] of [[0, 'cancel'], [4, 'cross'], [1_000_002, 'cancel'], [1e9 + 3, 'cross']] as const) {
      const { env, steps } = playEpisode(seed, (k) => ACTIONS[(k + seed) % ACTIONS.length], unfilled);
      const { S0, side, X } = env.params;
      let total = 0;
      let value = 0;
      for (const info of steps) {
        const l = info.ledger as PassiveCostLedger;
        expect(l.permanent).toBe(0);
        expect(Math.abs(l.fixed + l.temporary + l.permanent + l.timing - l.spreadEarned - l.shortfall)).toBeLessThan(1e-9 * S0 * X);
        total += l.shortfall;
        value += info.fill.shares * info.fill.price;
      }
      const end = steps.at(-1)!;
      expect(end.inventory).toBe(0);
      expect(Math.abs(end.episode!.shortfall - total)).toBeLessThan(1e-9 * S0 * X);
      expect(Math.abs(side * (X * S0 - value) - total)).toBeLessThan(1e-9 * S0 * X);
    }
  });

  it('a market order walks the recorded book at the decision: its shortfall is side * (n S0 - the levels it takes), scaled to S0', () => {
    const { env, start, steps } = playEpisode(3, () => [4, 0, 0]);
    const { N, S0, book } = env.params;
    const w = env.params.replay!.windows.indexOf(start.replayWindow!);
    const row = book!.row[w * (N + 1)];
    const n = steps[0].fill.shares;
    expect(n).toBeCloseTo((4 * 300) / N, 9);
    const walk = walkBook(book!.day, row, 1, n, createBookWalk());
    expect(walk.unfilled).toBe(0);
    expect(steps[0].ledger.shortfall).toBeCloseTo(n * S0 - book!.scale[w] * walk.notionalE4, 9);
    const l = steps[0].ledger as PassiveCostLedger;
    expect(l.fixed).toBeCloseTo(n * 0.5 * book!.scale[w] * (book!.day.askPriceE4[row * 5] - book!.day.bidPriceE4[row * 5]), 9);
    expect(l.timing).toBe(0); // the first decision's mid is S0
    expect(book!.scale[w] * midE4(book!.day, row)).toBeCloseTo(S0, 9);
  });

  it("a limit order fills exactly what the queue engine replays over the step's recorded events, at the touch plus the offset", () => {
    const { env, start, steps } = playEpisode(5, () => [1, 1, 1]);
    const { N, book } = env.params;
    const w = env.params.replay!.windows.indexOf(start.replayWindow!);
    const day = book!.day;
    let x = 300;
    for (let k = 0; k < N - 1; k++) {
      const from = book!.row[w * (N + 1) + k];
      const order = postOrder(day, from, -1, day.askPriceE4[from * 5] + 100, x / (N - k), createRestingOrder());
      const filled = replayOrder(day, order, from, book!.row[w * (N + 1) + k + 1]);
      expect(steps[k].limit!.posted).toBeCloseTo(x / (N - k), 9);
      expect(steps[k].limit!.filled).toBe(filled);
      expect(steps[k].limit!.price).toBeCloseTo(book!.scale[w] * order.priceE4, 9);
      x -= filled;
    }
    expect(steps.reduce((sum, s) => sum + s.limit!.filled, 0)).toBeGreaterThan(0);
  });

  it("with unfilled 'cross', what the queue leaves is sold into the recorded book at the step's end: every step executes its whole trade", () => {
    const { env, start, steps } = playEpisode(6, () => [1, 1, 0], 'cross');
    const { N, book, S0 } = env.params;
    const w = env.params.replay!.windows.indexOf(start.replayWindow!);
    for (const info of steps) expect(info.fill.shares).toBeCloseTo(300 / N, 9);
    const first = steps[0];
    const crossed = first.limit!.crossed;
    expect(crossed).toBeGreaterThan(0);
    expect(crossed).toBeCloseTo(first.limit!.posted - first.limit!.filled, 9);
    const end = book!.row[w * (N + 1) + 1];
    const walk = walkBook(book!.day, end, 1, crossed, createBookWalk());
    const value = first.limit!.filled * first.limit!.price + book!.scale[w] * walk.notionalE4;
    expect(first.ledger.shortfall).toBeCloseTo((300 / N) * S0 - value, 9);
  });

  it('market-order-only play posts nothing: passive share 0, spread capture -1, no mark-outs', () => {
    const { steps } = playEpisode(1, () => [1, 0, 0]);
    const passive = steps.at(-1)!.passive!;
    expect([passive.posted, passive.passiveShare, passive.spreadCapture]).toEqual([0, 0, -1]);
    expect(passive.markout1Bps).toBeNaN();
  });

  it('marks fills out at +1, +10 and +60 s of the recording, and the passive and aggressive parts add up to the shortfall', () => {
    const { steps } = playEpisode(2, () => [1, 1, 0]);
    const p = steps.at(-1)!.passive!;
    const e = steps.at(-1)!.episode!;
    expect(p.filled).toBeGreaterThan(0);
    for (const m of [p.markout1Bps, p.markout10Bps, p.markout60Bps]) expect(Number.isFinite(m)).toBe(true);
    expect(p.passiveShortfallBps + p.aggressiveShortfallBps).toBeCloseTo(e.shortfallBps, 9);
  });

  it('is deterministic: the same seed gives the same episode for every baseline, single or batched, and lane i of a vector env is seed s + i', async () => {
    const env = compileEnv(resolveSpec(ID));
    for (const name of ['twap', 'pov:0.1', 'passive-twap', 'passive-pov:0.1', 'ac-passive']) {
      const policy = await resolvePolicy(name, env);
      const a = evaluatePolicy(policy, env, { episodes: 6, seed: 0 });
      const b = evaluatePolicy(policy, env, { episodes: 6, seed: 0, batch: 4 });
      expect(b.episodes).toEqual(a.episodes);
    }
    const vec = new ExecutionVectorEnv(env, 3);
    vec.reset({ seed: 10 });
    const actions = Float64Array.from({ length: 9 }, (_, j) => [1, 1, 0][j % 3]);
    let lane: Float64Array = new Float64Array(0);
    for (let k = 0; k < env.params.N; k++) lane = Float64Array.from(vec.step(actions).reward);
    for (let i = 0; i < 3; i++) {
      const { rewards } = playEpisode(10 + i, () => [1, 1, 0]);
      expect(lane[i]).toBe(rewards.at(-1));
    }
  });

  it('test seeds replay only test windows, validation and training seeds their own sets', () => {
    const env = make(ID);
    const { sets, windows } = env.params.replay!;
    expect([sets.training.length, sets.validation.length, sets.test.length]).toEqual([32, 12, 15]);
    const windowOf = (seed: number) => windows.indexOf(env.reset({ seed }).info.replayWindow!);
    for (let seed = 0; seed < 20; seed++) expect(sets.test).toContain(windowOf(seed));
    for (let seed = 1e6; seed < 1e6 + 5; seed++) expect(sets.validation).toContain(windowOf(seed));
    for (let seed = 1e9; seed < 1e9 + 5; seed++) expect(sets.training).toContain(windowOf(seed));
  });

  it('rejects a queue fill model without a LOBSTER book, with own impact, or an intensity model on it', () => {
    const withFills = (spec: object & { execution: object }, fills: object) => () => register({ ...spec, id: 'queue-test', execution: { ...spec.execution, fills } } as EnvSpecInput);
    expect(userErrorOf(withFills(passiveAcLinear, { model: 'queue' }))).toMatch(/execution\.fills\.model: the queue fill model replays one recorded book: .*got price\.model abm/);
    expect(userErrorOf(() => make(ID, { impact: { gamma: 1e-6 } }))).toMatch(/impact: the queue fill model replays a book that does not react to our orders: .*gamma 0.000001/);
    expect(userErrorOf(withFills(lobsterQueue, { model: 'intensity', A: 10, k: 10, clip: 10 }))).toMatch(/intensity fill model needs a simulated price/);
  });
});
