import type { MarketCalibration } from '../../env/calibration/calibrate-market.js';
import { transitionOverSteps } from '../../env/calibration/transition-power.js';
import { parseOrThrow } from '../../env/errors/errors.js';
import { envSpecSchema, type EnvSpec, type EnvSpecInput } from '../../env/spec/schema.js';

/** Where each number of a twin spec comes from: a card field, or the replay spec it mirrors. */
export type TwinSources = Record<string, string>;

/** The twin's id: the replay's with `replay` replaced by `twin` (`xetra-replay-v0` → `xetra-twin-v0`). */
export function twinId(replayId: string): string {
  return replayId.includes('replay') ? replayId.replace('replay', 'twin') : `${replayId}-twin`;
}

/**
 * The calibrated synthetic twin of a replay env: the problem of the replay (horizon, order, action,
 * observation, risk aversion, and its scale: S0 and the daily volume every recorded series was
 * normalised to before calibration) with the market of the card (sigma, spread, impact, volume
 * noise and regimes). The volume profile is flat: a replay episode is a window that may start
 * anywhere in the session, so a step's expected volume is the card's u-shape averaged over window
 * positions, which the replay itself forecasts by the training windows' mean (see the replay
 * table); the time-of-day level that a window carries is left to the noise and the regimes, and is
 * part of what the sim-to-real gap measures. The HMM's transition matrix is taken to the twin's
 * step (one minute, not the card's step) by the same matrix power the card uses.
 */
export function twinSpec(replay: EnvSpec, cal: MarketCalibration): { spec: EnvSpecInput; sources: TwinSources } {
  const e = cal.estimates;
  const id = twinId(replay.id);
  const stepSeconds = (replay.horizon.T / replay.horizon.N) * cal.sessionSeconds;
  // The card's square-root law h = eta sigma (n / V)^beta reads the step's printed volume, which a
  // recorded step may lack (a minute without a trade); at the expected step volume daily·tau it is
  // the power law h = eta sigma daily^-beta (n / tau)^beta, defined on every replay step.
  const eta = cal.impactModel === 'power' ? e.eta.value : (e.eta.value * e.sigma.value) / replay.volume.daily ** e.beta.value;
  const impact = { model: 'power' as const, epsilon: e.halfSpread.value, eta, beta: e.beta.value, gamma: Math.max(0, e.gamma.value) };
  const spec: EnvSpecInput = {
    id,
    description: `Calibrated synthetic twin of ${replay.id} (execgym calibrate --twin-of ${replay.id}): the replay's problem (horizon, order, action, S0 = ${replay.price.S0}, ${replay.volume.daily} shares a day) on an abm market whose sigma, half-spread, impact, volume noise and regimes are the market card's (card.json beside this spec), fitted to the replay's training windows only (no validation or test window), normalised as the replay normalises them. twin.json there names those windows and gives the source of every number.`,
    horizon: { ...replay.horizon },
    order: { ...replay.order },
    price: { model: 'abm', S0: replay.price.S0, sigma: e.sigma.value },
    impact,
    riskAversion: replay.riskAversion,
    volume: { daily: replay.volume.daily, profile: 'flat', noise: e.volumeNoise.value },
    action: replay.action,
    observation: { ...replay.observation },
  };
  const sources: TwinSources = {
    horizon: `${replay.id} (a window of ${replay.horizon.N} steps of ${stepSeconds} s)`,
    order: replay.id,
    action: replay.id,
    observation: replay.id,
    riskAversion: replay.id,
    'price.S0': `${replay.id}: every recorded window starts at S0 (the card's prices are normalised so each day opens there)`,
    'price.sigma': `card.estimates.sigma (${e.sigma.method})`,
    'impact.model': `power: card.impactModel ${cal.impactModel}${cal.impactModel === 'power' ? '' : ' at the expected step volume'}`,
    'impact.epsilon': `card.estimates.halfSpread (${e.halfSpread.method})`,
    'impact.eta': cal.impactModel === 'power' ? `card.estimates.eta (${e.eta.kind}: ${e.eta.method})` : `card.estimates.eta × card.estimates.sigma / volume.daily^card.estimates.beta (${e.eta.kind}: ${e.eta.method})`,
    'impact.beta': `card.estimates.beta (${e.beta.kind}: ${e.beta.method})`,
    'impact.gamma': `card.estimates.gamma (${e.gamma.kind}: ${e.gamma.method})${e.gamma.value < 0 ? ', negative, clipped to 0' : ''}`,
    'volume.daily': `${replay.id}: every recorded series is scaled to this daily volume (the card's dailyVolume ${e.dailyVolume.value.toFixed(0)} is the same scale re-estimated)`,
    'volume.profile': 'flat: the expected volume of a window step averaged over window starts (see twin-spec.ts)',
    'volume.noise': `card.estimates.volumeNoise (${e.volumeNoise.method}, per ${cal.stepSeconds}-s step)`,
  };
  const fit = cal.regimeFit;
  if (fit && fit.hmm.K > 1) {
    spec.regimes = fit.specRegimes.map((r) => ({ ...r }));
    const stepped = transitionOverSteps(fit.hmm.transition, fit.hmm.K, stepSeconds / fit.intervalSeconds);
    // Rows renormalised in double precision so the schema's |sum - 1| <= 1e-9 holds exactly.
    spec.transition = stepped.matrix.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((p) => p / sum);
    });
    sources.regimes = 'card.estimates.regimes (sigma and volume multiplier per HMM state, stationary-normalised as calibrate does)';
    sources.transition = `card.estimates.transition.perInterval (${fit.intervalSeconds}-s intervals) taken to the ${stepSeconds}-s step: ${stepped.method}`;
  }
  parseOrThrow(envSpecSchema, spec, 'twin spec');
  return { spec, sources };
}
