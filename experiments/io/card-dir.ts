/**
 * The files of a market card directory (`execgym calibrate --out`): their names, and a reader
 * that checks card.json with a zod schema of every field the report draws, so that a damaged card
 * is a one-line error naming the file and the field instead of a crash in a chart.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { MarketCard } from '../calibrate/market-card.js';
import { readJsonWith } from './parse-file.js';

/** The files of a market card directory. */
export function cardPaths(dir: string) {
  return { card: join(dir, 'card.json'), cardMd: join(dir, 'card.md'), spec: join(dir, 'spec.json'), twin: join(dir, 'twin.json') };
}

const num = z.number();
const pair = z.tuple([num, num]);
const estimate = z.looseObject({ value: num, unit: z.string(), method: z.string(), n: num, se: num.optional(), ci95: pair.optional(), kind: z.enum(['estimate', 'prior']) });
const maybeEstimate = estimate.optional();
const points = z.array(z.looseObject({}));

/** card.json: the fields the report reads are checked; the rest is kept as written. */
export const marketCardSchema = z.looseObject({
  symbol: z.string(),
  impactModel: z.string(),
  source: z.looseObject({ format: z.string(), files: z.array(z.looseObject({ name: z.string() })).min(1) }),
  sample: z.looseObject({ dates: z.looseObject({ from: z.string() }), rowsRead: num, barsUsed: num }),
  step: z.looseObject({ seconds: num.positive() }),
  estimates: z.looseObject({
    sigma: estimate,
    S0: estimate,
    dailyVolume: estimate,
    halfSpread: estimate,
    uDepth: estimate,
    volumeNoise: estimate,
    eta: maybeEstimate,
    beta: maybeEstimate,
    gamma: maybeEstimate,
    regimes: z.array(z.looseObject({ name: z.string(), sigma: estimate, volumeMultiplier: estimate })).optional(),
  }),
  diagnostics: z.looseObject({
    volumeProfile: z.looseObject({ data: z.array(num), fitted: z.array(num) }),
    signature: z.looseObject({ points, chosenSeconds: num }),
    impactCurve: z.looseObject({ points, c: num, beta: num }).nullable().optional(),
    regimes: z.looseObject({ K: z.number().int().positive(), intervalSeconds: num, names: z.array(z.string()), posterior: z.array(z.array(num)) }).nullable().optional(),
    heldOut: z.looseObject({
      split: z.string(),
      steps: points,
      sigmaRatio: z.looseObject({ value: num, ci95: pair }),
      volumeShareMae: num,
      meanShare: num,
      volumeTotalRatio: num,
      logVolumeRmse: num,
      fittedNoise: num,
      notDone: z.string(),
    }),
  }),
});

/** Whether `dir` holds a market card. */
export function hasCard(dir: string): boolean {
  return existsSync(cardPaths(dir).card);
}

/**
 * card.json of a market card directory, checked (the schema's fields; the type is the writer's).
 * @throws UserError naming the file and the field when it is missing, empty, not JSON or damaged
 */
export function readCard(dir: string): MarketCard {
  return readJsonWith(marketCardSchema, cardPaths(dir).card, 'market card') as unknown as MarketCard;
}
