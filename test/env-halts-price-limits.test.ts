import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileEnv } from '../env/core/compile-env.js';
import { checkExecutionEnv } from '../env/check/check-execution-env.js';
import { describeConstraints } from '../env/market/constraints.js';
import { resolveDataPath } from '../env/data/replay-source.js';
import { UserError } from '../env/errors/errors.js';
import { ExecutionEnv } from '../env/core/execution-env.js';
import { ExecutionVectorEnv } from '../env/core/execution-vector-env.js';
import { resolveSpec, type SpecOverrides } from '../env/registry.js';
import { dataDir } from './helpers/data-files.js';

const make = (overrides: SpecOverrides, id = 'ac-linear-v0') => new ExecutionEnv(resolveSpec(id, overrides));

/** One step as a policy saw and did it: the decision's observation and price, the fill, the ledger. */
interface Played {
  k: number;
  halted: number;
  priceBefore: number;
  priceAfter: number;
  shares: number;
  fillPrice: number;
  ledgerSum: number;
  shortfall: number;
}

/** The steps of one episode under `action(k)`, the observation's `halted` column read where there is one. */
function play(env: ExecutionEnv, seed: number, action: (k: number) => number): Played[] {
  const out: Played[] = [];
  const haltedAt = env.features.findIndex((f) => f.name === 'halted');
  let { observation } = env.reset({ seed });
  let price = env.params.S0;
  for (let k = 0, done = false; !done; k++) {
    const step = env.step(action(k));
    const l = step.info.ledger;
    out.push({ k, halted: haltedAt >= 0 ? observation[haltedAt] : 0, priceBefore: price, priceAfter: step.info.price, shares: step.info.fill.shares, fillPrice: step.info.fill.price, ledgerSum: l.fixed + l.temporary + l.permanent + l.timing, shortfall: l.shortfall });
    price = step.info.price;
    observation = step.observation;
    done = step.terminated;
  }
  return out;
}

/** Every step's ledger sums to its shortfall, and the episode's shortfall is side * sum n_k (S0 - fill price). */
function expectLedgerExact(env: ExecutionEnv, steps: Played[]): void {
  const p = env.params;
  let total = 0;
  let direct = 0;
  for (const s of steps) {
    expect(Math.abs(s.ledgerSum - s.shortfall)).toBeLessThan(1e-6);
    total += s.shortfall;
    direct += p.side * s.shares * (p.S0 - s.fillPrice);
  }
  expect(Math.abs(total - direct)).toBeLessThan(1e-6 * Math.max(1, Math.abs(direct)));
  expect(Math.abs(steps.reduce((a, s) => a + s.shares, 0) - p.X)).toBeLessThan(1e-6);
}

describe('trading halts are enforced in the step', () => {
  const markov: SpecOverrides = { constraints: { halts: { model: 'markov', rate: 0.2, persistence: 0.5 } } };

  it('a policy that sells four times the even split trades nothing in a halted step, which the observation announces, and the ledger still sums to the shortfall', () => {
    const env = make(markov);
    expect(env.features.at(-1)!.name).toBe('halted');
    let halts = 0;
    for (let seed = 0; seed < 30; seed++) {
      const steps = play(env, seed, () => 4);
      for (const s of steps) {
        if (s.halted === 1) {
          halts++;
          expect(s.shares).toBe(0);
          expect(s.k).toBeLessThan(env.params.N - 1);
        }
      }
      expect(steps.at(-1)!.halted).toBe(0);
      expectLedgerExact(env, steps);
    }
    expect(halts).toBeGreaterThan(20);
  });

  it('the price moves through a halt, and the halt process draws from its own stream: the market path is the one without halts', () => {
    const halted = play(make(markov), 7, () => 0);
    const open = play(make({}), 7, () => 0);
    expect(halted.some((s) => s.halted === 1 && s.priceAfter !== s.priceBefore)).toBe(true);
    // Holding until the last step, no trade moves the price: both paths are the exogenous one.
    for (let k = 0; k < open.length - 1; k++) expect(halted[k].priceAfter).toBe(open[k].priceAfter);
  });

  it('scheduled halts refuse the trade exactly on their steps', () => {
    const env = make({ constraints: { halts: { model: 'scheduled', steps: [0, 3, 4] } } });
    const steps = play(env, 1, () => 1);
    for (const s of steps) {
      expect(s.halted).toBe([0, 3, 4].includes(s.k) ? 1 : 0);
      if (s.halted) expect(s.shares).toBe(0);
      else expect(s.shares).toBeGreaterThan(0);
    }
    expectLedgerExact(env, steps);
  });

  it('the vector env halts lane by lane as the single env does, seed for seed', () => {
    const spec = resolveSpec('ac-linear-v0', markov);
    const vec = new ExecutionVectorEnv(spec, 3);
    vec.reset({ seed: 11 });
    const shares: number[][] = [[], [], []];
    for (let k = 0; k < spec.horizon.N; k++) {
      const { info } = vec.step(new Float64Array([4, 4, 4]));
      for (let i = 0; i < 3; i++) shares[i].push(info.shares[i]);
    }
    for (let i = 0; i < 3; i++) expect(play(make(markov), 11 + i, () => 4).map((s) => s.shares)).toEqual(shares[i]);
  });

  it('the spec refuses a halt on the last step and a persistence of 1, naming the field', () => {
    expect(() => resolveSpec('ac-linear-v0', { constraints: { halts: { model: 'scheduled', steps: [19] } } })).toThrow(UserError);
    expect(() => resolveSpec('ac-linear-v0', { constraints: { halts: { model: 'scheduled', steps: [19] } } })).toThrow(/constraints\.halts\.steps\.0.*below N - 1 = 19/);
    expect(() => resolveSpec('ac-linear-v0', { constraints: { halts: { model: 'markov', rate: 0.1, persistence: 1 } } })).toThrow(/constraints\.halts\.persistence/);
  });
});

describe('price limits are enforced in the step', () => {
  it("reference 'last': a policy that sells four times the even split never fills below the band around the price at the decision (clipped, not refused)", () => {
    const env = make({ constraints: { limits: { band: 50, reference: 'last' } } });
    let clipped = 0;
    for (let seed = 0; seed < 20; seed++) {
      const steps = play(env, seed, () => 4);
      for (const s of steps.slice(0, -1)) {
        expect(s.fillPrice).toBeGreaterThanOrEqual(s.priceBefore * (1 - 50e-4) - 1e-9);
        if (s.fillPrice < s.priceBefore * (1 - 50e-4) + 1e-6) clipped++;
        expect(s.shares).toBeGreaterThan(0);
      }
      expectLedgerExact(env, steps);
    }
    expect(clipped).toBeGreaterThan(100);
  });

  it("reference 'arrival': once the price has fallen past the band's floor a sell executes nothing, and no fill prints below it", () => {
    const env = make({ price: { sigma: 3 }, constraints: { limits: { band: 100, reference: 'arrival' } } });
    const floor = env.params.S0 * (1 - 100e-4);
    let refused = 0;
    for (let seed = 0; seed < 20; seed++) {
      const steps = play(env, seed, () => 1);
      for (const s of steps.slice(0, -1)) {
        if (s.shares > 0) expect(s.fillPrice).toBeGreaterThanOrEqual(floor - 1e-9);
        if (s.priceBefore < floor) {
          refused++;
          expect(s.shares).toBe(0);
        }
      }
      expectLedgerExact(env, steps);
    }
    expect(refused).toBeGreaterThan(10);
  });

  it('a buy is limited by the band\'s ceiling, and round lots apply to the clipped trade', () => {
    const env = make({ order: { side: 'buy' }, constraints: { lot: 100, limits: { band: 50, reference: 'last' } } });
    for (const s of play(env, 3, () => 4).slice(0, -1)) {
      expect(s.fillPrice).toBeLessThanOrEqual(s.priceBefore * (1 + 50e-4) + 1e-9);
      expect(Math.abs(s.shares / 100 - Math.round(s.shares / 100))).toBeLessThan(1e-9);
    }
  });

  it('the spec refuses a band of 0 bps and an unknown reference, naming the field', () => {
    expect(() => resolveSpec('ac-linear-v0', { constraints: { limits: { band: 0, reference: 'last' } } })).toThrow(/constraints\.limits\.band/);
    expect(() => resolveSpec('ac-linear-v0', { constraints: { limits: { band: 10, reference: 'close' } } })).toThrow(/constraints\.limits\.reference/);
  });
});

describe('recorded trading halts (LOBSTER type 7) in a replay', () => {
  const files = dataDir('halts');
  afterAll(files.cleanup);

  /** The shipped 5-minute AMZN slice with a recorded halt from 36072.5 s (-1) to 36081 s (1), each message given the book before it. */
  function haltedDay(): string {
    const stem = 'AMZN_2012-06-21_36000000_36300000';
    const messages = readFileSync(resolveDataPath(`samples/lobster-2012-06-21/${stem}_message_5.csv`), 'utf8').trimEnd().split('\n');
    const book = readFileSync(resolveDataPath(`samples/lobster-2012-06-21/${stem}_orderbook_5.csv`), 'utf8').trimEnd().split('\n');
    const at = (t: number) => messages.findIndex((m) => Number(m.split(',')[0]) > t);
    for (const [t, state] of [[36081, 1], [36072.5, -1]] as const) {
      const i = at(t);
      messages.splice(i, 0, `${t},7,0,0,${state},-1`);
      book.splice(i, 0, book[i - 1]);
    }
    files.write(`${stem}_orderbook_5.csv`, book);
    return files.write(`${stem}_message_5.csv`, messages);
  }

  it('a step that touches the recorded halt refuses the trade and announces it; the shipped days record none', () => {
    const spec = resolveSpec('lobster-replay-v0', {
      horizon: { T: 50 / 300, N: 5 },
      price: { data: { format: 'lobster', files: [haltedDay()], barSeconds: 10 }, split: { validation: 0.2, test: 0.4 } },
      constraints: { halts: { model: 'recorded' } },
    });
    const env = new ExecutionEnv(spec);
    const table = env.params.replay!;
    // Windows of 5 steps of 10 s from 36010 s: window 1 covers 36060-36110, the halt 36072.5-36081 touches its steps 1 and 2.
    expect(Array.from(table.halted)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, ...new Array(15).fill(0)]);
    const seed = [0, 1, 1e6, 1e6 + 1, 1e9, 1e9 + 1, 1e9 + 2].find((s) => env.reset({ seed: s }).info.replayWindow?.startSeconds === 36060);
    expect(seed).toBeDefined();
    const steps = play(env, seed!, () => 1);
    expect(steps.map((s) => s.halted)).toEqual([0, 1, 1, 0, 0]);
    expect(steps.map((s) => s.shares > 0)).toEqual([true, false, false, true, true]);
    expectLedgerExact(env, steps);
    // The shipped slice itself has no type-7 message: no step is halted.
    const shipped = compileEnv(resolveSpec('lobster-replay-v0', { horizon: { T: 50 / 300, N: 5 }, price: { data: { format: 'lobster', files: ['samples/lobster-2012-06-21/AMZN_2012-06-21_36000000_36300000_message_5.csv'], barSeconds: 10 }, split: { validation: 0.2, test: 0.4 } }, constraints: { halts: { model: 'recorded' } } }));
    expect(shipped.params.replay!.halted.every((h) => h === 0)).toBe(true);
  });

  it('the spec refuses recorded halts on a simulated market, naming the field', () => {
    expect(() => resolveSpec('ac-linear-v0', { constraints: { halts: { model: 'recorded' } } })).toThrow(/constraints\.halts\.model.*need price\.model replay, got abm/);
  });
});

describe('the env checker passes with halts and price limits', () => {
  it('checkExecutionEnv: observations (the halted column included) in the space, same seed same trajectory, the ledger, single and vector env alike', () => {
    checkExecutionEnv(make({ constraints: { participation: 0.1, halts: { model: 'markov', rate: 0.2, persistence: 0.5 }, limits: { band: 50, reference: 'last' } } }));
  });
});

describe("the env's card", () => {
  it('states every constraint of the spec in one line, and nothing without constraints', () => {
    const spec = resolveSpec('ac-linear-v0', { constraints: { participation: 0.05, lot: 100, minOrder: 1000, halts: { model: 'scheduled', steps: [3, 4] }, limits: { band: 50, reference: 'arrival' } } });
    const line = describeConstraints(spec.constraints)!;
    expect(line).not.toContain('\n');
    for (const part of ['participation cap 5% of the forecast step volume', 'round lots of 100 shares', 'minimum order 1000 shares', 'trading halts at steps 3, 4', 'no fill beyond 50 bps of the arrival price', 'the last step liquidates']) expect(line).toContain(part);
    expect(describeConstraints(resolveSpec('ac-linear-v0').constraints)).toBeUndefined();
  });
});
