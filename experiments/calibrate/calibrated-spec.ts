import type { MarketCalibration } from '../../env/calibration/calibrate-market.js';
import type { CardChoices } from './market-card.js';
import { parseOrThrow } from '../../env/errors/errors.js';
import { envSpecSchema, type EnvSpecInput } from '../../env/spec/schema.js';

/**
 * The env spec of a calibration: one trading day (T = 1) in steps of the calibration's length, the
 * estimates as parameters (a negative gamma estimate is clipped to 0, the spec's range, and the card
 * notes it), validated by the env's own schema so it loads wherever `--env` takes a file.
 */
export function calibratedSpec(cal: MarketCalibration, choices: CardChoices): EnvSpecInput {
  const e = cal.estimates;
  const common = { epsilon: e.halfSpread.value, eta: e.eta.value, beta: e.beta.value, gamma: Math.max(0, e.gamma.value) };
  const spec: EnvSpecInput = {
    id: `calibrated-${cal.symbol.toLowerCase()}`,
    description: `Calibrated by execgym calibrate to ${cal.symbol} ${cal.dates[0]}${cal.dates.length > 1 ? ` to ${cal.dates[cal.dates.length - 1]}` : ''}: one session in ${cal.stepsPerDay} steps of ${cal.stepSeconds} s (see card.json)`,
    horizon: { T: 1, N: cal.stepsPerDay },
    order: { side: 'sell', shares: choices.shares },
    price: { model: 'abm', S0: e.S0.value, sigma: e.sigma.value },
    impact: cal.impactModel === 'power' ? { model: 'power', ...common } : { model: 'sqrt-volume', ...common },
    riskAversion: choices.riskAversion,
    // The noise is the spread around the u-shape in both cases: around the data's own in-sample
    // shares it would be understated.
    volume: { daily: e.dailyVolume.value, profile: choices.profile === 'data' ? dataShares(cal) : 'u-shape', uDepth: e.uDepth.value, noise: e.volumeNoise.value },
  };
  if (cal.regimeFit && cal.regimeFit.hmm.K > 1 && e.transition) {
    spec.regimes = cal.regimeFit.specRegimes.map((r) => ({ ...r }));
    // Rows renormalised in double precision so the schema's |sum - 1| <= 1e-9 holds exactly.
    spec.transition = e.transition.perStep.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((p) => p / sum);
    });
  }
  parseOrThrow(envSpecSchema, spec, 'calibrated spec');
  return spec;
}

/** The data's mean step shares, renormalised in double precision so the schema's sum check holds. */
function dataShares(cal: MarketCalibration): number[] {
  const total = cal.volumeShares.data.reduce((a, b) => a + b, 0);
  return cal.volumeShares.data.map((w) => w / total);
}
