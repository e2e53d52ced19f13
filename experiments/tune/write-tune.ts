import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { writeCsvAtomic } from '../io/csv.js';
import { f2, interval } from '../benchmark/format-summary.js';
import type { TuneResult } from './tune.js';

/** The files a tuning run writes, by role: one home for their names. */
export const TUNE_FILES = { result: 'tune.json', candidates: 'candidates.csv', summary: 'tune.md' } as const;

/** The search and the selection as Markdown: what tune.md holds and the CLI prints to stderr. */
export function formatTuneMarkdown(r: TuneResult): string {
  const { training, validation } = r.seeds;
  const best = [...r.candidates].sort((a, b) => a.trainMeanBps - b.trainMeanBps)[0];
  return [
    `# Tuned baseline: ${r.family} on ${r.env}`,
    `${r.describe}. Method: ${r.method}. ${r.candidates.length} candidates (budget ${r.budget}) on training seeds ${training.seed}..${training.seed + training.episodes - 1}; finalists on validation seeds ${validation.seed}..${validation.seed + validation.episodes - 1}; test seeds never evaluated.`,
    `Parameters: ${r.dimensions.map((d) => `${d.name} in [${d.low}, ${d.high}] (${d.scale})`).join('; ')}. Best on the training seeds: \`${best.name}\` ${f2(best.trainMeanBps)} bps.`,
    [
      '| finalist | train objective | validation objective (se) | minus selected, paired on validation [95% CI] |',
      '| --- | ---: | ---: | ---: |',
      ...r.finalists.map((f) => `| ${f.name} | ${f2(f.trainMeanBps)} | ${f2(f.validationMeanBps)} (${f2(f.validationSeBps)}) | ${interval(f.vsSelectedBps)} |`),
    ].join('\n'),
    `Selected: \`${r.selected.name}\` (${r.selected.rule}): validation objective ${f2(r.selected.validationMeanBps)} bps.`,
  ].join('\n\n') + '\n';
}

/** Writes tune.json (everything), candidates.csv (one row per candidate scored) and tune.md into `dir`, each atomically. */
export function writeTune(dir: string, r: TuneResult): void {
  const rows = r.candidates.map((c, i) => ({ index: i, stage: c.stage, policy: c.name, ...Object.fromEntries(r.dimensions.map((d, j) => [d.name, c.values[j]])), train_objective_bps: c.trainMeanBps, train_se_bps: c.trainSeBps }));
  const columns = ['index', 'stage', 'policy', ...r.dimensions.map((d) => d.name), 'train_objective_bps', 'train_se_bps'].map((id) => ({ id, title: id }));
  writeCsvAtomic(join(dir, TUNE_FILES.candidates), columns as never, rows);
  writeJsonAtomic(join(dir, TUNE_FILES.result), r);
  writeFileAtomic(join(dir, TUNE_FILES.summary), formatTuneMarkdown(r));
}
