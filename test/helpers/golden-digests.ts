import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng } from '../../env/random/rng.js';
import { makeVector, registeredIds, type SpecOverrides } from '../../env/registry.js';
import { runBenchmark } from '../../experiments/benchmark/run-benchmark.js';
import { trainRun } from '../../experiments/train/train-run.js';
import { tempDir, tinyDqn, tinyPpo, tinyRppo } from './tiny-runs.js';

/**
 * SHA-256 digests of every output that matters, for the architecture issue's rule "behaviour is
 * unchanged bit for bit": raw vector-env trajectories of every registered env and of variants that
 * reach every impact model, action type and fill path; each registered env's benchmark of every
 * baseline (episodes.csv, trajectories.csv); one short training run per agent (learning curve
 * without its wall-clock column, and the selected policy's weights). test/golden/digests.json
 * holds the digests recorded before the refactor; GOLDEN_UPDATE=1 rewrites it (only for a
 * deliberate, documented change of behaviour).
 */

/** Env variants beyond the registered ids, so that every market path is pinned. */
export const STEP_VARIANTS: Record<string, { id: string; overrides: SpecOverrides }> = {
  'ac-linear-discrete': { id: 'ac-linear-v0', overrides: { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } } },
  'ac-power': { id: 'ac-linear-v0', overrides: { impact: { model: 'power', epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, beta: 0.6 } } },
  'regime-transient': { id: 'regime-v0', overrides: { impact: { model: 'transient', epsilon: 0.0625, eta: 1e-6, gamma: 2.5e-7, kappa: 2e-6, rho: 4 } } },
  'sqrt-volume-discrete': { id: 'sqrt-volume-v0', overrides: { action: { type: 'discrete', levels: [0, 1, 3] } } },
  'passive-discrete': { id: 'passive-ac-linear-v0', overrides: { action: { type: 'discrete', levels: [0, 0.5, 1, 2] } } },
};

function digest(parts: Iterable<ArrayBufferView | string>): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(typeof part === 'string' ? part : new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  return h.digest('hex');
}

/** Every array the vector env returns, over `steps` steps of seeded random actions on 4 lanes. */
export function stepDigest(id: string, overrides: SpecOverrides = {}, steps = 240): string {
  const env = makeVector(id, 4, overrides);
  const rng = makeRng(11, 'golden-actions');
  const parts: (ArrayBufferView | string)[] = [];
  const first = env.reset({ seed: 5 });
  parts.push(Float32Array.from(first.observation));
  let mask = first.info.actionMask;
  const space = env.singleActionSpace;
  for (let t = 0; t < steps; t++) {
    const actions: number[] = [];
    for (let i = 0; i < env.numEnvs; i++) {
      if (space.kind === 'discrete') actions.push(space.sample(rng, mask ? mask.subarray(i * space.n, (i + 1) * space.n) : undefined));
      else actions.push(...space.sample(rng));
    }
    const { observation, reward, terminated, info } = env.step(actions);
    parts.push(Float32Array.from(observation), Float64Array.from(reward), Uint8Array.from(terminated));
    for (const [key, value] of Object.entries(info).sort(([a], [b]) => a.localeCompare(b))) {
      if (ArrayBuffer.isView(value)) parts.push(key, Uint8Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) {
          if (ArrayBuffer.isView(v)) parts.push(`${key}.${k}`, Uint8Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
          else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) if (ArrayBuffer.isView(v2)) parts.push(`${key}.${k}.${k2}`, Uint8Array.from(new Uint8Array(v2.buffer, v2.byteOffset, v2.byteLength)));
        }
      }
    }
    mask = info.actionMask;
  }
  return digest(parts);
}

/** episodes.csv and trajectories.csv of every baseline on `id`, 24 episodes from seed 100. */
export async function benchmarkDigest(id: string): Promise<string> {
  const dir = tempDir();
  await runBenchmark({ env: id, policies: ['all'], episodes: 24, seed: 100, outDir: dir, trajectories: 2 });
  return digest(['episodes.csv', 'trajectories.csv'].map((f) => readFileSync(join(dir, f), 'utf8')));
}

/** A short training run per agent: the learning curve without its wall-clock column, the weights, the run's benchmark episodes. */
export async function trainDigest(agent: 'ppo' | 'dqn' | 'rppo'): Promise<string> {
  const runDir = join(tempDir(), 'run');
  const small = { train: { steps: 2400 }, evaluation: { every: 800, validation: { episodes: 50 }, test: { episodes: 50 } } };
  const config = agent === 'ppo' ? tinyPpo(small) : agent === 'rppo' ? tinyRppo(small) : tinyDqn(small, { learningStarts: 400 });
  await trainRun({ config, runDir, backend: 'cpu' });
  const curve = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trim().split('\n');
  const wall = curve[0].split(',').indexOf('wall_seconds');
  const curveWithoutWall = curve.map((line) => line.split(',').filter((_, j) => j !== wall).join(',')).join('\n');
  return digest([curveWithoutWall, readFileSync(join(runDir, 'policy', 'model.weights.bin')), readFileSync(join(runDir, 'benchmark', 'episodes.csv'), 'utf8')]);
}

/** Every digest, keyed by what it pins. */
export async function goldenDigests(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of registeredIds()) out[`step/${id}`] = stepDigest(id);
  for (const [name, v] of Object.entries(STEP_VARIANTS)) out[`step/${name}`] = stepDigest(v.id, v.overrides);
  for (const id of registeredIds()) out[`benchmark/${id}`] = await benchmarkDigest(id);
  for (const agent of ['ppo', 'dqn', 'rppo'] as const) out[`train/${agent}`] = await trainDigest(agent);
  return out;
}
