import { describe, expect, it } from 'vitest';
import { checkExecutionEnv } from '../env/check/check-execution-env.js';
import { solveOptimal } from '../env/analytics/optimal.js';
import type { ExecutionEnv, PassiveCostLedger } from '../env/core/execution-env.js';
import type { LobsterReplay, OurOrder } from '../env/lob/lobster-replay.js';
import type { MarketState } from '../env/market/state.js';
import { createBookWalk, walkBook } from '../env/market/queue-replay/walk-book.js';
import { make, type SpecOverrides } from '../env/registry.js';
import { userErrorOf } from './helpers/data-files.js';
import { expectLanesAreSingleEnvs, expectPassiveLedgerExact, PASSIVE_ACTIONS, playEpisodeOf } from './helpers/passive-episodes.js';

const ID = 'lob-replay-v0';
const ACTIONS = PASSIVE_ACTIONS;

function playEpisode(seed: number, pick: (k: number) => number[], overrides: SpecOverrides = {}) {
  const env = make(ID, overrides);
  return { env, ...playEpisodeOf(env, { seed }, pick) };
}

/** The lane's own replay (the env's state is private; the test reads it to check the book). */
function laneReplay(env: ExecutionEnv): LobsterReplay {
  return (env as unknown as { state: MarketState }).state.lob!.replays[0];
}

const feature = (env: ExecutionEnv, name: string) => env.features.findIndex((f) => f.name === name);

describe('lob-replay-v0: our orders in the LOBSTER message replay of the AMZN day', () => {
  it('the ledger sums exactly to the shortfall on every step, sells and buys, the fills are the lane book\'s own, and the book never crosses', () => {
    for (const [seed, side] of [[0, 'sell'], [3, 'buy'], [1_000_004, 'sell'], [1e9 + 7, 'buy'], [11, 'sell']] as const) {
      const { env, steps, observations } = playEpisode(seed, (k) => ACTIONS[(k + seed) % ACTIONS.length], { order: { side, shares: 300 } });
      // The lane's book never crosses, our orders in it included (spread_ticks is 0 for a crossed or one-sided book).
      for (const o of observations) expect(o[feature(env, 'spread_ticks')]).toBeGreaterThanOrEqual(1);
      const { S0, X } = env.params;
      const sign = side === 'sell' ? 1 : -1;
      expectPassiveLedgerExact(env, steps, side);
      // Every executed share is one of the lane book's fills (our market orders' and our resting orders').
      const replay = laneReplay(env);
      const booked = replay.fills.reduce((sum, f) => sum + f.size, 0);
      expect(booked).toBeCloseTo(X, 9);
      const passive = replay.fills.filter((f) => f.passive);
      const passiveShares = passive.reduce((sum, f) => sum + f.size, 0);
      expect(passiveShares).toBeCloseTo(steps.reduce((sum, s) => sum + s.limit!.filled, 0), 9);
      const w = env.params.replay!.windows.indexOf(env.reset({ seed }).info.replayWindow!);
      const passiveValue = env.params.book!.scale[w] * passive.reduce((sum, f) => sum + f.size * f.priceE4, 0);
      const passiveShortfall = steps.reduce((sum, s) => sum + (s.ledger as PassiveCostLedger).passiveShortfall, 0);
      expect(passiveShortfall).toBeCloseTo(sign * (passiveShares * S0 - passiveValue), 6);
    }
  });

  it('a market order walks the book at the decision: at the first decision the recorded levels, scaled to S0', () => {
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
    expect([l.timing, l.permanent]).toEqual([0, 0]); // the first decision's mid is S0, and nothing of ours is in the book yet
  });

  it('a market order removes the liquidity it takes: the lane that sold never holds more bids at the next decision than an idle lane on the same window, on some windows fewer, and its own book\'s mid can sit below the recorded mid when it sells again', () => {
    let fewer = 0;
    let worse = 0;
    for (const seed of [0, 1, 2, 3, 4]) {
      const sold = playEpisode(seed, (k) => (k === 0 ? [4, 0, 0] : [0, 0, 0]));
      const bids = (env: ExecutionEnv) => {
        const { book } = laneReplay(env);
        let shares = 0;
        for (let l = 0; l < book.bidDepth; l++) shares += book.levelSize[book.bidLevels[l]];
        return shares;
      };
      // Both lanes end by selling everything at the last decision: compare the books before that.
      const soldBefore = playEpisodeUntil(seed, 1, [4, 0, 0]);
      const idleBefore = playEpisodeUntil(seed, 1, [0, 0, 0]);
      expect(bids(soldBefore)).toBeLessThanOrEqual(bids(idleBefore));
      if (bids(soldBefore) < bids(idleBefore)) fewer++;
      // The sold lane's permanent term: the mid of its own book sits below the recorded mid.
      const permanent = sold.steps.reduce((sum, s) => sum + s.ledger.permanent, 0);
      if (permanent > 0) worse++;
    }
    // Within 30 s AMZN's own flow often cancels or executes the orders we took anyway (the record
    // names them, the reconciliation rule applies), so the books may meet again by the next decision.
    expect(fewer).toBeGreaterThan(0);
    expect(worse).toBeGreaterThan(0);
  });

  it('a resting limit order keeps its FIFO place across steps: kept at an unchanged touch it is the same order, and no recorded order of known id gets ahead of it', () => {
    let kept = 0;
    for (let seed = 0; seed < 12; seed++) {
      // Every step asks for 50 shares resting at the touch (a = 50 (N - k) / x), so an order that
      // rests unfilled at an unchanged touch is kept as it is.
      const env = make(ID);
      const resting = feature(env, 'own_resting');
      const ahead = feature(env, 'own_ahead');
      let { observation } = env.reset({ seed });
      let x = 300;
      let price = NaN;
      let before = knownAhead(env);
      for (let k = 0; k < env.params.N - 1; k++) {
        const r = env.step([(50 * (env.params.N - k)) / x, 1, 0]);
        const { limit } = r.info;
        const after = knownAhead(env);
        if (limit!.price === price && limit!.posted === 0 && observation[resting] > 0 && after.order !== null) {
          kept++;
          expect(after.order).toBe(before.order);
          for (const id of after.ids) expect(before.ids.has(id)).toBe(true);
        }
        if (after.order !== null) expect(r.observation[ahead] * 300).toBeCloseTo(laneReplay(env).ahead(after.order), 3);
        price = limit!.price;
        x = r.info.inventory;
        observation = r.observation;
        before = after;
      }
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('the book features are read from the lane\'s own book: spread in ticks, imbalance in [-1, 1], our resting shares and the shares ahead of them', () => {
    const { env, observations, steps } = playEpisode(5, () => [1, 1, 0]);
    const spread = feature(env, 'spread_ticks');
    for (const o of observations) {
      expect(o[spread]).toBeGreaterThanOrEqual(1);
      for (let l = 1; l <= 3; l++) expect(Math.abs(o[feature(env, `imbalance_${l}`)])).toBeLessThanOrEqual(1);
    }
    // After the last step nothing of ours rests.
    const replay = laneReplay(env);
    expect(replay.ours.every((o) => o.slot < 0)).toBe(true);
    expect(observations.at(-1)![feature(env, 'own_resting')]).toBe(observations.at(-2)![feature(env, 'own_resting')]);
    expect(steps.reduce((sum, s) => sum + s.limit!.posted, 0)).toBeGreaterThan(0);
  });

  it('is deterministic across lanes: a vector env of M lanes is M single envs, and every baseline scores the same batched or alone', async () => {
    await expectLanesAreSingleEnvs(ID);
  });

  it('test seeds replay only test windows (32 of 129), validation and training seeds their own sets', () => {
    const env = make(ID);
    const { sets, windows } = env.params.replay!;
    expect([sets.training.length, sets.validation.length, sets.test.length]).toEqual([71, 26, 32]);
    const windowOf = (seed: number) => windows.indexOf(env.reset({ seed }).info.replayWindow!);
    for (let seed = 0; seed < 40; seed++) expect(sets.test).toContain(windowOf(seed));
    for (let seed = 1e6; seed < 1e6 + 5; seed++) expect(sets.validation).toContain(windowOf(seed));
    for (let seed = 1e9; seed < 1e9 + 5; seed++) expect(sets.training).toContain(windowOf(seed));
  });

  it('latency: the env checker passes with entry and feed latencies, a later arrival changes the fills, and a latency of a step or more is refused', () => {
    const latency = (entrySeconds: number, feedSeconds: number) => ({ execution: { fills: { model: 'book', latency: { entrySeconds, feedSeconds } } } });
    checkExecutionEnv(make(ID, latency(0.5, 0.2)));
    const shortfalls = (o: SpecOverrides) => [0, 1, 2, 3].flatMap((seed) => playEpisode(seed, () => [1, 0.5, 0], o).steps.map((s) => s.ledger.shortfall));
    expect(shortfalls(latency(10, 0))).not.toEqual(shortfalls({}));
    const firstObservations = (o: SpecOverrides) => [0, 1, 2, 3].flatMap((seed) => Array.from(make(ID, o).reset({ seed }).observation));
    expect(firstObservations(latency(0, 10))).not.toEqual(firstObservations({}));
    expect(userErrorOf(() => make(ID, latency(30, 0)))).toMatch(/^spec\.execution\.fills\.latency\.entrySeconds: must be shorter than a step \(30 s\), got 30$/);
  });

  it('no optimum is known: the solvers refuse the replay', () => {
    const env = make(ID);
    expect(() => solveOptimal(env.params, env.spec.action)).toThrow(/a replay market plays recorded prices, whose expected costs no solver here knows, so no optimum is known for it/);
  });

  it("refuses unfilled 'cross' and imbalance over more levels than the data records", () => {
    expect(userErrorOf(() => make(ID, { execution: { unfilled: 'cross' } }))).toMatch(/execution\.unfilled: the book fill model keeps unfilled limit shares resting .*got 'cross'/);
    expect(userErrorOf(() => make(ID, { execution: { fills: { model: 'book', imbalanceLevels: 8 } } }))).toMatch(/imbalanceLevels: the data records 5 levels, got 8/);
  });
});

/** Our oldest resting order in the lane's book and the known recorded ids ahead of it (unknown ids, negative, left out). */
function knownAhead(env: ExecutionEnv): { order: OurOrder | null; ids: Set<number> } {
  const replay = laneReplay(env);
  const order = replay.ours.find((o) => o.slot >= 0) ?? null;
  const ids = new Set<number>();
  if (order) for (let s = replay.book.prev[order.slot]; s >= 0; s = replay.book.prev[s]) if (replay.book.id[s] >= 0) ids.add(replay.book.id[s]);
  return { order, ids };
}

/** An episode played to just before decision `k` (the lane's book then), every step the same action. */
function playEpisodeUntil(seed: number, k: number, action: number[]): ExecutionEnv {
  const env = make(ID);
  env.reset({ seed });
  for (let j = 0; j < k; j++) env.step(action);
  return env;
}
