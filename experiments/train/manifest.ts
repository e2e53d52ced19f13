import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../agents/common/backend.js';
import { WEIGHTS_FILE } from '../../agents/common/model-files.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { describeReplaySets } from '../../env/data/replay-sets.js';
import { trainingSeed, trainingSeedRule } from '../../env/random/seeds.js';
import { packageRoot } from '../../env/io/package-root.js';
import type { PolicySummary } from '../benchmark/summarize.js';
import type { RunConfig } from '../run-config/run-config.js';
import type { RunManifest, RunResult } from '../io/run-dir.js';
import type { LearningCheck } from './learning-check.js';
import type { TrainerState } from './trainer-state.js';

/** The version in a package.json, or null when it cannot be read. */
function readVersion(path: string): string | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

/** The file `import(name)` would load from this module (ESM resolution, else CommonJS), or null. */
function resolveEntry(name: string): string | null {
  try {
    return fileURLToPath(import.meta.resolve(name));
  } catch {
    // import.meta.resolve is missing under some loaders (vitest's); require's resolution agrees
    // for packages that also export a CommonJS entry.
    try {
      return createRequire(import.meta.url).resolve(name);
    } catch {
      return null;
    }
  }
}

/**
 * The version of package `name` as this module would load it: Node resolves the package's entry
 * from here (so a hoisted, nested or user-installed copy is found as the importing code finds it),
 * and the package.json that names it is looked for above that file. Null when it does not resolve
 * (an optional dependency not installed).
 */
export function loadedVersion(name: string): string | null {
  const file = resolveEntry(name);
  if (file === null) return null;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (!existsSync(path)) continue;
    try {
      if (JSON.parse(readFileSync(path, 'utf8')).name === name) return readVersion(path);
    } catch {
      return null;
    }
  }
  return null;
}

/** The package that provides each backend beyond the plain-JavaScript one of @tensorflow/tfjs. */
const BACKEND_PACKAGES: Readonly<Record<BackendName, string | null>> = {
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: null,
};

/**
 * Versions of node, execgym and the libraries that shape a run's numbers, as loaded: TensorFlow.js
 * as running, the package of the backend in use (only that one), seedrandom and zod.
 */
export function packageVersions(backend: BackendName): Record<string, string | null> {
  const root = packageRoot();
  const backendPackage = BACKEND_PACKAGES[backend];
  return {
    node: process.version,
    execgym: root ? readVersion(join(root, 'package.json')) : null,
    '@tensorflow/tfjs': tf.version.tfjs,
    ...(backendPackage ? { [backendPackage]: loadedVersion(backendPackage) } : {}),
    seedrandom: loadedVersion('seedrandom'),
    zod: loadedVersion('zod'),
  };
}

/** The git commit of the code, and whether the work tree had uncommitted changes (null outside execgym's own repository). */
export function gitState(): { commit: string; dirty: boolean } | null {
  const root = packageRoot();
  if (!root) return null;
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Installed under a user's project, execgym is not a repository of its own: the enclosing
    // repository's commit is not the code's.
    if (realpathSync(git('rev-parse', '--show-toplevel')) !== realpathSync(root)) return null;
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

export function startManifest(config: RunConfig, hash: string, backend: BackendName, env: CompiledEnv, references: RunManifest['references']): RunManifest {
  const record = {
    id: env.spec.id,
    features: env.features.map((f) => f.name),
    hiddenStateFeatures: env.features.filter((f) => f.hiddenState).map((f) => f.name),
    ...(env.params.replay ? { replayWindows: describeReplaySets(env.params.replay) } : {}),
  };
  return startManifestOf(config, hash, backend, record, references);
}

/** The starting manifest of a run on an env described by `env` (a portfolio run's, or a single-asset env's). */
export function startManifestOf(config: RunConfig, hash: string, backend: BackendName, env: RunManifest['env'], references: RunManifest['references']): RunManifest {
  return {
    name: config.name,
    createdAt: new Date().toISOString(),
    configHash: hash,
    seed: config.seed,
    seeds: seedSets(config),
    backend,
    versions: packageVersions(backend),
    git: gitState(),
    env,
    references,
  };
}

/** What a run's result takes from the agent's benchmark row: a single-asset summary's row, or a portfolio run's. */
export type AgentTestRow = Pick<PolicySummary, 'objectiveBps' | 'regretBps'> & { readonly vsAc: { readonly objectiveBps: NonNullable<PolicySummary['regretBps']> } | null };

/**
 * The result of a run that reached its end, from its final trainer state, the SHA-256 of each file
 * of the policy it selected (by name under policy/) and the agent's benchmark row (`acObjectiveBps`
 * is the reference of gap_to_ac_pct).
 */
export function runResult(config: RunConfig, state: TrainerState, policyFiles: Record<string, string>, agentRow: AgentTestRow | null, acObjectiveBps: number, learning: LearningCheck | null = null): RunResult {
  const select = config.evaluation.select;
  return {
    completed: true,
    envSteps: state.progress.envSteps,
    episodes: state.progress.episodes,
    updates: state.progress.updates,
    wallSeconds: state.wallSeconds,
    stoppedEarly: state.stoppedEarly,
    selected: { rule: select, envSteps: select === 'best' ? state.best?.envSteps : state.progress.envSteps, validationObjectiveBps: state.best?.objectiveBps },
    learning,
    weightsHash: policyFiles[WEIGHTS_FILE],
    policyFiles,
    test: agentRow && {
      episodes: config.evaluation.test.episodes,
      objectiveBps: agentRow.objectiveBps,
      vsAcObjectiveBps: agentRow.vsAc?.objectiveBps ?? null,
      regretBps: agentRow.regretBps,
      gapToAcPct: (100 * (agentRow.objectiveBps.mean - acObjectiveBps)) / acObjectiveBps,
    },
  };
}
