import { Z95, type Estimate } from './estimate.js';
import { gridReturns, subsampledRv, sumFourth } from './realized-variance.js';

/**
 * Daily volatility sigma ($/day^0.5) as the square root of the mean daily realised variance at
 * sampling interval m (chosen from the signature plot). RV sums squared returns over the session,
 * so it estimates the integrated variance whatever the intraday (diurnal) shape of volatility: the
 * U-shape of volatility moves variance within the day but does not bias the daily total. The
 * The residual bid–ask-bounce bias at that interval, 2 n omega² (omega² from the signature plot),
 * is subtracted, as the two-scales estimator of Zhang, Mykland & Aït-Sahalia (2005) does, and the
 * uncertainty of omega² joins the SE: without it, the MSE-optimal interval leaves a bias as large
 * as the SE and the interval under-covers (tested). The
 * interval is on log RV with Var(RV_d) = (2/3) sum r⁴ (Barndorff-Nielsen & Shephard 2002; the log
 * form has better small-sample coverage, Barndorff-Nielsen & Shephard 2005), which is valid under
 * that time-varying volatility; the quarticity of the single offset-0 grid makes it conservative
 * for the subsampled point estimate.
 */
export function estimateSigma(days: readonly Float64Array[], m: number, seconds: number, noiseVariance = 0): Estimate {
  let rvSum = 0;
  let varSum = 0;
  let n = 0;
  const nBase = days[0].length - 1;
  // Noise bias of RV at n_m = nBase / m returns a day: 2 n_m omega^2. omega^2 came from the finest
  // grid's RV, so its uncertainty is that RV's, scaled by n_m / nBase.
  const bias = 2 * (nBase / m) * noiseVariance;
  for (const prices of days) {
    const returns = gridReturns(prices, m);
    rvSum += subsampledRv(prices, m) - bias;
    varSum += (2 / 3) * sumFourth(returns);
    if (noiseVariance > 0) varSum += (1 / m) ** 2 * (2 / 3) * sumFourth(gridReturns(prices, 1));
    n += returns.length;
  }
  const D = days.length;
  const rv = Math.max(rvSum / D, Number.MIN_VALUE);
  const seRv = Math.sqrt(varSum) / D;
  const seLog = seRv / rv;
  const value = Math.sqrt(rv);
  return {
    value,
    unit: '$/day^0.5',
    method: `sqrt of mean daily realised variance of mid returns every ${seconds} s (signature-plot choice), subsampled over offsets${noiseVariance > 0 ? ', minus the noise bias 2 n omega^2' : ''}; CI on log RV with realised quarticity`,
    n,
    se: seRv / (2 * value),
    ci95: [value * Math.exp((-Z95 * seLog) / 2), value * Math.exp((Z95 * seLog) / 2)],
    kind: 'estimate',
    source: 'Andersen et al. (2000) signature plot; Bandi & Russell (2008) optimal sampling; Barndorff-Nielsen & Shephard (2002, 2005)',
  };
}
