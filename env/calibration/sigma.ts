import { Z95, type Estimate } from './estimate.js';
import { gridReturns, subsampledRv, sumFourth } from './realized-variance.js';

/**
 * Daily volatility sigma ($/day^0.5) as the square root of the mean daily realised variance at
 * sampling interval m (chosen from the signature plot). RV sums squared returns over the session,
 * so it estimates the integrated variance whatever the intraday (diurnal) shape of volatility: the
 * U-shape of volatility moves variance within the day but does not bias the daily total. The
 * interval is on log RV with Var(RV_d) = (2/3) sum r⁴ (Barndorff-Nielsen & Shephard 2002; the log
 * form has better small-sample coverage, Barndorff-Nielsen & Shephard 2005), which is valid under
 * that time-varying volatility; the quarticity of the single offset-0 grid makes it conservative
 * for the subsampled point estimate.
 */
export function estimateSigma(days: readonly Float64Array[], m: number, seconds: number): Estimate {
  let rvSum = 0;
  let varSum = 0;
  let n = 0;
  for (const prices of days) {
    const returns = gridReturns(prices, m);
    rvSum += subsampledRv(prices, m);
    varSum += (2 / 3) * sumFourth(returns);
    n += returns.length;
  }
  const D = days.length;
  const rv = rvSum / D;
  const seRv = Math.sqrt(varSum) / D;
  const seLog = seRv / rv;
  const value = Math.sqrt(rv);
  return {
    value,
    unit: '$/day^0.5',
    method: `sqrt of mean daily realised variance of mid returns every ${seconds} s (signature-plot choice), subsampled over offsets; CI on log RV with realised quarticity`,
    n,
    se: seRv / (2 * value),
    ci95: [value * Math.exp((-Z95 * seLog) / 2), value * Math.exp((Z95 * seLog) / 2)],
    kind: 'estimate',
    source: 'Andersen et al. (2000) signature plot; Bandi & Russell (2008) optimal sampling; Barndorff-Nielsen & Shephard (2002, 2005)',
  };
}
