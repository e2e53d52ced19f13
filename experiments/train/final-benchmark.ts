import { cpSync, rmSync } from 'node:fs';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { fileHandler } from '../../agents/common/checkpoint.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import type { BenchmarkSummary } from '../benchmark/benchmark-summary.js';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';
import { runBenchmark } from '../benchmark/run-benchmark.js';
import type { RunConfig } from '../run-config/run-config.js';
import type { runPaths } from '../io/run-dir.js';

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
  return benchmarkPolicyOn(config, env, paths, config.evaluation.test, paths.benchmark, options);
}

/**
 * The sim-to-real half (config.evaluation.transfer): the same installed policy and every baseline
 * on the transfer env, writing `transfer/`. On a replay every test window plays once (seeds 0..,
 * one per window, the same windows for every policy); on a synthetic env, the config's test seeds.
 */
export async function benchmarkTransfer(
  config: RunConfig,
  transfer: CompiledEnv,
  paths: ReturnType<typeof runPaths>,
  options: { log: (line: string) => void; onProgress?: (event: ProgressEvent) => void },
): Promise<BenchmarkSummary> {
  const replay = transfer.params.replay;
  const seeds = replay ? { seed: 0, episodes: replay.sets.test.length } : config.evaluation.test;
  return benchmarkPolicyOn(config, transfer, paths, seeds, paths.transfer, options);
}

async function benchmarkPolicyOn(
  config: RunConfig,
  env: CompiledEnv,
  paths: ReturnType<typeof runPaths>,
  seeds: { seed: number; episodes: number },
  outDir: string,
  options: { log: (line: string) => void; onProgress?: (event: ProgressEvent) => void },
): Promise<BenchmarkSummary> {
  const model = await loadAgentModel(fileHandler(paths.policy));
  const policy = agentPolicy(model, config.name, env);
  options.log(`benchmarking ${config.name} against the baselines on ${env.spec.id}: ${seeds.episodes} test episodes (seeds ${seeds.seed}..)`);
  return runBenchmark({ env, policies: ['all', policy], episodes: seeds.episodes, seed: seeds.seed, outDir, onProgress: options.onProgress });
}
