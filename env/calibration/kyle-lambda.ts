import { Matrix, inverse } from 'ml-matrix';
import { normalEstimate, type Estimate } from './estimate.js';

/**
 * Permanent impact gamma ($/share per share) as Kyle's lambda: OLS of each interval's mid-price
 * change on its signed order flow (buyer- minus seller-initiated shares), with an intercept
 * (Kyle 1985; Hasbrouck 2007 ch. 5). In the env a sell of n shares moves every later price by
 * -gamma n, so the slope over intervals of the env's step length is the env's gamma. The SE is
 * White's heteroskedasticity-robust HC1, because the variance of price changes follows the
 * intraday U-shape.
 * @param dMid mid change per interval ($)
 * @param signedVolume signed executed volume per interval (shares; + = buyer-initiated)
 */
export function kyleLambda(dMid: ArrayLike<number>, signedVolume: ArrayLike<number>, intervalLabel: string): Estimate {
  const n = dMid.length;
  if (n < 3) throw new RangeError(`Kyle's lambda needs at least 3 intervals, got ${n}`);
  const X = new Matrix(n, 2);
  const y = Matrix.columnVector(Array.from(dMid));
  for (let i = 0; i < n; i++) {
    X.set(i, 0, 1);
    X.set(i, 1, signedVolume[i]);
  }
  const xtxInv = inverse(X.transpose().mmul(X));
  const coef = xtxInv.mmul(X.transpose().mmul(y));
  const residual = y.clone().sub(X.mmul(coef));
  // HC1: (X'X)^-1 X' diag(e²) X (X'X)^-1 · n / (n - 2).
  const meat = new Matrix(2, 2);
  for (let i = 0; i < n; i++) {
    const e2 = residual.get(i, 0) ** 2;
    const xi = [1, signedVolume[i]];
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) meat.set(a, b, meat.get(a, b) + e2 * xi[a] * xi[b]);
  }
  const cov = xtxInv.mmul(meat).mmul(xtxInv).mul(n / (n - 2));
  return {
    ...normalEstimate({ value: coef.get(1, 0), unit: '$/share per share', method: `Kyle's lambda: OLS of mid change on signed executed volume per ${intervalLabel}, HC1 robust SE`, n, se: Math.sqrt(cov.get(1, 1)) }),
    source: 'Kyle (1985); Hasbrouck (2007), Empirical Market Microstructure, ch. 5',
  };
}
