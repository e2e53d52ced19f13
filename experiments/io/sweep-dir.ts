/**
 * The files of a sweep directory (`execgym sweep --out`): aggregate.json and aggregate.md, each
 * setting's config.json, and the run directories `<setting>/seed-<n>` (run-dir.ts). The reader
 * checks aggregate.json with a zod schema of the fields the report draws.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonWith } from './parse-file.js';

/** aggregate.json of a sweep directory. */
export function sweepAggregatePath(dir: string): string {
  return join(dir, 'aggregate.json');
}

/** The files of a sweep directory. */
export function sweepPaths(dir: string) {
  return {
    aggregate: sweepAggregatePath(dir),
    aggregateMd: join(dir, 'aggregate.md'),
    /** The validated config of a setting, which its runs train with `--seed`. */
    settingConfig: (setting: string) => join(dir, setting, 'config.json'),
  };
}

/** The small files of a sweep that results/ commits. */
export const SWEEP_SUMMARY_FILES = ['aggregate.json', 'aggregate.md'] as const;

const num = z.number();

/** aggregate.json: the fields the report reads are checked; the rest is kept as written. */
export const sweepAggregateFileSchema = z.looseObject({
  runs: z.array(z.string().min(1)).default([]),
  settings: z.array(
    z.looseObject({
      setting: z.string(),
      seeds: z.array(z.number().int()),
      curve: z.array(z.object({ envSteps: num, objectiveBps: num, lowBps: num, highBps: num, n: num })),
      references: z.array(z.object({ label: z.string(), objectiveBps: num })),
    }),
  ),
});

/**
 * aggregate.json of a sweep, checked.
 * @throws UserError naming the file and field when it is missing, empty, not JSON or damaged
 */
export function readSweepAggregate(dir: string) {
  return readJsonWith(sweepAggregateFileSchema, sweepAggregatePath(dir), 'sweep aggregate');
}
