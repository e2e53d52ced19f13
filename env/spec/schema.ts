import { z } from 'zod';
import { bookFormatNames } from '../data/formats.js';
import { priceModels, priceSchemas } from '../market/price/price-models.js';
import type { replayDataSchema } from '../market/price/replay.js';
import { impactModels, impactSchemas } from '../market/impact/impact-models.js';
import { MAX_STEPS, scaleIssues, Z_MAX } from './bounds.js';
import { constraintsSchema, haltsIssues } from './constraints-schema.js';
import { shippedFlowNames } from '../market/qr-fills/shipped-flows.js';

const positive = (what: string) => z.number().positive().describe(what);
const nonNegative = (what: string) => z.number().nonnegative().describe(what);

/** Temporary, permanent and transient impact models (env/market/impact/): `eta`'s units depend on the model. */
export const impactSchema = z.discriminatedUnion('model', impactSchemas);

export const regimeSchema = z.strictObject({
  name: z.string().min(1).describe('label, e.g. calm / volatile / illiquid'),
  sigma: positive('volatility in this regime ($/share/day^0.5); default: price.sigma').optional(),
  epsilon: nonNegative('fixed cost in this regime; default: impact.epsilon').optional(),
  eta: positive('temporary impact in this regime; default: impact.eta').optional(),
  gamma: nonNegative('permanent impact in this regime; default: impact.gamma').optional(),
  volumeMultiplier: positive('market volume multiplier in this regime').default(1),
});

export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('box'),
    aMax: positive('largest multiplier of the even split of what remains').default(4),
    mode: z
      .enum(['strict', 'clip', 'squash'])
      .default('strict')
      .describe('strict: out-of-range actions are errors; clip: clipped into [0, aMax]; squash: any real u maps to aMax * sigmoid(u)'),
  }),
  z.strictObject({
    type: z.literal('discrete'),
    levels: z
      .array(z.number().nonnegative())
      .min(2)
      .describe('multipliers of the even split, ascending, e.g. [0, 0.5, 1, 2, 4]'),
  }),
]);

export const volumeSchema = z.strictObject({
  daily: positive('expected market volume per day (shares)').default(5e6),
  profile: z.union([z.enum(['u-shape', 'flat']), z.array(z.number().positive()).min(2).refine((w) => Math.abs(w.reduce((a, b) => a + b, 0) - 1) <= 1e-6, 'shares must sum to 1')]).default('u-shape').describe("intraday shape of expected volume: u-shape, flat, or each equal part of the day's share of its volume (a profile read from data by execgym calibrate)"),
  uDepth: nonNegative('u-shape: u(s) proportional to 1 + uDepth * (2s - 1)^2, s the fraction of the day').max(1e6).default(2),
  noise: nonNegative('standard deviation of the lognormal volume noise (mean 1)').max(5).default(0.25),
});

export { replayDataSchema } from '../market/price/replay.js';

/** The exogenous price models (env/market/price/). */
export const priceSchema = z.discriminatedUnion('model', priceSchemas);

/**
 * Passive execution: the env accepts limit orders besides market orders. Each step the action says
 * how much to trade (the multiplier `a`, as in a taker env), which fraction of it to post as a
 * limit order, and how many ticks behind the touch (0: at the touch, the best ask of a sell).
 * A limit order rests for the step; its fills pay no half-spread and no temporary impact, earn the
 * distance delta = epsilon_r + offset * tick from the mid, and move the price permanently like any
 * trade. What is unfilled at the step's end is cancelled (back to inventory) or crossed; whatever
 * is left at the horizon is crossed (the last step posts nothing).
 */
/** The fields the book and qr fill models share: market orders beyond the book, latencies, the observation's imbalance. */
const bookFills = {
  depthPenaltyTicks: nonNegative('market-order shares the book cannot take (its side emptied) execute at the last price reached worsened by this many ticks').max(1000).default(5),
  latency: z
    .strictObject({
      entrySeconds: nonNegative('order-entry latency (s): our orders, re-sizes and cancels reach the book this long after the decision').max(3600).default(0),
      feedSeconds: nonNegative('market-data latency (s): the book features show the book as it was this long before the decision').max(3600).default(0),
    })
    .prefault({})
    .describe('constant latencies (hftbacktest\'s ConstantLatency); each must be shorter than a step'),
  imbalanceLevels: z.number().int().min(1).max(10).default(3).describe('the observation\'s book imbalance over the best 1, 2, ..., imbalanceLevels levels'),
};

export const fillModelSchema = z.discriminatedUnion('model', [
  z.strictObject({
    model: z
      .literal('intensity')
      .describe('Avellaneda–Stoikov fills: market orders reach a resting order at distance delta from the mid H ~ Poisson(Lambda) times a step, each taking clip shares; Lambda = A exp(-k delta) tau (V_k / (volume.daily tau)) exp(alpha side z - alpha^2 / 2)'),
    A: nonNegative('arrival rate of market orders that reach the mid (delta = 0) on a step of average volume, per day').max(1e9),
    k: nonNegative('decay of the intensity with the distance delta from the mid (1/$)').max(1e6),
    alpha: nonNegative('adverse selection: intensities scale by exp(alpha side z - alpha^2 / 2), z the step\'s standardised price shock, so fills concentrate on steps where the price moves against the resting order; the mean intensity is unchanged').max(5).default(0),
    clip: positive('shares each arriving market order takes from the resting order: a step fills min(posted, clip H), so the mean passive capacity is clip * Lambda shares'),
  }),
  z.strictObject({
    model: z
      .literal('queue')
      .describe(
        'queue-position replay of the recorded LOBSTER book (price.model replay, data.format lobster, one file): the limit order joins the back of the recorded queue at its price and fills when recorded executions (or trades through its price) exceed the shares ahead, cancellations ahead advancing it in proportion; market orders walk the recorded levels; offsets are whole ticks of the recorded book ($0.01) and impact.epsilon and eta are not used. The recorded book does not react to our orders.',
      ),
    depthPenaltyTicks: nonNegative('market orders larger than the recorded levels: the shares they cannot take execute at the deepest recorded price worsened by this many ticks').max(1000).default(5),
  }),
  z.strictObject({
    model: z
      .literal('book')
      .describe(
        'our orders in the LOBSTER message replay (env/lob/, issue 20; price.model replay, data.format lobster, one file): each lane replays the recorded messages through its own price-time-priority book with our orders in it. A limit order takes its exact FIFO place and fills only when recorded executions reach it through the queue; it rests across steps (the next action re-sizes it in place or re-prices it, see env/market/lob-fills/); market orders walk the book and remove the liquidity they take. The recorded traders do not react to our orders.',
      ),
    ...bookFills,
  }),
  z.strictObject({
    model: z
      .literal('qr')
      .describe(
        'our orders in a generated order flow that reacts to them (issue 21; price.model replay, data.format lobster, one file): each episode starts from the recorded book one feed latency before its window\'s first decision, and from then on a queue-reactive model (env/lob/flow/, the card `flow`) draws every limit order, cancel and market order of the others in each lane\'s own price-time-priority book, from a stream of the episode\'s seed. Our orders count in the queues that set its intensities; our market orders move the book and the flow refills it. Order handling and observation as the book model; the price is the lane\'s own book\'s mid.',
      ),
    flow: z.enum(shippedFlowNames).describe('the shipped queue-reactive card the flow is drawn from (env/specs/lob-qr/, fitted by execgym lob calibrate)'),
    ...bookFills,
  }),
]);

export const executionSchema = z.strictObject({
  tick: positive('tick size ($/share): limit offsets are whole (Discrete) or fractional (Box) ticks behind the touch').default(0.01),
  offsets: z.array(z.number().min(0).max(1e6)).min(1).default([0, 1, 2, 5]).describe('Discrete actions: the offsets in ticks behind the touch, ascending; Box actions: the offset is continuous in [0, the largest]'),
  fractions: z.array(z.number().min(0).max(1)).min(1).default([0, 0.5, 1]).describe('Discrete actions: the fractions of the step\'s trade posted as a limit order, ascending'),
  fills: fillModelSchema,
  unfilled: z
    .enum(['cancel', 'cross'])
    .default('cancel')
    .describe("cancel: unfilled limit shares go back to inventory at the step's end; cross: they join the step's market order at its price (a fill-or-cross order; it ignores the move within the step, which favours the agent when alpha > 0)"),
});

export const regimeInfoSchema = z
  .enum(['hidden', 'oracle', 'belief', 'shuffled'])
  .describe('hidden: none; oracle: one-hot of the true regime (hidden state!); belief: Hamilton-filter probabilities; shuffled: one-hot of an independent chain (control)');

const envSpecBase = z.strictObject({
    id: z.string().min(1).describe('registry id, e.g. ac-linear-v0'),
    description: z.string().optional(),
    horizon: z.strictObject({
      T: positive('horizon in trading days'),
      N: z.number().int().min(1).max(MAX_STEPS).describe('number of decision steps; tau = T / N'),
    }),
    order: z.strictObject({
      side: z.enum(['sell', 'buy']),
      shares: positive('order size X (shares)'),
    }),
    price: priceSchema,
    impact: impactSchema,
    riskAversion: nonNegative('lambda (1/$): weight of the variance in the objective'),
    volume: volumeSchema.prefault({}),
    regimes: z.array(regimeSchema).min(1).optional(),
    transition: z.array(z.array(z.number().min(0).max(1))).optional().describe('per-step Markov transition matrix, rows sum to 1'),
    initial: z.array(z.number().min(0).max(1)).optional().describe('distribution of the first regime; default: stationary'),
    regimeInfo: regimeInfoSchema.default('hidden'),
    action: actionSchema.prefault({ type: 'box' }),
    execution: executionSchema.optional().describe('limit orders and their fill model; absent: a taker env (market orders only)'),
    constraints: constraintsSchema.optional().describe('desk execution constraints enforced in the step (participation cap on the forecast volume, round lot, minimum order, trading halts, price limits); absent: none'),
    observation: z
      .strictObject({
        volHalfLife: positive('half-life (steps) of the realised-volatility EWMA').default(3),
      })
      .prefault({}),
  });

export const envSpecSchema = envSpecBase
  .superRefine((spec, ctx) => {
    for (const issue of scaleIssues(marketScale(spec), scalePaths(spec))) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    const K = spec.regimes?.length ?? 1;
    const rowsOk = (rows: number[][] | undefined, name: string) => {
      if (!rows) return;
      if (rows.length !== K || rows.some((row) => row.length !== K)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `must be a ${K}x${K} matrix (one row and column per regime)` });
        return;
      }
      rows.forEach((row, i) => {
        const sum = row.reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 1e-9) ctx.addIssue({ code: 'custom', path: [name, i], message: `row must sum to 1, got ${sum}` });
      });
    };
    rowsOk(spec.transition, 'transition');
    if (spec.price.model === 'replay' && spec.regimes && spec.regimes.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['regimes'], message: 'a replay market takes its regimes from the data: give one regime or none' });
    }
    if (priceModels[spec.price.model].latent && spec.regimes && spec.regimes.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['regimes'], message: `price.model ${spec.price.model} carries its own latent state: give one regime or none` });
    }
    if (spec.regimes && spec.regimes.length > 1 && !spec.transition) {
      ctx.addIssue({ code: 'custom', path: ['transition'], message: `is required with ${K} regimes` });
    }
    if (spec.initial) {
      const sum = spec.initial.reduce((a, b) => a + b, 0);
      if (spec.initial.length !== K) ctx.addIssue({ code: 'custom', path: ['initial'], message: `must have ${K} entries, got ${spec.initial.length}` });
      else if (Math.abs(sum - 1) > 1e-9) ctx.addIssue({ code: 'custom', path: ['initial'], message: `must sum to 1, got ${sum}` });
    }
    if (spec.action.type === 'discrete') {
      const levels = spec.action.levels;
      for (let i = 1; i < levels.length; i++) {
        if (!(levels[i] > levels[i - 1])) {
          ctx.addIssue({ code: 'custom', path: ['action', 'levels', i], message: `levels must be strictly ascending, got ${levels[i - 1]} then ${levels[i]}` });
        }
      }
    }
    if (spec.constraints && spec.execution) ctx.addIssue({ code: 'custom', path: ['constraints'], message: 'execution constraints apply to market orders: a passive env (execution block) does not take them yet' });
    if (spec.constraints?.lot && Math.abs(spec.order.shares / spec.constraints.lot - Math.round(spec.order.shares / spec.constraints.lot)) > 1e-9) ctx.addIssue({ code: 'custom', path: ['constraints', 'lot'], message: `order.shares must be a whole number of lots, got ${spec.order.shares} shares and lot ${spec.constraints.lot}` });
    if (spec.constraints?.halts) haltsIssues(spec.constraints.halts, spec.horizon.N, spec.price.model, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    if (spec.execution) executionIssues(spec, spec.execution, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    const tau = spec.horizon.T / spec.horizon.N;
    impactModels[spec.impact.model].specIssues?.(spec.impact, { tau, regimes: spec.regimes }, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
  });

type SpecShape = z.output<typeof envSpecBase>;

/** The price models whose path the step draws (not recorded). */
function simulatedPriceModels(): string[] {
  return Object.values(priceModels).filter((m) => m.nextFundamental).map((m) => m.name);
}

function executionIssues(spec: SpecShape, execution: z.output<typeof executionSchema>, issue: (path: (string | number)[], message: string) => void): void {
  const model = execution.fills.model;
  if ((model === 'book' || model === 'qr') && execution.unfilled === 'cross') issue(['execution', 'unfilled'], `the ${model} fill model keeps unfilled limit shares resting into the next step (the next action re-sizes or cancels them): unfilled must be 'cancel', got 'cross'`);
  if (model === 'queue' || model === 'book' || model === 'qr') queueIssues(spec, model, issue);
  else if (!priceModels[spec.price.model].nextFundamental) issue(['execution', 'fills', 'model'], `the intensity fill model needs a simulated price (${simulatedPriceModels().join(' or ')}): it reads the step's price shock`);
  for (const key of ['offsets', 'fractions'] as const) {
    const grid = execution[key];
    for (let i = 1; i < grid.length; i++) {
      if (!(grid[i] > grid[i - 1])) issue(['execution', key, i], `${key} must be strictly ascending, got ${grid[i - 1]} then ${grid[i]}`);
    }
  }
  if (spec.action.type === 'discrete') {
    const count = spec.action.levels.length * execution.fractions.length * execution.offsets.length;
    if (count > MAX_PASSIVE_ACTIONS) {
      issue(['execution', 'offsets'], `a Discrete passive grid has levels x fractions x offsets actions, at most ${MAX_PASSIVE_ACTIONS}: ${spec.action.levels.length} x ${execution.fractions.length} x ${execution.offsets.length} = ${count}`);
    }
  }
}

/**
 * Most actions a Discrete passive grid may have. Every step writes each lane's mask over the whole
 * grid (and a DQN head has one output per action), so time grows as episodes x actions: measured on
 * this project's 2-core machine (issue 26), a 2,000-episode twap benchmark takes 6.8 s at 10,000
 * actions and 68 s at 100,000 (329 MB), so the default 10,000 episodes would take minutes beyond the
 * cap, and 1000 x 1000 x 1000 levels would ask a gigabyte of mask per lane.
 */
export const MAX_PASSIVE_ACTIONS = 10_000;

/**
 * The queue and book fill models replay one recorded LOBSTER book whose traders do not react to
 * our orders: no simulated own price impact on top of it (gamma 0, no transient displacement, no
 * regimes of impact); the book model's own impact is the liquidity its market orders take.
 */
function queueIssues(spec: SpecShape, model: 'queue' | 'book' | 'qr', issue: (path: (string | number)[], message: string) => void): void {
  const where = ['execution', 'fills', 'model'];
  if (spec.price.model !== 'replay' || !bookFormatNames.includes(spec.price.data.format) || spec.price.data.files.length !== 1) {
    issue(where, `the ${model} fill model ${model === 'qr' ? 'starts its episodes from' : 'replays'} one recorded book: it needs price.model replay with data.format ${bookFormatNames.join(' or ')} and one file, got price.model ${spec.price.model}${spec.price.model === 'replay' ? ` (format ${spec.price.data.format}, ${spec.price.data.files.length} files)` : ''}`);
  }
  if (spec.impact.model !== 'linear' || spec.impact.gamma !== 0) {
    issue(['impact'], `the ${model} fill model ${model === 'qr' ? 'prices every order in its own book' : `replays a book ${model === 'queue' ? 'that does not react to our orders' : 'whose traders do not react to our orders'}`}: impact must be linear with gamma 0 (its epsilon and eta are not used), got ${spec.impact.model} with gamma ${spec.impact.gamma}`);
  }
  if (spec.regimes) issue(['regimes'], `the ${model} fill model replays one recorded market: regimes are not allowed`);
}

/** The largest coefficient of any regime (regimes inherit the market's where they give none). */
function largest(spec: SpecShape, key: 'sigma' | 'epsilon' | 'eta' | 'gamma'): number {
  const base = key === 'sigma' ? spec.price.sigma : spec.impact[key];
  return Math.max(base, ...(spec.regimes ?? []).map((r) => r[key] ?? base));
}

/** The field a worst-case term is reported at: the regime's own value when it is the largest. */
function fieldOf(spec: SpecShape, key: 'sigma' | 'epsilon' | 'eta' | 'gamma', top: (string | number)[]): (string | number)[] {
  const i = (spec.regimes ?? []).findIndex((r) => r[key] !== undefined && r[key] === largest(spec, key));
  return i >= 0 ? ['regimes', i, key] : top;
}

function scalePaths(spec: SpecShape): Record<string, (string | number)[]> {
  return {
    shares: ['order', 'shares'],
    epsilon: fieldOf(spec, 'epsilon', ['impact', 'epsilon']),
    eta: fieldOf(spec, 'eta', ['impact', impactModels[spec.impact.model].worstField]),
    gamma: fieldOf(spec, 'gamma', ['impact', 'gamma']),
    sigma: fieldOf(spec, 'sigma', ['price', 'sigma']),
    lambda: ['riskAversion'],
  };
}

function marketScale(spec: SpecShape) {
  const { T, N } = spec.horizon;
  const multipliers = (spec.regimes ?? [{ volumeMultiplier: 1 }]).map((r) => r.volumeMultiplier ?? 1);
  const v = spec.volume;
  // The thinnest step: the u-shape's trough, the smallest regime multiplier, a 40-sigma low draw.
  const trough = v.profile === 'flat' ? 1 : 1 / (1 + v.uDepth / 3);
  const minStepVolume = v.daily * (T / N) * Math.min(trough, 1) * Math.min(...multipliers) * Math.exp(-40 * v.noise - (v.noise * v.noise) / 2);
  const eta = largest(spec, 'eta');
  const sigma = largest(spec, 'sigma');
  return {
    X: spec.order.shares,
    S0: spec.price.S0,
    T,
    N,
    worstMove: priceModels[spec.price.model].worstMove({ S0: spec.price.S0, sigma, T, zMax: Z_MAX }),
    sigma,
    epsilon: largest(spec, 'epsilon'),
    eta,
    gamma: largest(spec, 'gamma'),
    lambda: spec.riskAversion,
    worstTemporaryPerShare: impactModels[spec.impact.model].worstPerShare(spec.impact, { eta, sigma, X: spec.order.shares, tau: T / N, minStepVolume, dailyVolume: v.daily }),
    aMax: spec.action.type === 'box' ? spec.action.aMax : Math.max(...spec.action.levels),
  };
}

/** An env spec as written in JSON (defaults may be missing). */
export type EnvSpecInput = z.input<typeof envSpecSchema>;
/** A validated env spec with every default filled in. */
export type EnvSpec = z.output<typeof envSpecSchema>;
export type ImpactSpec = EnvSpec['impact'];
/** The limit-order section of a passive env's spec. */
export type ExecutionSpec = z.output<typeof executionSchema>;
export type RegimeInfo = EnvSpec['regimeInfo'];
/** The recorded data of a `replay` price model. */
export type ReplayDataSpec = z.output<typeof replayDataSchema>;
/** The price section of a spec whose model is `replay`. */
export type ReplayPriceSpec = Extract<EnvSpec['price'], { model: 'replay' }>;
