import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../experiments/run-config/run-config.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyDqn, tinyPpo, tinyRppo } from './helpers/tiny-runs.js';

/** The learning curve without its wall-clock column, and the final weights' hash. */
function outcome(runDir: string): { curve: string[]; weights: string } {
  const lines = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const wall = header.indexOf('wall_seconds');
  const curve = lines.map((line) => line.split(',').filter((_, j) => j !== wall).join(','));
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
  return { curve, weights: manifest.result.weightsHash };
}

async function uninterrupted(config: RunConfig): Promise<{ curve: string[]; weights: string }> {
  const runDir = join(tempDir(), 'run');
  await trainRun({ config, runDir, skipBenchmark: true });
  return outcome(runDir);
}

/** Stops the run at the first boundary at or after each of `stops`, then resumes it to the end. */
async function interrupted(config: RunConfig, stops: number[]): Promise<{ curve: string[]; weights: string }> {
  const runDir = join(tempDir(), 'run');
  for (const [i, stop] of stops.entries()) {
    const result = await trainRun({ config, runDir, resume: i > 0, stopAfterSteps: stop, skipBenchmark: true });
    expect(result.completed).toBe(false);
  }
  const final = await trainRun({ config, runDir, resume: true, skipBenchmark: true });
  expect(final.completed).toBe(true);
  return outcome(runDir);
}

// Short budgets: 6 PPO rollouts of 64 x 5 steps, 250 DQN rounds of 16 x 5 steps; rows every 640 / 1000 steps.
const ppo = tinyPpo({ train: { steps: 1920 }, evaluation: { every: 640, validation: { episodes: 50 }, test: { episodes: 50 } } });
const dqn = tinyDqn({ train: { steps: 4000 }, evaluation: { every: 1000, validation: { episodes: 50 }, test: { episodes: 50 } } }, { learningStarts: 500, nSteps: 2 });

describe('determinism and resume', () => {
  it('PPO: the same seed twice gives the same learning curve and weights bit for bit; another seed does not', async () => {
    const a = await uninterrupted(ppo);
    const b = await uninterrupted(ppo);
    expect(b).toEqual(a);
    expect(a.curve.length).toBe(5);
    const c = await uninterrupted({ ...ppo, seed: 1 });
    expect(c.curve.slice(1)).not.toEqual(a.curve.slice(1));
  });

  it('PPO: a run stopped between evaluations and resumed equals the uninterrupted run (no lost or repeated rows)', async () => {
    const reference = await uninterrupted(ppo);
    expect(await interrupted(ppo, [900])).toEqual(reference);
  });

  it('recurrent PPO: the same seed twice is bit for bit; a run stopped between evaluations (truncated BPTT chunks) and resumed equals the uninterrupted run', async () => {
    const rppo = tinyRppo({ train: ppo.train, evaluation: ppo.evaluation }, { seqLength: 5, episodesPerRollout: 2 });
    const reference = await uninterrupted(rppo);
    expect(await uninterrupted(rppo)).toEqual(reference);
    expect(await interrupted(rppo, [900])).toEqual(reference);
  });

  it('PPO and recurrent PPO in twin lanes (common random numbers): bit for bit twice and across a resume; twins change the training', async () => {
    const budget = { train: ppo.train, evaluation: ppo.evaluation };
    for (const configOf of [(pairLanes: boolean) => tinyPpo(budget, { pairLanes }), (pairLanes: boolean) => tinyRppo(budget, { seqLength: 5, episodesPerRollout: 2, pairLanes })]) {
      const config = configOf(true);
      const reference = await uninterrupted(config);
      expect(await uninterrupted(config)).toEqual(reference);
      expect(await interrupted(config, [900])).toEqual(reference);
      expect(reference.weights).not.toBe((await uninterrupted(configOf(false))).weights);
    }
  });

  it('DQN: a run stopped twice (between and at evaluations) and resumed equals the uninterrupted run', async () => {
    const reference = await uninterrupted(dqn);
    expect(reference.curve.length).toBe(6);
    expect(await interrupted(dqn, [1300, 2000])).toEqual(reference);
  });

  it('resume refuses a changed config and a run directory without a run; a new run refuses an occupied directory', async () => {
    const runDir = join(tempDir(), 'run');
    await expect(trainRun({ config: ppo, runDir, resume: true })).rejects.toThrow(/holds no run/);
    await trainRun({ config: ppo, runDir, stopAfterSteps: 600, skipBenchmark: true });
    await expect(trainRun({ config: { ...ppo, seed: 5 }, runDir, resume: true })).rejects.toThrow(/config differs/);
    await expect(trainRun({ config: ppo, runDir })).rejects.toThrow(/already holds a run: pass --resume/);
  });
});
