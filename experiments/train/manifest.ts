import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../agents/common/backend.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { trainingSeed, trainingSeedRule } from '../../env/seeds.js';
import type { PolicySummary } from '../benchmark/summarize.js';
import type { RunConfig } from '../config/run-config.js';
import type { Interval } from '../stats/paired.js';
import type { SampleStats } from '../stats/sample-stats.js';
import type { TrainerState } from './trainer-state.js';

/** The execgym package root (where package.json is), from source or from dist/. */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const path = join(dir, 'package.json');
    if (existsSync(path) && JSON.parse(readFileSync(path, 'utf8')).name === 'execgym') return dir;
    dir = dirname(dir);
  }
  return null;
}

function readVersion(path: string): string | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** Versions of node, execgym and the libraries that shape a run's numbers. */
export function packageVersions(): Record<string, string | null> {
  const root = packageRoot();
  const dep = (name: string) => (root ? readVersion(join(root, 'node_modules', name, 'package.json')) : null);
  return {
    node: process.version,
    execgym: root ? readVersion(join(root, 'package.json')) : null,
    '@tensorflow/tfjs': tf.version.tfjs,
    '@tensorflow/tfjs-backend-wasm': dep('@tensorflow/tfjs-backend-wasm'),
    '@tensorflow/tfjs-node': dep('@tensorflow/tfjs-node'),
    seedrandom: dep('seedrandom'),
    zod: dep('zod'),
  };
}

/** The git commit of the code, and whether the work tree had uncommitted changes (null outside git). */
export function gitState(): { commit: string; dirty: boolean } | null {
  const root = packageRoot();
  if (!root) return null;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--untracked-files=no') !== '' };
  } catch {
    return null;
  }
}

/** The three disjoint seed sets of a run, as recorded in its manifest. */
export function seedSets(config: RunConfig) {
  const lanes = config.agent.numEnvs;
  return {
    training: { first: trainingSeed(config.seed, 0, lanes), perRound: lanes, rule: trainingSeedRule(config.seed, lanes) },
    validation: { ...config.evaluation.validation, use: 'learning curve, checkpoint selection, early stopping' },
    test: { ...config.evaluation.test, use: 'final benchmark only' },
  };
}

/** What a run records about itself when it starts (completed by `result` at the end). */
export interface RunManifest {
  readonly name: string;
  readonly createdAt: string;
  readonly configHash: string;
  readonly seed: number;
  readonly seeds: ReturnType<typeof seedSets>;
  readonly backend: BackendName;
  readonly versions: Record<string, string | null>;
  readonly git: { commit: string; dirty: boolean } | null;
  readonly env: { readonly id: string; readonly features: string[]; readonly hiddenStateFeatures: string[] };
  /** Reference objectives (bps) and where they come from (see references.ts). */
  readonly references: Readonly<Record<string, number | string | null>>;
  readonly result?: RunResult;
}

export function startManifest(config: RunConfig, hash: string, backend: BackendName, env: CompiledEnv, references: RunManifest['references']): RunManifest {
  return {
    name: config.name,
    createdAt: new Date().toISOString(),
    configHash: hash,
    seed: config.seed,
    seeds: seedSets(config),
    backend,
    versions: packageVersions(),
    git: gitState(),
    env: {
      id: env.spec.id,
      features: env.features.map((f) => f.name),
      hiddenStateFeatures: env.features.filter((f) => f.hiddenState).map((f) => f.name),
    },
    references,
  };
}

/** What a completed run records in its manifest: how far it went, the policy selected and its test result. */
export interface RunResult {
  readonly completed: true;
  readonly envSteps: number;
  readonly episodes: number;
  readonly updates: number;
  readonly wallSeconds: number;
  readonly stoppedEarly: boolean;
  /** The final policy: the rule, when it was reached and its validation objective (best so far). */
  readonly selected: { readonly rule: 'best' | 'last'; readonly envSteps: number | undefined; readonly validationObjectiveBps: number | undefined };
  /** SHA-256 of the final policy's weights (see weightsHash). */
  readonly weightsHash: string;
  /** The agent's row of the final benchmark on the test seeds (null when the benchmark was skipped). */
  readonly test: {
    readonly episodes: number;
    readonly objectiveBps: SampleStats;
    readonly vsAcObjectiveBps: Interval | null;
    readonly regretBps: Interval | null;
    readonly gapToAcPct: number;
  } | null;
}

/**
 * The result of a run that reached its end, from its final trainer state, the hash of the policy
 * it selected and the agent's benchmark row (`acObjectiveBps` is the reference of gap_to_ac_pct).
 */
export function runResult(config: RunConfig, state: TrainerState, weightsHash: string, agentRow: PolicySummary | null, acObjectiveBps: number): RunResult {
  const select = config.evaluation.select;
  return {
    completed: true,
    envSteps: state.progress.envSteps,
    episodes: state.progress.episodes,
    updates: state.progress.updates,
    wallSeconds: state.wallSeconds,
    stoppedEarly: state.stoppedEarly,
    selected: { rule: select, envSteps: select === 'best' ? state.best?.envSteps : state.progress.envSteps, validationObjectiveBps: state.best?.objectiveBps },
    weightsHash,
    test: agentRow && {
      episodes: config.evaluation.test.episodes,
      objectiveBps: agentRow.objectiveBps,
      vsAcObjectiveBps: agentRow.vsAc?.objectiveBps ?? null,
      regretBps: agentRow.regretBps,
      gapToAcPct: (100 * (agentRow.objectiveBps.mean - acObjectiveBps)) / acObjectiveBps,
    },
  };
}
