import { z } from 'zod';

const positive = (what: string) => z.number().positive().describe(what);
const nonNegative = (what: string) => z.number().nonnegative().describe(what);
const matrix = (what: string) => z.array(z.array(z.number().refine(Number.isFinite, 'must be finite'))).describe(what);

/** One name of the programme: which way it trades and how much. */
export const portfolioAssetSchema = z.strictObject({
  symbol: z.string().min(1).describe('ticker, for reports'),
  side: z.enum(['sell', 'buy']).describe('sell: liquidate a long holding; buy: acquire (holdings x start at -shares and rise to 0)'),
  shares: positive('shares to trade'),
  S0: positive('arrival price ($/share)'),
  epsilon: nonNegative('fixed cost ($/share): half the spread plus fees, paid on every share either way'),
  dailyVolume: positive('expected market volume (shares/day), for VWAP and the observation'),
});

/**
 * A portfolio execution env (issue 24): m names traded together over N steps under Almgren &
 * Chriss (2000), appendix A, in execgym's discrete conventions. Matrices are m x m in the order of
 * `assets`; the cross-field checks (sizes, symmetry, definiteness) are in env/portfolio/params.ts.
 */
export const portfolioSpecSchema = z.strictObject({
  id: z.string().min(1).describe('registry id'),
  kind: z.literal('portfolio').describe('marks a portfolio spec (several names, cross-impact)'),
  description: z.string().default(''),
  horizon: z.strictObject({
    T: positive('horizon (days)'),
    N: z.number().int().min(1).max(10_000).describe('decision steps'),
  }),
  assets: z.array(portfolioAssetSchema).min(1).max(50).describe('the names, in the order of the matrices'),
  covariance: matrix('Sigma: covariance of the price changes ($^2/share^2 per day), symmetric positive semi-definite'),
  permanentImpact: matrix('Gamma: permanent cross-impact ($/share per share): trading n moves the unaffected prices by -Gamma n'),
  temporaryImpact: matrix('H: temporary cross-impact ($/share per share/day): the execution prices are S - epsilon∘sgn(n) - H n / tau; its symmetric part must be positive definite'),
  riskAversion: nonNegative('lambda (1/$): the running risk penalty lambda tau x_k\' Sigma x_k per step'),
  volumeProfile: z.strictObject({ uDepth: nonNegative('u-shape of intraday volume: u(s) proportional to 1 + uDepth (2s - 1)^2').max(1e6).default(2) }).prefault({}),
  action: z
    .strictObject({
      aMax: positive('largest multiplier of the even split of what remains, per name').default(4),
      mode: z.enum(['strict', 'clip', 'squash']).default('strict').describe('strict: out-of-range actions are errors; clip: clipped into [0, aMax]; squash: any real u maps to aMax * sigmoid(u)'),
    })
    .prefault({}),
  source: z.string().optional().describe('where the parameters came from (a calibration card)'),
});

export type PortfolioSpec = z.infer<typeof portfolioSpecSchema>;
export type PortfolioSpecInput = z.input<typeof portfolioSpecSchema>;
export type PortfolioAsset = PortfolioSpec['assets'][number];
