import { basename } from 'node:path';
import type { MarketCalibration } from '../../env/calibration/calibrate-market.js';

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
