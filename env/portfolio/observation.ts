import { Box } from '../spaces/box.js';
import type { PortfolioParams } from './params.js';
import type { PortfolioState } from './state.js';

/**
 * The observation of a portfolio env, 1 + 2m float32 numbers:
 *
 * | index | name | meaning | range |
 * | --- | --- | --- | --- |
 * | 0 | time_left | 1 - k / N | [0, 1] |
 * | 1 .. m | inventory_j | x_j / X_j, the fraction of name j left to trade | [0, 1] |
 * | m+1 .. 2m | price_move_j | (F_j - S0_j) / sqrt(Sigma_jj T): the exogenous move in horizon standard deviations | (-inf, inf) |
 */
export function portfolioObservationSpace(p: PortfolioParams): Box<'float32'> {
  const low = [0, ...new Array<number>(p.m).fill(0), ...new Array<number>(p.m).fill(-Infinity)];
  const high = [1, ...new Array<number>(p.m).fill(1), ...new Array<number>(p.m).fill(Infinity)];
  return new Box(low, high, 'float32');
}

/** The names of the observation's columns, in order. */
export function portfolioFeatureNames(p: PortfolioParams): string[] {
  return ['time_left', ...p.symbols.map((s) => `inventory_${s}`), ...p.symbols.map((s) => `price_move_${s}`)];
}

/** Writes lanes [from, to) of `s` into `out` (lanes x (1 + 2m), row-major). */
export function writePortfolioObservations(p: PortfolioParams, s: PortfolioState, out: Float32Array, from = 0, to = s.lanes): void {
  const { m, N } = p;
  const dim = 1 + 2 * m;
  for (let i = from; i < to; i++) {
    const row = i * dim;
    out[row] = 1 - s.k[i] / N;
    for (let j = 0; j < m; j++) {
      out[row + 1 + j] = s.x[i * m + j] / p.X[j];
      out[row + 1 + m + j] = (s.F[i * m + j] - p.S0[j]) / p.moveScale[j];
    }
  }
}
