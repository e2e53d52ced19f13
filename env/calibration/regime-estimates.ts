import { Z95, type Estimate } from './estimate.js';
import type { HmmFit } from './gaussian-hmm.js';
import type { HmmCovariance } from './hmm-information.js';

export interface RegimeEstimates {
  readonly names: readonly string[];
  /** Per regime: volatility ($/day^0.5), and mean volume over the unconditional mean-one level. */
  readonly sigma: readonly Estimate[];
  readonly volumeRatio: readonly Estimate[];
  /** Per-interval transition probabilities with SEs. */
  readonly transition: readonly (readonly Estimate[])[];
}

/** Names by ascending volatility (the HMM's state order); volume may order them differently. */
export function regimeNames(K: number): string[] {
  if (K === 2) return ['low-vol', 'high-vol'];
  if (K === 3) return ['low-vol', 'mid-vol', 'high-vol'];
  return Array.from({ length: K }, (_, k) => `regime-${k + 1}`);
}

/**
 * Env regime parameters from a 2-feature HMM over (return / (scale · sqrt(interval)), log volume
 * - log expected volume): sigma_r = scale · sqrt(var_r of feature 0); the volume ratio exp(mu_r +
 * s_r²/2) is the mean of a lognormal, i.e. the env's `volumeMultiplier` under mean-one noise.
 *
 * SEs come from the observed information of the HMM likelihood (`hmmCovariance`), which counts the
 * uncertainty of which state each interval was in, carried to these quantities by the delta
 * method; intervals are built where the estimate is closest to normal and mapped back (log sigma,
 * log volume ratio, logit p_ij), so they stay positive and inside (0, 1). `scale` is taken as
 * known. Where the information is not positive definite (a state on a boundary), the SEs fall
 * back to the complete-data information, as if the states were observed (sigma_r / sqrt(2 n_r),
 * p_ij (1 - p_ij) / n_i), which understates them when states overlap; the note says so.
 */
export function regimeEstimates(fit: HmmFit, scale: number, information: HmmCovariance | null): RegimeEstimates {
  const { K, D } = fit;
  const names = regimeNames(K);
  const n = fit.occupancy;
  const fallback = information ? undefined : 'SE from the complete-data information (the observed information is not positive definite): too small when regimes overlap';
  const method = information ? 'observed information (numerical Hessian of the HMM likelihood), delta method' : 'complete-data information';
  /** Variance of a linear combination sum_i g_i theta_i of the working parameters. */
  const variance = (gradient: readonly [number, number][]) => {
    const C = information!.covariance;
    let v = 0;
    for (const [i, gi] of gradient) for (const [j, gj] of gradient) v += gi * gj * C.get(i, j);
    return v;
  };
  const w = information?.working;
  const sigma: Estimate[] = [];
  const volumeRatio: Estimate[] = [];
  for (let k = 0; k < K; k++) {
    const s = scale * Math.sqrt(fit.variances[k * D]);
    // log s = log scale + theta_logvar / 2.
    const seLogS = w ? Math.sqrt(variance([[w.logVariance(k, 0), 0.5]])) : 1 / Math.sqrt(2 * n[k]);
    sigma.push(logNormalEstimate(s, seLogS, { unit: '$/day^0.5', method: `HMM state ${names[k]}: scale * sd of normalised returns; SE by ${method}`, n: Math.round(n[k]), note: fallback }));
    const mu = fit.means[k * D + 1];
    const v = fit.variances[k * D + 1];
    const ratio = Math.exp(mu + v / 2);
    // log ratio = mu + exp(theta_logvar) / 2.
    const seLogRatio = w ? Math.sqrt(variance([[w.mean(k, 1), 1], [w.logVariance(k, 1), v / 2]])) : Math.sqrt(v / n[k] + (v * v) / (2 * n[k]));
    volumeRatio.push(logNormalEstimate(ratio, seLogRatio, { unit: 'x expected volume', method: `HMM state ${names[k]}: exp(mean + var/2) of log volume residual; SE by ${method}`, n: Math.round(n[k]), note: fallback }));
  }
  const transition = Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => {
      const p = fit.transition[i * K + j];
      // p_ij = exp(eta_ij) / sum_l exp(eta_il), eta_ii = 0: dp_ij / deta_il = p_ij (1[j = l] - p_il).
      const gradient: [number, number][] = [];
      if (w) for (let l = 0; l < K; l++) if (l !== i) gradient.push([w.logit(i, l), p * ((j === l ? 1 : 0) - fit.transition[i * K + l])]);
      const se = w ? Math.sqrt(variance(gradient)) : Math.sqrt((p * (1 - p)) / n[i]);
      return logitEstimate(p, se, { unit: 'probability per interval', method: `Baum–Welch expected transition frequency; SE by ${method}`, n: Math.round(n[i]), note: fallback });
    }),
  );
  return { names, sigma, volumeRatio, transition };
}

type Described = Pick<Estimate, 'unit' | 'method' | 'n' | 'note'>;

/** A positive estimate with se on the log scale: interval exp(log value +- 1.96 se), se value * seLog. */
function logNormalEstimate(value: number, seLog: number, fields: Described): Estimate {
  return { ...withoutEmptyNote(fields), value, se: value * seLog, ci95: [value * Math.exp(-Z95 * seLog), value * Math.exp(Z95 * seLog)], kind: 'estimate' };
}

/** A probability with its se: interval on the logit scale (se / (p (1 - p)) there), mapped back. */
function logitEstimate(p: number, se: number, fields: Described): Estimate {
  const logit = Math.log(p / (1 - p));
  const half = (Z95 * se) / (p * (1 - p));
  const back = (x: number) => 1 / (1 + Math.exp(-x));
  const ci95: [number, number] = p > 0 && p < 1 ? [back(logit - half), back(logit + half)] : [p, p];
  return { ...withoutEmptyNote(fields), value: p, se, ci95, kind: 'estimate' };
}

function withoutEmptyNote(fields: Described): Described {
  return fields.note === undefined ? { unit: fields.unit, method: fields.method, n: fields.n } : fields;
}
