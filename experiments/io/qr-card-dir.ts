/**
 * The files of a queue-reactive card directory (`execgym lob calibrate --out`): their names, and a
 * reader that checks card.json with a zod schema of every field the simulator uses, so a damaged
 * card is a one-line error naming the file and the field, not a simulation of nonsense.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../../env/errors/errors.js';
import { qrParamsFromCard, type QrCard } from '../../env/lob/flow/qr-card.js';
import type { QrParams } from '../../env/lob/flow/queue-reactive.js';
import { readJsonWith } from './parse-file.js';

/** The files of a queue-reactive card directory. */
export function qrCardPaths(dir: string) {
  return { card: join(dir, 'card.json'), cardMd: join(dir, 'card.md') };
}

const count = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();
const price = z.number().int().positive();
const level = z.tuple([price, positiveInt]);
const sizes = z.array(z.tuple([positiveInt, positiveInt])).min(1);

/** card.json: what the simulator reads is checked; the rest is kept as written. */
export const qrCardSchema = z.looseObject({
  kind: z.literal('lob-qr'),
  symbol: z.string().regex(/^[A-Za-z0-9.^-]+$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  spans: z
    .array(z.looseObject({ from: z.number().nonnegative(), to: z.number().positive() }))
    .min(1)
    .refine((s) => s.every((x, i) => x.from < x.to && (i === 0 || x.from > s[i - 1].to)), 'must be sorted, non-empty and disjoint (from < to, each after the last)'),
  layout: z.looseObject({
    tickE4: positiveInt,
    levels: positiveInt.max(200),
    maxInside: positiveInt.max(1000),
    maxSpread: positiveInt.max(1000),
    maxBehind: positiveInt.max(1000),
    queueEdges: z.array(positiveInt).min(1).max(64).refine((e) => e[0] === 1 && e.every((x, i) => i === 0 || x > e[i - 1]), 'must start at 1 and increase'),
  }),
  intensities: z.array(
    z.looseObject({
      cell: z.enum(['inside', 'touch', 'behind']),
      key: positiveInt,
      queue: count,
      event: z.enum(['limit', 'cancel', 'market']),
      n: count,
      exposureSeconds: z.number().positive().finite(),
      rate: z.number().nonnegative().finite(),
    }),
  ),
  sizes: z.looseObject({ limit: sizes, market: sizes }),
  initialBook: z.looseObject({ bids: z.array(level).min(1), asks: z.array(level).min(1) }),
  hawkes: z.looseObject({ baseScale: z.number().positive().finite(), alphaSame: z.number().nonnegative().finite(), alphaCross: z.number().nonnegative().finite(), beta: z.number().positive().finite() }).optional(),
});

/**
 * card.json of a queue-reactive card directory, checked.
 * @throws UserError naming the file and the field when it is missing, not JSON or damaged
 */
export function readQrCard(dir: string): QrCard {
  return readJsonWith(qrCardSchema, qrCardPaths(dir).card, 'queue-reactive card') as unknown as QrCard;
}

/**
 * The model's parameters from a card directory.
 * @throws UserError naming the file and the entry when the card does not hold together
 */
export function readQrParams(dir: string): { card: QrCard; params: QrParams } {
  const card = readQrCard(dir);
  return { card, params: checkedQrParams(card, qrCardPaths(dir).card) };
}

/**
 * The model's parameters from a card already checked by {@link qrCardSchema}, after the checks a
 * schema cannot make: the initial book sorted and uncrossed, every cell inside the layout.
 * @param file the card's file, for messages
 * @param selfExcitation with the card's Hawkes kernel on the market orders
 * @throws UserError naming the file and the entry
 */
export function checkedQrParams(card: QrCard, file: string, selfExcitation = false): QrParams {
  const where = `queue-reactive card ${JSON.stringify(file)}`;
  const { bids, asks } = card.initialBook;
  bids.forEach(([p], k) => {
    if (k > 0 && p >= bids[k - 1][0]) throw new UserError(`${where}: initialBook.bids must be best first (prices falling), got ${p} after ${bids[k - 1][0]}`);
  });
  asks.forEach(([p], k) => {
    if (k > 0 && p <= asks[k - 1][0]) throw new UserError(`${where}: initialBook.asks must be best first (prices rising), got ${p} after ${asks[k - 1][0]}`);
  });
  if (bids[0][0] >= asks[0][0]) throw new UserError(`${where}: initialBook is crossed (best bid ${bids[0][0]} >= best ask ${asks[0][0]})`);
  try {
    return qrParamsFromCard(card, { selfExcitation });
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`${where}: ${error.message}`);
    throw error;
  }
}
