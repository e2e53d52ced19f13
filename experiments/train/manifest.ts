import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../agents/common/backend.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { TRAIN_SEED_SPACE, type RunConfig } from '../config/run-config.js';

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

/** Market seed of lane 0 in training round r: lane i uses this + i (disjoint from evaluation seeds). */
export function trainingSeed(config: RunConfig, round: number): number {
  return TRAIN_SEED_SPACE * (config.seed + 1) + round * config.agent.numEnvs;
}

/** The three disjoint seed sets of a run, as recorded in its manifest. */
export function seedSets(config: RunConfig) {
  const start = trainingSeed(config, 0);
  return {
    training: { first: start, perRound: config.agent.numEnvs, rule: `round r, lane i: market seed ${start} + r * ${config.agent.numEnvs} + i` },
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
  readonly references: Record<string, number | null>;
  readonly result?: unknown;
}

export function startManifest(config: RunConfig, hash: string, backend: BackendName, env: CompiledEnv, references: Record<string, number | null>): RunManifest {
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
