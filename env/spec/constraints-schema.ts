import { z } from 'zod';

/*
 * The execution constraints' section of a spec (issue 23 part 2), validated at the edge like every
 * field. Only the schemas live here: what each constraint does in the step is in
 * env/market/constraints.ts, halts.ts and price-limits.ts (kept apart so that the spec does not
 * import the market's runtime, which imports the spec's types).
 */

export const haltsSchema = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('scheduled').describe('halts on known steps (e.g. a scheduled auction or news embargo): deterministic, so the static programme and the DPs respect them'),
    steps: z.array(z.number().int().min(0)).min(1).describe('the halted steps k (0-based, each below N - 1: the last step is never halted)'),
  }),
  z.strictObject({
    model: z.literal('markov').describe('a seeded on/off Markov chain per episode, drawn from its own stream (the market path is the same with and without halts): trading at step 0, then after each step P(trading -> halted) = rate and P(halted -> halted) = persistence'),
    rate: z.number().min(0).max(1).describe('probability that a trading step is followed by a halted one'),
    persistence: z.number().min(0).lt(1).describe('probability that a halted step is followed by another halted one: a halt lasts 1 / (1 - persistence) steps on average'),
  }),
  z.strictObject({
    model: z.literal('recorded').describe("a replay's recorded halts (LOBSTER message type 7: halted from a -1 until the next 1): a step that touches one is halted; the last step never is. Needs price.model replay"),
  }),
]);

export type HaltsSpec = z.output<typeof haltsSchema>;

/** The spec's issues: a scheduled halt at or after the last step, recorded halts without a replay. */
export function haltsIssues(spec: HaltsSpec, N: number, priceModel: string, issue: (path: (string | number)[], message: string) => void): void {
  if (spec.model === 'recorded' && priceModel !== 'replay') issue(['constraints', 'halts', 'model'], `recorded halts come from replayed data: they need price.model replay, got ${priceModel}`);
  if (spec.model !== 'scheduled') return;
  spec.steps.forEach((k, i) => {
    if (k >= N - 1) issue(['constraints', 'halts', 'steps', i], `halted steps must be below N - 1 = ${N - 1} (the last step liquidates), got ${k}`);
  });
}

export const priceLimitsSchema = z.strictObject({
  band: z.number().gt(0).max(10000).describe('half-width of the band in bps of the reference price: a sell executes at no price below reference * (1 - band / 1e4), a buy at none above reference * (1 + band / 1e4)'),
  reference: z
    .enum(['arrival', 'last'])
    .describe("arrival: the band is fixed around the arrival price S_0 (the price can move out of it, and then the step trades nothing); last: around the price at the decision S_k (F_k - side P_k, the price the observation shows), so only the order's own cost is limited"),
});

export type PriceLimitsSpec = z.output<typeof priceLimitsSchema>;

export const constraintsSchema = z.strictObject({
  participation: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe("participation cap rho_max: a step trades at most rho_max times the step's FORECAST market volume E[V_k] (public before the step: the volume profile the env's volume_ratio feature is measured against), not the realised volume, which is unknown when the order is sent"),
  lot: z.number().positive().optional().describe('round lot (shares): every trade but the final liquidation is a whole number of lots, rounded down'),
  minOrder: z.number().positive().optional().describe('minimum order size (shares): a smaller trade is not sent (0), unless it sells all that is left'),
  halts: haltsSchema.optional().describe('trading halts: steps in which the trade is refused (nothing executes, the shares stay in inventory) while the price moves; public (the observation gains a halted column)'),
  limits: priceLimitsSchema.optional().describe('price limits: no execution beyond a band around the arrival or the last price; a trade that would print outside is clipped to what executes inside'),
});

export type ConstraintsSpec = z.output<typeof constraintsSchema>;
