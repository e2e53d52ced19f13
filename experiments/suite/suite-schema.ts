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
});

export const suitesSchema = z.record(z.string(), suiteSchema);
export type Suite = z.output<typeof suiteSchema>;
