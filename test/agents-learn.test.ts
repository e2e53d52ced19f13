import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../experiments/io/read-csv.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyDqn, tinyPpo } from './helpers/tiny-runs.js';

/** TWAP's exact objective on the tiny problem: 12.5 (fixed) + 25 (permanent) + 95 (temporary) bps. */
const TWAP_BPS = 132.5;

function curve(runDir: string) {
  return readCsv(join(runDir, 'learning_curve.csv')).map((row) => ({ steps: Number(row.env_steps), objective: Number(row.eval_objective_bps_mean) }));
}

describe('agents learn the tiny execution problem within a CI-sized budget', () => {
  it('PPO: from a front-loading initial policy to within 3% of the optimum (TWAP) on the validation seeds', async () => {
    const runDir = join(tempDir(), 'ppo');
    const result = await trainRun({ config: tinyPpo(), runDir, skipBenchmark: true });
    const rows = curve(runDir);
    const first = rows[0];
    const best = Math.min(...rows.map((r) => r.objective));
    expect(first.steps).toBe(0);
    expect(first.objective).toBeGreaterThan(TWAP_BPS * 1.2);
    expect(best).toBeLessThan(TWAP_BPS * 1.03);
    expect(result.completed).toBe(true);
  });

  it('DQN: from a random Q-function to within 3% of the optimum (TWAP) on the validation seeds', async () => {
    const runDir = join(tempDir(), 'dqn');
    await trainRun({ config: tinyDqn(), runDir, skipBenchmark: true });
    const rows = curve(runDir);
    const best = Math.min(...rows.map((r) => r.objective));
    expect(rows[0].objective).toBeGreaterThan(TWAP_BPS * 1.2);
    expect(best).toBeLessThan(TWAP_BPS * 1.03);
  });

  it('a run records its seeds, backend, hashes and hidden-state features in the manifest', async () => {
    const runDir = join(tempDir(), 'ppo');
    await trainRun({ config: tinyPpo({ train: { steps: 640 } }), runDir });
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.seeds.validation).toMatchObject({ seed: 1_000_000, episodes: 200 });
    expect(manifest.seeds.test).toMatchObject({ seed: 0, episodes: 200 });
    expect(manifest.seeds.training.first).toBe(1e9);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(manifest.backend);
    expect(manifest.versions['@tensorflow/tfjs']).toMatch(/^4\./);
    expect(manifest.env.hiddenStateFeatures).toEqual([]);
    expect(manifest.result.weightsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.result.test.episodes).toBe(200);
    const summary = JSON.parse(readFileSync(join(runDir, 'benchmark', 'summary.json'), 'utf8'));
    expect(summary.policies.map((p: { policy: string }) => p.policy)).toEqual(expect.arrayContaining(['ac', 'twap', 'tiny-ppo']));
    expect(summary.seed).toBe(0);
  });
});
