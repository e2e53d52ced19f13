/**
 * `execgym/experiments`: the benchmark harness (every policy on the same seeded market paths,
 * paired statistics), its statistics, run configs, training runs, reproduction and `run:<dir>`
 * policies. Importing this loads TensorFlow.js (through the training harness).
 * @example
 * import { registerRunPolicy, runBenchmark } from 'execgym/experiments';
 * registerRunPolicy(); // lets `run:<dir>` name a trained agent
 * const summary = await runBenchmark({ env: 'ac-linear-v0', policies: ['twap', 'ac', 'run:runs/ppo'], episodes: 1000, seed: 0 });
 */
export { runBenchmark, summarizeBenchmark, compileEnvArg, type BenchmarkOptions } from './benchmark/run-benchmark.js';
export type { BenchmarkSummary } from './benchmark/benchmark-summary.js';
export { evaluatePolicies, type ProgressEvent, type Evaluation } from './benchmark/evaluate-policies.js';
export { formatSummaryMarkdown } from './benchmark/format-summary.js';
export { type PolicySummary, type CostDistribution } from './benchmark/summarize.js';
export { runFrontier, defaultLambdas, type FrontierOptions, type FrontierResult, type FrontierPoint as FrontierPlanePoint } from './benchmark/frontier.js';
export { sampleStats, type SampleStats } from './stats/sample-stats.js';
export { quantileSorted } from './stats/quantiles.js';
export { cvarSorted } from './stats/cvar.js';
export { pairedDifference, meanInterval, type Interval } from './stats/paired.js';
export { controlVariateMean, type ControlVariateEstimate } from './stats/control-variate.js';
export { runConfigSchema, type RunConfig, type RunConfigInput } from './run-config/run-config.js';
export { loadConfig, configHash } from './run-config/load-config.js';
export { trainRun, type TrainRunOptions, type TrainRunResult, type TrainProgressEvent } from './train/train-run.js';
export type { RunManifest, RunResult } from './io/run-dir.js';
export { reproduceRun, type ReproduceReport } from './train/reproduce.js';
export { loadRunPolicy } from './train/run-policy.js';
export { registerRunPolicy } from './train/register-run-policy.js';
