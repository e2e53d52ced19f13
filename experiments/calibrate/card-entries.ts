import type { CardEstimates } from '../../env/calibration/calibrate-market.js';
import type { Estimate } from '../../env/calibration/estimate.js';

/** Every estimate of a card as (name, estimate), in reading order: one list for card.md and the report. */
export function cardEntries(e: CardEstimates): [string, Estimate][] {
  const entries: [string, Estimate][] = [
    ['sigma', e.sigma],
    ['S0', e.S0],
    ['dailyVolume', e.dailyVolume],
    ['halfSpread (epsilon)', e.halfSpread],
    ['uDepth', e.uDepth],
    ['volumeNoise', e.volumeNoise],
    ['eta', e.eta],
    ['beta', e.beta],
    ['gamma', e.gamma],
  ];
  for (const r of e.regimes ?? []) entries.push([`${r.name}: sigma`, r.sigma], [`${r.name}: volume multiplier`, r.volumeMultiplier]);
  return entries;
}

/** A card number: 4 significant digits, exponent form for the very large and very small. */
export function cardNumber(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}

/** An estimate's 95% interval as text, or its SE, or a dash. */
export function cardInterval(e: Estimate): string {
  if (e.ci95) return `[${cardNumber(e.ci95[0])}, ${cardNumber(e.ci95[1])}]`;
  return e.se !== undefined ? `± ${cardNumber(e.se)}` : '—';
}
