import { basename, relative } from 'node:path';
import { learningCurveChart, referencesNear, type CurvePoint } from './charts/learning-curve.chart.js';
import type { Table } from './html-page.js';
import { learnedVerdict } from '../train/learned-verdict.js';
import { referencesFromManifest } from '../train/reference-lines.js';
import type { PendingSection } from './benchmark-section.js';
import type { RunDir, SweepDir } from './load-dirs.js';
import { curveObjectives, readRunConfigJson } from '../io/run-dir.js';

/** One run's curve (no band: a single seed has no spread across seeds to show). */
function runCurve(run: RunDir): CurvePoint[] {
  return curveObjectives(run.curve).map(({ envSteps, objectiveBps }) => ({ setting: run.name, envSteps, objectiveBps, lowBps: objectiveBps, highBps: objectiveBps }));
}

/** What a learning-curve section says instead of a chart when there is no evaluation to draw (an empty chart's axes would be NaN). */
const NO_ROWS = 'No learning-curve row has an evaluation objective yet: there is no curve to draw.';

export function runLearningSection(run: RunDir, slug: string): PendingSection {
  const hidden = run.manifest.env.hiddenStateFeatures;
  const notes = [`Evaluation objective (IS + risk penalty, bps) on the validation seeds at each evaluation, one seed; lower is better.`];
  if (hidden.length > 0) notes.push(`The agent observed hidden state (regimeInfo: oracle): ${hidden.join(', ')}.`);
  const points = runCurve(run);
  if (points.length === 0) notes.push(NO_ROWS);
  const { near, far } = referencesNear(points, referencesFromManifest(run.manifest.references));
  if (far.length > 0) notes.push(`Off the chart's axis, so that the learned range shows: ${far.map((r) => `${r.label} ${r.objectiveBps.toFixed(2)} bps`).join(', ')}.`);
  const result = run.manifest.result;
  const selected = result?.selected.envSteps !== undefined && result.selected.validationObjectiveBps !== undefined ? { envSteps: result.selected.envSteps, objectiveBps: result.selected.validationObjectiveBps } : undefined;
  const verdict = result && learnedVerdict(run.curve, result);
  if (verdict) notes.push(`${run.name} ${verdict.sentence}.`);
  return {
    title: `Learning curve: ${run.name} (${run.dir})`,
    notes,
    charts: points.length === 0 ? [] : [{ name: `${slug}-learning-curve`, caption: `Learning curve of ${run.name}${selected ? `; diamond: the selected policy (${result!.selected.rule} on the validation seeds)` : ''}; dashed: the AC and TWAP objectives (exact on linear markets, else their means on the validation seeds) where they fall near the curve.`, spec: learningCurveChart(`Learning curve: ${run.name}`, points, near, selected) }],
    tables: [hyperparameterTable(run)],
  };
}

/** The run's config as field = value rows (agent, training budget, evaluation): what a reader needs to judge the curve. */
function hyperparameterTable(run: RunDir): Table {
  const config = readRunConfigJson(run.dir) as Record<string, unknown>;
  const rows: string[][] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    else rows.push([prefix, JSON.stringify(value)]);
  };
  for (const key of ['seed', 'env', 'agent', 'train', 'evaluation']) if (key in config) walk(key, config[key]);
  return { caption: `Hyperparameters of ${run.name} (config.json)`, header: ['field', 'value'], rows };
}

export function sweepLearningSection(sweep: SweepDir, slug: string): PendingSection {
  // A sweep of one setting is one config: name it rather than 'base'.
  const label = (setting: string) => (setting === 'base' ? basename(sweep.dir) : setting);
  const points: CurvePoint[] = sweep.aggregate.settings.flatMap((s) =>
    s.curve.map((c) => ({ setting: label(s.setting), envSteps: c.envSteps, objectiveBps: c.objectiveBps, lowBps: c.lowBps, highBps: c.highBps })),
  );
  const references = sweep.aggregate.settings[0]?.references ?? [];
  const seeds = sweep.aggregate.settings.map((s) => `${label(s.setting)}: ${s.seeds.length} seed${s.seeds.length === 1 ? '' : 's'}`).join('; ');
  // Each run's learning check, so that a seed that kept its untrained policy says so here too.
  const verdicts = sweep.runs.flatMap((run) => {
    const verdict = run.manifest.result && learnedVerdict(run.curve, run.manifest.result);
    return verdict ? [`${relative(sweep.dir, run.dir)}: ${verdict.sentence}.`] : [];
  });
  return {
    title: `Sweep: ${sweep.dir}`,
    notes: [`Mean evaluation objective across seeds with a 95% t-interval band (${seeds}).`, ...verdicts, ...(points.length === 0 ? [NO_ROWS] : [])],
    charts: points.length === 0 ? [] : [{ name: `${slug}-learning-curves`, caption: 'Learning curves across seeds: mean and 95% band per setting; dashed: the AC and TWAP objectives where they fall near the curves.', spec: learningCurveChart('Learning curves across seeds', points, referencesNear(points, references).near) }],
    tables: [],
  };
}
