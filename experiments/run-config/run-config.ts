import { z } from 'zod';
import { agentConfigSchema } from '../../agents/registry.js';
import { TRAIN_SEED_SPACE } from '../../env/random/seeds.js';
import { envSpecSchema } from '../../env/spec/schema.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The market to train on: a registered id or spec file, or an inline spec, plus overrides. */
export const envRefSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('a registered env id (execgym envs) or a path to a JSON spec file'),
    spec: envSpecSchema.optional().describe('an inline env spec, instead of id'),
    overrides: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('fields replacing the base spec\'s (objects merge, arrays are replaced), e.g. {"action": {"type": "discrete", "levels": [0, 1, 2]}}'),
  })
  .superRefine((env, ctx) => {
    if ((env.id === undefined) === (env.spec === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of id and spec' });
  });

const seedRange = (what: string, seed: number, episodes: number) =>
  z.strictObject({
    seed: int(0, TRAIN_SEED_SPACE - 1).default(seed).describe(`first market seed of the ${what} episodes (episode i runs on seed + i)`),
    episodes: int(3, 10_000_000).default(episodes).describe(`number of ${what} episodes`),
  });

/**
 * Evaluation: the learning curve and checkpoint selection use the validation seeds; the final
 * numbers use the test seeds, evaluated once at the end and never selected on.
 */
export const evaluationSchema = z
  .strictObject({
    every: int(1, 1e12).default(50_000).describe('env steps between evaluations on the validation seeds (a learning-curve row each)'),
    validation: seedRange('validation', 1_000_000, 1000).prefault({}),
    test: seedRange('test', 0, 4000).prefault({}),
    select: z.enum(['best', 'last']).default('best').describe('final policy: the best on the validation seeds, or the last'),
    patience: int(1, 1e9).nullable().default(null).describe('early stopping: evaluations without a better validation objective before the run stops (null: never)'),
    transfer: z
      .strictObject({
        env: z.string().min(1).describe('a registered env id or spec file posing the same problem (e.g. the replay of the market a twin was calibrated to)'),
      })
      .optional()
      .describe('sim-to-real: also benchmark the selected policy against every baseline on this env (every test window of a replay once), with the training env\'s cost model, written to transfer/'),
  })
  .superRefine((e, ctx) => {
    for (const key of ['validation', 'test'] as const) {
      const end = e[key].seed + e[key].episodes;
      if (end > TRAIN_SEED_SPACE) ctx.addIssue({ code: 'custom', path: [key, 'seed'], message: `seeds must stay below ${TRAIN_SEED_SPACE} (the training seeds), got ${e[key].seed} + ${e[key].episodes} episodes` });
    }
    const v = e.validation;
    const t = e.test;
    if (v.seed < t.seed + t.episodes && t.seed < v.seed + v.episodes) {
      ctx.addIssue({ code: 'custom', path: ['validation', 'seed'], message: `validation seeds [${v.seed}, ${v.seed + v.episodes}) overlap the test seeds [${t.seed}, ${t.seed + t.episodes})` });
    }
  });

/** A training run, as written in experiments/configs/*.json. */
export const runConfigSchema = z.strictObject({
  $schema: z.string().optional().describe('path to config.schema.json, for editors'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, dot, dash or underscore')
    .describe('run name: the run directory is <output.dir>/<name>-seed<seed>'),
  description: z.string().optional(),
  seed: int(0, 1_000_000).default(0).describe('fixes weight initialisation, exploration, minibatch order and the training market seeds'),
  env: envRefSchema,
  agent: agentConfigSchema.describe('algorithm and hyperparameters (one of the registered algorithms, agents/registry.ts)'),
  train: z.strictObject({
    steps: int(1, 1e9).describe('training budget in env steps (rounded up to whole rollouts / episode rounds)'),
  }),
  evaluation: evaluationSchema.prefault({}),
  output: z
    .strictObject({
      dir: z.string().min(1).default('runs').describe('parent directory of run directories'),
    })
    .prefault({}),
});

/** A config as written (defaults may be missing). */
export type RunConfigInput = z.input<typeof runConfigSchema>;
/** A validated config with every default filled in: what a run records as config.json. */
export type RunConfig = z.output<typeof runConfigSchema>;
