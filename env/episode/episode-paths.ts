import { averageFillPrice, markoutCostBps, participationWeightedPrice, slippageBps, timeWeightedPrice } from './execution-benchmarks.js';
import type { MarketParams } from '../market/params.js';
import type { StepOutput } from '../market/step.js';
import type { MarketState } from '../market/state.js';

/** Mark-out horizons of every fill in a simulated episode, in steps (a step's length is T / N). */
export const MARKOUT_COST_STEPS = [1, 2, 5] as const;

/** The participation rate of the simulated PWP benchmark: the market VWAP until the market has traded X / rate. */
export const PWP_RATE = 0.1;

/**
 * An episode's slippage against the market benchmarks beyond arrival (`isBps`) and interval VWAP
 * (`vwapSlippageBps`), each in bps of its own benchmark price, positive a cost (see
 * env/episode/execution-benchmarks.ts). The episode's bar prices are the prices its market VWAP uses:
 * S_k (a replay's recorded VWAP of the step) moved by the lane's own permanent impact; its mid
 * is S_k - side * (P_k + D_k), the price a limit order is set against.
 *
 * - twapSlippageBps: against the equal-weight mean of the N bar prices.
 * - closeSlippageBps: against the mid at the horizon (after the last step, own impact included).
 * - pwpSlippageBps: against the PWP at {@link PWP_RATE} from step 0 (the VWAP of every step when
 *   the horizon's volume is short of X / rate; `pwpComplete` 0 then).
 * - markoutCost{h}Bps: every fill (market or limit) at step k against the mid at step k + h, share
 *   weighted over the fills with k + h <= N (NaN when none), h in {@link MARKOUT_COST_STEPS}.
 */
export interface EpisodeBenchmarks {
  readonly twapSlippageBps: number;
  readonly closeSlippageBps: number;
  readonly pwpSlippageBps: number;
  readonly pwpComplete: number;
  readonly markoutCost1Bps: number;
  readonly markoutCost2Bps: number;
  readonly markoutCost5Bps: number;
}

export const BENCHMARK_KEYS = ['twapSlippageBps', 'closeSlippageBps', 'pwpSlippageBps', 'pwpComplete', 'markoutCost1Bps', 'markoutCost2Bps', 'markoutCost5Bps'] as const satisfies readonly (keyof EpisodeBenchmarks)[];

/**
 * Records, lane by lane, the prices and volumes of the episodes a vector env plays, for
 * {@link EpisodeBenchmarks}. It reads the market state around each step and never writes it, so
 * an env that records steps exactly as one that does not.
 */
export class EpisodePaths {
  private readonly N: number;
  private readonly k: Int32Array;
  private readonly barPrice: Float64Array;
  private readonly volume: Float64Array;
  private readonly shares: Float64Array;
  private readonly price: Float64Array;
  private readonly mid: Float64Array;

  constructor(p: MarketParams, lanes: number) {
    this.N = p.N;
    this.k = new Int32Array(lanes);
    this.barPrice = new Float64Array(lanes * p.N);
    this.volume = new Float64Array(lanes * p.N);
    this.shares = new Float64Array(lanes * p.N);
    this.price = new Float64Array(lanes * p.N);
    this.mid = new Float64Array(lanes * (p.N + 1));
  }

  /** Before the market step: each lane's step, its bar price (as the market VWAP counts it) and its mid. */
  beforeStep(p: MarketParams, s: MarketState): void {
    const { N } = this;
    for (let i = 0; i < s.lanes; i++) {
      const k = s.k[i];
      this.k[i] = k;
      const F = s.fundamental[i];
      this.barPrice[i * N + k] = (p.replay && !p.qr ? p.replay.vwap[s.window[i] * N + k] : F) - p.side * s.permanent[i];
      this.mid[i * (N + 1) + k] = F - p.side * (s.permanent[i] + s.displacement[i]);
    }
  }

  /** After the market step: what each lane executed and the market volume of the step. */
  afterStep(out: StepOutput): void {
    const { N } = this;
    for (let i = 0; i < this.k.length; i++) {
      const at = i * N + this.k[i];
      this.shares[at] = out.shares[i];
      this.price[at] = out.price[i];
      this.volume[at] = out.volume[i];
    }
  }

  /** Lane i's benchmarks once its last step is played (before the lane restarts: the state still holds the horizon's mid). */
  finish(p: MarketParams, s: MarketState, i: number): EpisodeBenchmarks {
    const { N } = this;
    this.mid[i * (N + 1) + N] = s.fundamental[i] - p.side * (s.permanent[i] + s.displacement[i]);
    const lane = <T extends Float64Array>(a: T, width: number) => a.subarray(i * width, (i + 1) * width);
    return episodeBenchmarks(p.side, p.X, lane(this.shares, N), lane(this.price, N), lane(this.barPrice, N), lane(this.volume, N), lane(this.mid, N + 1));
  }
}

/** The benchmarks of one episode's path: N steps' fills, bar prices and volumes, and N + 1 mids. */
export function episodeBenchmarks(side: number, X: number, shares: Float64Array, price: Float64Array, barPrice: Float64Array, volume: Float64Array, mid: Float64Array): EpisodeBenchmarks {
  const N = shares.length;
  const average = averageFillPrice(shares, price);
  const pwp = participationWeightedPrice(barPrice, volume, X, PWP_RATE);
  const markout = (h: number) => markoutCostBps(side, shares, price, Float64Array.from({ length: N }, (_, k) => (k + h <= N ? mid[k + h] : Number.NaN)));
  return {
    twapSlippageBps: slippageBps(side, average, timeWeightedPrice(barPrice)),
    closeSlippageBps: slippageBps(side, average, mid[N]),
    pwpSlippageBps: slippageBps(side, average, pwp.price),
    pwpComplete: pwp.complete ? 1 : 0,
    markoutCost1Bps: markout(MARKOUT_COST_STEPS[0]),
    markoutCost2Bps: markout(MARKOUT_COST_STEPS[1]),
    markoutCost5Bps: markout(MARKOUT_COST_STEPS[2]),
  };
}
