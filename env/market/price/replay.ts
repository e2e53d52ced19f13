import { z } from 'zod';
import { dataFormatNames, dataFormats } from '../../data/formats.js';
import type { PriceModel } from './price-model.js';

const positive = (what: string) => z.number().positive().describe(what);

/** Recorded market data a `replay` price model replays (read by env/data/load-market-data.ts). */
export const replayDataSchema = z.strictObject({
  format: z.enum(dataFormatNames).describe(dataFormatNames.map((name) => `${name}: ${dataFormats[name].description}`).join('; ')),
  files: z
    .array(z.string().min(1))
    .min(1)
    .describe('data files; a path starting with samples/ is one of the files shipped in env/data/samples/'),
  symbols: z.array(z.string().min(1)).min(1).optional().describe('replay only these symbols; default: all in the files'),
  barSeconds: positive('formats of events or prints (lobster, trades): bar length they are aggregated to (s)').default(10),
  timeZone: z.string().min(1).default('UTC').describe('bars: the clock of the timestamps'),
});

const schema = z.strictObject({
  model: z.literal('replay').describe('the exogenous price and market volume replay recorded data; own impact is simulated on top'),
  S0: positive('price every window is scaled to start at ($/share): replayed prices are S0 * P(t) / P(t_start)'),
  sigma: positive('reference volatility ($/share/day^0.5): the risk penalty and the price features use it'),
  data: replayDataSchema,
  split: z
    .strictObject({
      validation: z.number().gt(0).lt(1).default(0.2).describe('fraction of the windows replayed on validation seeds'),
      test: z.number().gt(0).lt(1).default(0.2).describe('fraction of the windows replayed on test seeds; the rest are training windows'),
      seed: z.number().int().min(0).default(0).describe('seed of the shuffle that assigns windows to the three sets'),
    })
    .prefault({}),
});

/**
 * The recorded price: F_k is the data's reference price of window w at step k, scaled to start at
 * S0 (the replay table, MarketParams.replay); nothing is drawn, and no expected cost is known.
 */
export const replay = {
  name: 'replay' as const,
  schema,
  nextFundamental: null,
  volatilityScale: () => 1,
  // Moves are recorded in $ (not scaled by the price level), with sigma the reference volatility;
  // whether a solver applies to a recorded path is its own check (it knows no expected cost).
  martingale: false,
  arithmetic: true,
  // sigma is the reference volatility: the bound is the arithmetic one at that scale.
  worstMove: (m) => m.zMax * m.sigma * Math.sqrt(m.T),
} satisfies PriceModel<typeof schema>;
