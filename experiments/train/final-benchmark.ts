import { cpSync, rmSync } from 'node:fs';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { fileHandler, loadAgentModel } from '../../agents/common/checkpoint.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';
import { runBenchmark } from '../benchmark/run-benchmark.js';
import type { RunConfig } from '../config/run-config.js';
import type { runPaths } from './run-dir.js';

/**
 * Installs the final policy as `policy/`: the best on the validation seeds or the last, as
 * `config.evaluation.select` says. The test seeds play no part in the choice.
 */
export function installSelectedPolicy(config: RunConfig, paths: ReturnType<typeof runPaths>): void {
  const selected = config.evaluation.select === 'best' ? paths.best : paths.last;
  rmSync(paths.policy, { recursive: true, force: true });
  cpSync(selected, paths.policy, { recursive: true });
}

/**
 * Benchmarks the installed policy against every baseline on the test seeds, once, writing
 * `benchmark/` (episodes.csv, summary.json, summary.md).
 */
export async function benchmarkFinalPolicy(
  config: RunConfig,
  env: CompiledEnv,
  paths: ReturnType<typeof runPaths>,
  options: { log: (line: string) => void; onProgress?: (event: ProgressEvent) => void },
): Promise<BenchmarkSummary> {
  const model = await loadAgentModel(fileHandler(paths.policy));
  const policy = agentPolicy(model, config.name, env);
  const test = config.evaluation.test;
  options.log(`benchmarking ${config.name} against the baselines on ${test.episodes} test episodes (seeds ${test.seed}..)`);
  return runBenchmark({ env, policies: ['all', policy], episodes: test.episodes, seed: test.seed, outDir: paths.benchmark, onProgress: options.onProgress });
}
