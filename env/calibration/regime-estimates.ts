import { normalEstimate, type Estimate } from './estimate.js';
import type { HmmFit } from './gaussian-hmm.js';

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
 * SEs treat the expected state occupancies n_r as if the states were observed (the complete-data
 * information: sigma_r / sqrt(2 n_r); p_ij (1 - p_ij) / n_i for transitions; delta method for the
 * volume ratio). That understates the SE when states overlap; the recovery test checks the
 * resulting coverage on well-separated regimes only.
 */
export function regimeEstimates(fit: HmmFit, scale: number): RegimeEstimates {
  const { K, D } = fit;
  const names = regimeNames(K);
  const sigma: Estimate[] = [];
  const volumeRatio: Estimate[] = [];
  const n = fit.occupancy;
  for (let k = 0; k < K; k++) {
    const s = scale * Math.sqrt(fit.variances[k * D]);
    sigma.push(normalEstimate({ value: s, unit: '$/day^0.5', method: `HMM state ${names[k]}: scale * sd of normalised returns`, n: Math.round(n[k]), se: s / Math.sqrt(2 * n[k]) }));
    const mu = fit.means[k * D + 1];
    const v = fit.variances[k * D + 1];
    const ratio = Math.exp(mu + v / 2);
    volumeRatio.push(normalEstimate({ value: ratio, unit: 'x expected volume', method: `HMM state ${names[k]}: exp(mean + var/2) of log volume residual`, n: Math.round(n[k]), se: ratio * Math.sqrt(v / n[k] + (v * v) / (2 * n[k])) }));
  }
  const transition = Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => {
      const p = fit.transition[i * K + j];
      return normalEstimate({ value: p, unit: 'probability per interval', method: 'Baum–Welch expected transition frequency', n: Math.round(n[i]), se: Math.sqrt((p * (1 - p)) / n[i]) });
    }),
  );
  return { names, sigma, volumeRatio, transition };
}
