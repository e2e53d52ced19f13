import { describe, expect, it } from 'vitest';
import { solveOptimal } from '../env/analytics/optimal.js';
import { checkExecutionEnv } from '../env/check/check-execution-env.js';
import type { ExecutionEnv } from '../env/core/execution-env.js';
import { cellIndex, queueBucket } from '../env/lob/flow/qr-layout.js';
import { QrSimulator } from '../env/lob/flow/qr-simulator.js';
import type { QrLanes } from '../env/market/qr-fills/qr-lanes.js';
import type { MarketState } from '../env/market/state.js';
import { makeRng } from '../env/random/rng.js';
import { make, register, type SpecOverrides } from '../env/registry.js';
import lobQrSpec from '../env/specs/lob-qr-v0.json' with { type: 'json' };
import type { EnvSpecInput } from '../env/spec/schema.js';
import { userErrorOf } from './helpers/data-files.js';
import { expectLanesAreSingleEnvs, expectPassiveLedgerExact, PASSIVE_ACTIONS, playEpisodeOf } from './helpers/passive-episodes.js';

const ID = 'lob-qr-v0';
const ACTIONS = PASSIVE_ACTIONS;

function playEpisode(env: ExecutionEnv, seed: number | undefined, pick: (k: number) => number[]) {
  return playEpisodeOf(env, seed === undefined ? {} : { seed }, pick);
}

/** The env's lanes (its state is private; the test reads it to check the book). */
function lanes(env: ExecutionEnv): QrLanes {
  return (env as unknown as { state: MarketState }).state.qr!;
}

const feature = (env: ExecutionEnv, name: string) => env.features.findIndex((f) => f.name === name);

describe('lob-qr-v0: our orders in a generated AMZN order flow that reacts to them', () => {
  it('the ledger sums exactly to the shortfall on every step, sells and buys; every executed share is a fill of the lane\'s own book; F is the book\'s mid, so permanent is 0', () => {
    for (const [seed, side] of [[0, 'sell'], [3, 'buy'], [1_000_004, 'sell'], [1e9 + 7, 'buy'], [11, 'sell']] as const) {
      const env = make(ID, { order: { side, shares: 300 } });
      const { steps, observations } = playEpisode(env, seed, (k) => ACTIONS[(k + seed) % ACTIONS.length]);
      for (const o of observations) expect(o[feature(env, 'spread_ticks')]).toBeGreaterThanOrEqual(1);
      const { X } = env.params;
      for (const l of expectPassiveLedgerExact(env, steps, side)) expect(l.permanent === 0).toBe(true);
      const sim = lanes(env).sims[0];
      expect(sim.fills.reduce((sum, f) => sum + f.size, 0)).toBeCloseTo(X, 9);
      expect(sim.fills.filter((f) => f.passive).reduce((sum, f) => sum + f.size, 0)).toBeCloseTo(steps.reduce((sum, s) => sum + s.limit!.filled, 0), 9);
      expect(sim.ours.every((o) => o.slot < 0)).toBe(true);
    }
  });

  it('starts from the recorded book at its window\'s start: the first observation is lob-replay-v0\'s on the same seed, and the first market order walks the recorded levels', () => {
    for (const seed of [0, 5, 1_000_001, 1e9 + 3]) {
      const qr = make(ID);
      const replay = make('lob-replay-v0');
      const a = qr.reset({ seed });
      const b = replay.reset({ seed });
      expect(a.info.replayWindow).toEqual(b.info.replayWindow);
      expect(Array.from(a.observation)).toEqual(Array.from(b.observation));
      expect(qr.features.map((f) => f.name)).toEqual(replay.features.map((f) => f.name));
      // the flow is generated from the start: the two books part before the first decision
      expect(qr.step([4, 0, 0]).info.ledger.shortfall).toBeCloseTo(replay.step([4, 0, 0]).info.ledger.shortfall, 9);
    }
  });

  it('the flow of an episode is a function of its seed alone: a vector env of M lanes is M single envs bit for bit, an episode after an unseeded reset is the next seed\'s, and every baseline scores the same batched or alone', async () => {
    await expectLanesAreSingleEnvs(ID);
    const env = make(ID);
    playEpisode(env, 7, () => [1, 0.5, 0]);
    const next = playEpisode(env, undefined, () => [1, 0.5, 1]);
    expect(next.rewards).toEqual(playEpisode(make(ID), 8, () => [1, 0.5, 1]).rewards);
    expect(playEpisode(make(ID), 9, () => [1, 0.5, 1]).rewards).not.toEqual(next.rewards);
  });

  it('the flow reacts to a market order that empties the touch: the mid falls to the next level\'s at once, and in more than a third of the episodes (34 of 52 measured) the flow has refilled inside the widened spread by the next decision', () => {
    let tried = 0;
    let refilled = 0;
    const seeds = Array.from({ length: 60 }, (_, s) => s);
    const env = make(ID);
    for (const seed of seeds) {
      env.reset({ seed });
      const sim = lanes(env).sims[0];
      const bidBefore = sim.book.bestPrice(1);
      const midBefore = 0.5 * (bidBefore + sim.book.bestPrice(-1));
      const touch = sim.book.levelSize[sim.book.bidLevels[0]];
      const bidAfter = sim.book.levelPrice[sim.book.bidLevels[1]];
      if (touch > 200) continue; // more than the action can sell in one step
      // sell the whole bid touch at market (a = shares / the even split of 50), post nothing
      env.step([touch / 50, 0, 0]);
      // (the even split's rounding can leave a few 1e-14 shares for the next level)
      expect(sim.fills.every((f) => !f.passive && (f.priceE4 === bidBefore || f.size < 1e-9))).toBe(true);
      expect(sim.fills.reduce((sum, f) => sum + f.size, 0)).toBeCloseTo(touch, 9);
      tried++;
      if (sim.book.bestPrice(1) > bidAfter) refilled++;
      // the mid just after our order (the lane's tape of mids) stands between the next bid level and the ask
      const askBefore = 2 * midBefore - bidBefore;
      expect(lanes(env).tapes[0].midBefore(sim.fills[0].time + 1e-9)).toBe(0.5 * (bidAfter + askBefore));
    }
    expect(tried).toBeGreaterThan(10);
    console.log(`refilled inside the widened spread by the next decision: ${refilled} of ${tried} episodes`);
    expect(refilled).toBeGreaterThan(tried / 3);
  });

  it('the flow reacts to a large posted order: with ours in the ask touch\'s queue the touch\'s clocks run at the card\'s rates for the larger queue, so the next event comes sooner or later by exactly that ratio', () => {
    const env = make(ID);
    const { flow } = env.params.qr!;
    const { layout, rates } = flow;
    for (const seed of [0, 1, 2]) {
      env.reset({ seed });
      const book = lanes(env).sims[0].book;
      const initialBook = { bids: [] as [number, number][], asks: [] as [number, number][] };
      for (let l = 0; l < book.bidDepth; l++) initialBook.bids.push([book.levelPrice[book.bidLevels[l]], book.levelSize[book.bidLevels[l]]]);
      for (let l = 0; l < book.askDepth; l++) initialBook.asks.push([book.levelPrice[book.askLevels[l]], book.levelSize[book.askLevels[l]]]);
      const ask = initialBook.asks[0][0];
      const spread = Math.min((ask - initialBook.bids[0][0]) / layout.tickE4, layout.maxSpread);
      const firstWait = (ours: number) => {
        const sim = new QrSimulator({ ...flow, initialBook }, makeRng(seed, 'qr-test'));
        sim.reset(0);
        if (ours > 0) sim.submit(-1, ask, ours);
        sim.step();
        return sim.time;
      };
      const touchRate = (shares: number) => {
        const c = cellIndex(layout, 'touch', spread, queueBucket(layout.queueEdges, shares));
        return rates[c * 3] + rates[c * 3 + 1] + rates[c * 3 + 2];
      };
      const others = initialBook.asks[0][1];
      // the first wait is E / R, E = -ln(1 - u) of the stream's first uniform, R the total intensity
      const E = -Math.log(1 - makeRng(seed, 'qr-test').uniform());
      const delta = touchRate(others + 2000) - touchRate(others);
      expect(delta).not.toBe(0);
      expect(E / firstWait(2000) - E / firstWait(0)).toBeCloseTo(delta, 9);
    }
  });

  it('no optimum is known: the solvers refuse it as they refuse the replay', () => {
    const env = make(ID);
    expect(() => solveOptimal(env.params, env.spec.action)).toThrow(/no optimum is known for it/);
  });

  it('refuses a bad spec in one line naming the field: an unknown flow, unfilled cross, a simulated price, a latency of a step', () => {
    expect(userErrorOf(() => make(ID, { execution: { fills: { flow: 'msft-2012' } } }))).toMatch(/^spec\.execution\.fills\.flow: .*amzn-2012-06-21.*msft-2012/);
    expect(userErrorOf(() => make(ID, { execution: { unfilled: 'cross' } }))).toMatch(/execution\.unfilled: the qr fill model keeps unfilled limit shares resting .*got 'cross'/);
    expect(userErrorOf(() => register({ ...lobQrSpec, id: 'lob-qr-abm', price: { model: 'abm', S0: 224, sigma: 3.23 } } as EnvSpecInput))).toMatch(/execution\.fills\.model: the qr fill model starts its episodes from one recorded book: it needs price\.model replay/);
    expect(userErrorOf(() => make(ID, { execution: { fills: { latency: { entrySeconds: 30 } } } }))).toMatch(/^spec\.execution\.fills\.latency\.entrySeconds: must be shorter than a step \(30 s\), got 30$/);
    for (const msg of [userErrorOf(() => make(ID, { execution: { fills: { flow: 'x' } } }))]) expect(msg.split('\n')).toHaveLength(1);
  });

  it('passes the env checker with entry and feed latencies, and a later arrival changes the fills', () => {
    const latency = (entrySeconds: number, feedSeconds: number) => ({ execution: { fills: { latency: { entrySeconds, feedSeconds } } } });
    checkExecutionEnv(make(ID, latency(0.5, 0.2)));
    const shortfalls = (o: SpecOverrides) => [0, 1, 2].flatMap((seed) => playEpisode(make(ID, o), seed, () => [1, 0.5, 0]).steps.map((st) => st.ledger.shortfall));
    expect(shortfalls(latency(10, 0))).not.toEqual(shortfalls({}));
  });
});
