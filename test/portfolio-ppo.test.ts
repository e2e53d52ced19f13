import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileHandler } from '../agents/common/checkpoint.js';
import { portfolioAgentPolicy } from '../agents/common/portfolio-agent-policy.js';
import { loadAgentModel } from '../agents/load-agent-model.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { resolveRunMarket } from '../experiments/run-config/resolve-env.js';
import { trainRun } from '../experiments/train/train-run.js';
import { PortfolioVectorEnv } from '../env/portfolio/portfolio-vector-env.js';
import { resolvePortfolio } from '../env/portfolio/registry.js';
import { tempDir } from './helpers/tiny-runs.js';
import { threeNameSpec, tinyPortfolioPpo } from './helpers/tiny-portfolio.js';
import { ROUNDING_BPS } from '../experiments/stats/paired.js';

/** The learning curve without its wall-clock column, and the final weights' hash. */
function outcome(runDir: string): { curve: string[]; weights: string } {
  const lines = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trim().split('\n');
  const wall = lines[0].split(',').indexOf('wall_seconds');
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
  return { curve: lines.map((line) => line.split(',').filter((_, j) => j !== wall).join(',')), weights: manifest.result.weightsHash };
}

describe('PPO on a portfolio env (issue 24)', () => {
  it('a run config resolves a portfolio env id to its market, and a portfolio env takes no overrides', () => {
    const env = resolveRunMarket({ id: 'portfolio-ac-v0', overrides: {} });
    expect('kind' in env && env.params.m).toBe(4);
    expect(() => resolveRunMarket({ id: 'portfolio-ac-v0', overrides: { riskAversion: 0 } })).toThrow(/^config\.env\.overrides: a portfolio env \(portfolio-ac-v0\) takes no overrides/);
  });

  it('with m = 3 it trains, records the learning check, benchmarks against the joint optimum and per-asset AC, and its policy writes 3 numbers per lane', async () => {
    const envPath = threeNameSpec();
    const runDir = join(tempDir(), 'run');
    const result = await trainRun({ config: tinyPortfolioPpo(envPath), runDir });
    expect(result.completed).toBe(true);
    const curve = readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trim().split('\n');
    expect(curve).toHaveLength(5); // the header and rows at 0, 320, 640, 960 env steps
    const header = curve[0].split(',');
    const last = curve[4].split(',');
    for (const column of ['eval_objective_bps_mean', 'vs_ac_bps_mean', 'regret_bps_mean', 'log_std']) expect(Number.isFinite(Number(last[header.indexOf(column)]))).toBe(true);
    const benchmark = result.portfolio!;
    expect(benchmark.rows.map((r) => r.policy)).toEqual(['optimal', 'ac-per-asset', 'twap', 'vwap', 'tiny-portfolio-ppo']);
    expect(result.manifest.result?.test?.regretBps?.mean).toBe(benchmark.agent.regretBps.mean);
    // The joint optimum is exact: nothing beats it beyond noise on the same paths.
    expect(benchmark.agent.regretBps.high).toBeGreaterThan(0);
    expect(readFileSync(join(runDir, 'benchmark', 'portfolio-summary.md'), 'utf8')).toMatch(/minus ac-per-asset, paired/);
    // The learning check of single-asset runs (issue 19): the selected checkpoint against its own step-0 policy on the 40 validation episodes.
    const learning = result.manifest.result!.learning!;
    expect(learning.selectedEnvSteps).toBe(result.manifest.result!.selected.envSteps);
    expect(learning.vsInitialBps.n).toBe(40);
    expect(learning.learned).toBe(learning.selectedEnvSteps > 0 && learning.vsInitialBps.high < -ROUNDING_BPS);

    const p = resolvePortfolio(envPath).params;
    const policy = portfolioAgentPolicy(await loadAgentModel(fileHandler(join(runDir, 'policy'))), 'agent', p);
    const vec = new PortfolioVectorEnv(p, 5);
    vec.reset({ seed: 3 });
    const actions = new Float64Array(5 * 3).fill(Number.NaN);
    policy.act(vec.policyInput, actions);
    expect(actions.every((a) => a >= 0 && a <= p.action.aMax)).toBe(true);
    expect(new Set(Array.from(actions.subarray(0, 3))).size).toBeGreaterThan(1);
    expect(() => vec.step(actions)).not.toThrow();
  });

  it('with m = 3 a run stopped between evaluations and resumed equals the uninterrupted run bit for bit', async () => {
    const config = tinyPortfolioPpo(threeNameSpec());
    const straight = join(tempDir(), 'run');
    await trainRun({ config, runDir: straight, skipBenchmark: true });
    const resumed = join(tempDir(), 'run');
    expect((await trainRun({ config, runDir: resumed, stopAfterSteps: 400, skipBenchmark: true })).completed).toBe(false);
    expect((await trainRun({ config, runDir: resumed, resume: true, skipBenchmark: true })).completed).toBe(true);
    expect(outcome(resumed)).toEqual(outcome(straight));
  });

  it('DQN is refused on a portfolio env with a one-line error naming the agents that can train there', async () => {
    const config = runConfigSchema.parse({ name: 'x', env: { id: 'portfolio-ac-v0' }, agent: { type: 'dqn' }, train: { steps: 1000 } });
    await expect(trainRun({ config, runDir: join(tempDir(), 'run') })).rejects.toThrow(/^config\.agent\.type: dqn cannot train on the portfolio env portfolio-ac-v0 .*agents that can: ppo$/);
  });
});
