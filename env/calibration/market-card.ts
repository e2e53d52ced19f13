import { basename } from 'node:path';
import { parseOrThrow } from '../errors.js';
import { envSpecSchema, type EnvSpecInput } from '../spec/schema.js';
import type { MarketCalibration } from './calibrate-market.js';

/** A source file of the sample, with its hash so a card names exactly what it was fitted to. */
export interface SourceFile {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** What the reader tells the card about the sample: rows read and the defects it counted. */
export interface SampleProvenance {
  readonly format: string;
  /** Price currency when the source says (the env's "$" is this currency). */
  readonly currency: string | undefined;
  readonly files: readonly SourceFile[];
  readonly rowsRead: number;
  readonly defects: readonly { readonly kind: string; readonly count: number; readonly firstFile?: string; readonly firstLine?: number }[];
  /** How the data was read, where the card must say it (e.g. a symbol given to a file without one). */
  readonly note?: string;
}

/** Choices the env needs that are not properties of the market (the order and the trader). */
export interface CardChoices {
  readonly shares: number;
  readonly riskAversion: number;
  readonly seed: number;
  /** The spec's volume profile: the fitted u-shape, or the data's own step shares. */
  readonly profile: 'u-shape' | 'data';
}

/** The market card (card.json): the estimates with their methods and errors, and the diagnostics the report draws. */
export type MarketCard = ReturnType<typeof marketCard>;

/** The card for a calibration: source, sample, estimates and diagnostics (regime posterior of the first day). */
export function marketCard(cal: MarketCalibration, provenance: SampleProvenance, choices: CardChoices) {
  const regime = cal.regimeFit;
  return {
    symbol: cal.symbol,
    source: { format: provenance.format, currency: provenance.currency ?? null, files: provenance.files },
    sample: {
      dates: { from: cal.dates[0], to: cal.dates[cal.dates.length - 1], days: cal.dates.length },
      barSeconds: cal.barSeconds,
      sessionSeconds: cal.sessionSeconds,
      rowsRead: provenance.rowsRead,
      barsUsed: cal.barsUsed,
      rejected: cal.rejected,
      // File names as in `source`: a card must not depend on where the data sat when it was made.
      defects: provenance.defects.map((d) => (d.firstFile === undefined ? d : { ...d, firstFile: basename(d.firstFile) })),
      ...(provenance.note ? { note: provenance.note } : {}),
    },
    step: { seconds: cal.stepSeconds, N: cal.stepsPerDay, tauDays: cal.stepSeconds / cal.sessionSeconds },
    impactModel: cal.impactModel,
    estimates: cal.estimates,
    choices: { ...choices, note: 'order size, risk aversion and the HMM seed are choices for the env, not estimates' },
    diagnostics: {
      signature: { points: cal.signature.points, chosenSeconds: cal.signature.chosen.seconds, noiseVariance: cal.signature.noiseVariance, optimalCount: Number.isFinite(cal.signature.optimalCount) ? cal.signature.optimalCount : null },
      volumeProfile: { stepSeconds: cal.stepSeconds, fitted: cal.volumeShares.fitted, data: cal.volumeShares.data },
      impactCurve: cal.impactCurve ? { points: cal.impactCurve, c: cal.impactFit!.c, beta: cal.impactFit!.beta } : null,
      regimes: regime
        ? {
            intervalSeconds: regime.intervalSeconds,
            stepOverInterval: regime.ratio,
            K: regime.hmm.K,
            bic: regime.bic,
            names: regime.estimates.names,
            posterior: Array.from({ length: regime.hmm.posterior[0].length / regime.hmm.K }, (_, t) => Array.from(regime.hmm.posterior[0].subarray(t * regime.hmm.K, (t + 1) * regime.hmm.K))),
          }
        : null,
      heldOut: cal.heldOut,
    },
  };
}

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
