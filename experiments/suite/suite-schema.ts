import { z } from 'zod';

/** One suite of experiments/suite/suites.json. */
export const suiteSchema = z.strictObject({
  description: z.string(),
  benchmarks: z.array(z.strictObject({ env: z.string().min(1), episodes: z.number().int().min(3) })),
  trainings: z.array(
    z.strictObject({
      config: z.string().min(1).describe('path of a run config, relative to the package root'),
      seeds: z.string().describe('as --seeds of execgym sweep'),
      set: z.array(z.string()).describe('as --set of execgym sweep, e.g. train.steps=200000'),
    }),
  ),
  pooledDaySplits: z
    .array(z.strictObject({ name: z.string().min(1), configs: z.array(z.string().min(1)).min(2).describe('the config names (one per direction) whose transfers are pooled') }))
    .default([])
    .describe('day-split sim-to-real directions pooled into one symbol-day-clustered interval (docs/day-split.md)'),
  capacity: z
    .array(z.strictObject({ env: z.string().min(1), episodes: z.number().int().min(2) }))
    .default([])
    .describe('passive envs whose conclusions are re-read at fill capacity ×0.25, ×0.5, ×1, ×2 (docs/fill-capacity.md)'),
  lobFacts: z
    .strictObject({ impactSeeds: z.number().int().min(2) })
    .optional()
    .describe('results/lob-facts.{json,md}: stylised facts of the generated AMZN flow next to the data (fitted and held-out parts) and meta-order impact against size, impactSeeds seeds per size (experiments/lob/lob-facts.ts)'),
});

export const suitesSchema = z.record(z.string(), suiteSchema);
export type Suite = z.output<typeof suiteSchema>;
