import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import regimeV0 from '../env/specs/regime-v0.json' with { type: 'json' };
import { MAX_BELIEF_DP_STEPS } from '../env/analytics/belief-dp.js';
import { runCli } from './helpers/run-cli.js';

describe('execgym optimal and ac --env on non-linear markets', () => {
  it('optimal --json on transient-v0 gives the exact static optimum with every field the issue names', () => {
    const { code, stdout } = runCli(['optimal', '--env', 'transient-v0', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ method: 'quadratic-programme', exact: true, adaptive: false, oracle: false });
    expect(out.objectiveBps).toBeCloseTo(203.97, 2);
    expect(out.expectedCostBps + out.riskPenaltyBps).toBeCloseTo(out.objectiveBps, 9);
    expect(out.holdings).toHaveLength(21);
    expect(out.trades).toHaveLength(20);
    expect(out.acObjectiveBps).toBeCloseTo(206.54, 2);
  });

  it('optimal on regime-v0 says the DP is adaptive and an oracle', () => {
    const { code, stdout } = runCli(['optimal', '--env', 'regime-v0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/regime-dp \(adaptive.*ORACLE/);
    expect(stdout).toMatch(/366\.85 bps/);
    expect(stdout).toMatch(/the best policy that does not read the regime \(belief-optimal\): E\[IS \+ risk penalty\] = 425\.95 bps, by the belief DP/);
  });

  it('optimal --json on regime-v0 keeps the oracle fields and adds the non-oracle optimum with its method and resolution', () => {
    const { code, stdout } = runCli(['optimal', '--env', 'regime-v0', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ method: 'regime-dp', exact: true, oracle: true });
    expect(out.objectiveBps).toBeCloseTo(366.85, 2);
    expect(out.nonOracle).toMatchObject({ policy: 'belief-optimal', method: 'belief-dp', exact: false, gridResolution: 96, quadratureStep: 0.25 });
    expect(out.nonOracle.objectiveBps).toBeCloseTo(425.95, 2);
  });

  it('optimal with an unknown env is a one-line error with exit code 2', () => {
    const { code, stderr } = runCli(['optimal', '--env', 'nope-v0']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown id "nope-v0"/);
  });

  it('ac --env transient-v0 says it is the linearised schedule and prints the env\'s exact 206.54 next to the predicted 170.50', () => {
    const { code, stdout } = runCli(['ac', '--env', 'transient-v0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/linearised AC schedule/);
    expect(stdout).toMatch(/AC prediction 170\.50; the env's exact expected objective of this schedule 206\.54/);
  });
});

describe('execgym optimal at sizes the solvers refuse (issue 26)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'execgym-optimal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const specAt = (N: number) => {
    const path = join(dir, `regime-${N}.json`);
    writeFileSync(path, JSON.stringify({ ...regimeV0, id: `regime-n${N}`, horizon: { ...regimeV0.horizon, N } }));
    return path;
  };

  it('on a hidden-regime env beyond the belief DP limit keeps the exact oracle value and says why the non-oracle value is missing', () => {
    const { code, stdout } = runCli(['optimal', '--env', specAt(MAX_BELIEF_DP_STEPS + 1), '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ method: 'regime-dp', exact: true, oracle: true });
    expect(out.nonOracle).toBeUndefined();
    expect(out.nonOracleUnavailable).toBe(`horizon.N: the belief DP is solved for N <= ${MAX_BELIEF_DP_STEPS} steps (about 0.08 s a step at the shipped resolution), got ${MAX_BELIEF_DP_STEPS + 1}`);
  });
});
