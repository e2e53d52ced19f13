import { describe, expect, it } from 'vitest';
import { ac } from '../baselines/ac.js';
import { twap } from '../baselines/twap.js';
import { compileEnv } from '../env/core/compile-env.js';
import { evaluatePolicy } from '../env/policy/evaluate-policy.js';
import { resolveSpec } from '../env/registry.js';
import { TRAIN_SEED_SPACE, trainingSeed, trainingSeedRule } from '../env/random/seeds.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { boundaryActions, evaluationDue, recordEvaluation, type EvaluationRules } from '../experiments/train/evaluation-rules.js';
import { curveRow } from '../experiments/train/learning-curve.js';
import { runResult } from '../experiments/train/manifest.js';
import { resumeRefusal } from '../experiments/train/open-run.js';
import { freshTrainerState, trainReturnMean, withTrainReturns, type TrainerState } from '../experiments/train/trainer-state.js';
import { validationScores } from '../experiments/train/validation-scores.js';
import { validationReferences } from '../experiments/train/validation-references.js';
import type { PolicySummary } from '../experiments/benchmark/summarize.js';

const rules: EvaluationRules = { every: 100, patience: 2, totalSteps: 1000 };

/**
 * Plays the harness's decisions over boundaries every `stride` steps with the given validation
 * objectives (one per evaluation), as trainRun does, without an agent or a file.
 */
function play(objectives: number[], stride: number, r: EvaluationRules = rules) {
  let state = freshTrainerState();
  const rows: number[] = [];
  const saved: number[] = [];
  let next = 0;
  for (let steps = 0; ; steps += stride) {
    const due = evaluationDue(state, steps, r);
    let stopEarly = false;
    if (due) {
      const outcome = recordEvaluation(state, steps, objectives[next++], r);
      state = outcome.state;
      stopEarly = outcome.stopEarly;
      rows.push(steps);
      if (outcome.improved) saved.push(steps);
    }
    const actions = boundaryActions(state, steps, r, due, stopEarly, false);
    if (actions.stop || steps >= r.totalSteps) return { state, rows, saved, stoppedAt: steps };
  }
}

describe('the training harness without files', () => {
  it('evaluates at step 0, then at the first boundary on or past each multiple of `every`, and always at the end of the budget', () => {
    const { rows } = play([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2], 70, { ...rules, patience: null });
    // Boundaries every 70 steps: 0, then 140 (>= 100), 210 (>= 200), 350 (>= 300), 420, 560, 630, 700, 840, 910, and 1050 (past the budget).
    expect(rows).toEqual([0, 140, 210, 350, 420, 560, 630, 700, 840, 910, 1050]);
  });

  it('does not evaluate twice at the same step count (a resumed run repeats its last boundary)', () => {
    const once = recordEvaluation(freshTrainerState(), 300, 10, rules).state;
    expect(evaluationDue(once, 300, rules)).toBe(false);
    expect(evaluationDue(once, 400, rules)).toBe(true);
    expect(evaluationDue({ ...once, lastRowAt: 999, nextEvalAt: 2000 }, 1000, rules)).toBe(true);
  });

  it('keeps the policy with the lowest validation objective and stops after `patience` evaluations without a better one', () => {
    const { state, rows, saved, stoppedAt } = play([10, 8, 9, 8.5, 7], 100);
    expect(saved).toEqual([0, 100]);
    expect(rows).toEqual([0, 100, 200, 300]);
    expect(stoppedAt).toBe(300);
    expect(state.best).toEqual({ objectiveBps: 8, envSteps: 100 });
    expect(state.stoppedEarly).toBe(true);
    expect(state.rows).toBe(4);
  });

  it('never stops early at the end of the budget, and an equal objective is not an improvement', () => {
    const r = { ...rules, totalSteps: 200 };
    const { state, saved, stoppedAt } = play([5, 5, 5], 100, r);
    expect(saved).toEqual([0]);
    expect(stoppedAt).toBe(200);
    expect(state.stoppedEarly).toBe(false);
    expect(state.evalsSinceBest).toBe(2);
  });

  it('a stop request before the budget is an interruption; at the end or at an early stop the run is complete', () => {
    const s = freshTrainerState();
    expect(boundaryActions(s, 500, rules, false, false, true)).toEqual({ saveLast: false, checkpoint: true, interrupted: true, stop: true });
    expect(boundaryActions(s, 1000, rules, true, false, true)).toEqual({ saveLast: true, checkpoint: true, interrupted: false, stop: false });
    const early = { ...s, stoppedEarly: true };
    expect(boundaryActions(early, 500, rules, true, true, true)).toEqual({ saveLast: true, checkpoint: true, interrupted: false, stop: true });
    expect(boundaryActions(s, 550, rules, false, false, false)).toEqual({ saveLast: false, checkpoint: false, interrupted: false, stop: false });
  });

  it('averages the training returns since the last row, and an evaluation starts a new average', () => {
    let s = withTrainReturns(freshTrainerState(), Float64Array.of(-10, -20, 99), 2);
    s = withTrainReturns(s, [-30], 1);
    expect(trainReturnMean(s)).toBe(-20);
    expect(trainReturnMean(recordEvaluation(s, 0, 1, rules).state)).toBeUndefined();
  });

  it('a learning-curve row reports the paired differences to ac and optimal on the validation episodes, the gap to AC in percent and the diagnostics, wall time to the millisecond', () => {
    const scores = { returnMean: -330, isMean: 320, isStd: 12, objectiveMean: 330, objectives: Float64Array.of(320, 340, 330, 330) };
    // ac: 300 on average; optimal: 290; the agent is exactly 30 above ac and 40 above optimal on every path.
    const refs = { ac: Float64Array.of(290, 310, 300, 300), optimal: Float64Array.of(280, 300, 290, 290) };
    const row = curveRow({ envSteps: 640, episodes: 128, updates: 16, rounds: 2 }, 12.34567, -340, scores, refs, { policy_loss: 0.5 });
    const { vs_ac_bps_low, vs_ac_bps_high, regret_bps_low, regret_bps_high, ...rest } = row;
    // Every pair differs by exactly 30 (40 for optimal): sd 0, so the interval collapses to the mean.
    expect([vs_ac_bps_low, vs_ac_bps_high, regret_bps_low, regret_bps_high]).toEqual([30, 30, 40, 40]);
    expect(rest).toEqual({
      vs_ac_bps_mean: 30,
      regret_bps_mean: 40,
      env_steps: 640,
      episodes: 128,
      updates: 16,
      wall_seconds: 12.346,
      train_return_mean: -340,
      eval_return_mean: -330,
      eval_is_bps_mean: 320,
      eval_is_bps_std: 12,
      eval_objective_bps_mean: 330,
      gap_to_ac_pct: 10,
      policy_loss: 0.5,
    });
  });

  it('validation scores are the sample means of the episodes on the validation seeds', () => {
    const env = compileEnv(resolveSpec('ac-linear-v0'));
    const scores = validationScores(twap(env), env, { seed: 1000, episodes: 20 });
    const { episodes } = evaluatePolicy(twap(env), env, { seed: 1000, episodes: 20 });
    const mean = (k: 'return' | 'isBps' | 'objectiveBps') => episodes.reduce((s, e) => s + e[k], 0) / episodes.length;
    expect(scores.returnMean).toBeCloseTo(mean('return'), 9);
    expect(scores.isMean).toBeCloseTo(mean('isBps'), 9);
    expect(scores.objectiveMean).toBeCloseTo(mean('objectiveBps'), 9);
    expect(scores.objectiveMean).toBeCloseTo(-scores.returnMean, 9);
  });

  it('resume is refused for another config or another explicit backend, and allowed on auto', () => {
    const manifest = { configHash: 'a'.repeat(64), backend: 'wasm' as const };
    expect(resumeRefusal('run', manifest, 'a'.repeat(64), 'auto')).toBeNull();
    expect(resumeRefusal('run', manifest, 'a'.repeat(64), 'wasm')).toBeNull();
    expect(resumeRefusal('run', manifest, 'b'.repeat(64), 'auto')).toMatch(/^--resume: the config differs from the one run was started with \(hash aaaaaaaaaaaa, now bbbbbbbbbbbb\)$/);
    expect(resumeRefusal('run', manifest, 'a'.repeat(64), 'cpu')).toMatch(/^--resume: the run used backend wasm; resuming on cpu/);
  });

  it('the result names the selected policy by the selection rule and measures the test gap against AC', () => {
    const config = runConfigSchema.parse({ name: 'x', env: { id: 'ac-linear-v0' }, agent: { type: 'ppo' }, train: { steps: 1000 } });
    const state: TrainerState = { ...freshTrainerState(), progress: { envSteps: 1000, episodes: 200, updates: 40, rounds: 5 }, best: { objectiveBps: 320, envSteps: 600 }, wallSeconds: 3 };
    const row = { objectiveBps: { n: 4000, mean: 330, sd: 1, se: 0.1 }, vsAc: { objectiveBps: { mean: 30, lo: 29, hi: 31 } }, regretBps: null } as unknown as PolicySummary;
    const best = runResult(config, state, { 'model.weights.bin': 'h' }, row, 300);
    expect(best.selected).toEqual({ rule: 'best', envSteps: 600, validationObjectiveBps: 320 });
    expect(best.test?.gapToAcPct).toBeCloseTo(10, 12);
    expect(best.test?.vsAcObjectiveBps).toEqual({ mean: 30, lo: 29, hi: 31 });
    const last = runResult({ ...config, evaluation: { ...config.evaluation, select: 'last' } }, state, { 'model.weights.bin': 'h' }, null, 300);
    expect(last.selected.envSteps).toBe(1000);
    expect(last.test).toBeNull();
  });

  it('training seeds start at TRAIN_SEED_SPACE (run seed + 1) and never meet another round, run or evaluation seed', () => {
    expect(trainingSeed(0, 2, 64)).toBe(TRAIN_SEED_SPACE + 128);
    expect(trainingSeed(3, 0, 8)).toBe(4 * TRAIN_SEED_SPACE);
    expect(trainingSeed(0, 1, 8) - trainingSeed(0, 0, 8)).toBe(8);
    expect(trainingSeedRule(1, 16)).toBe(`round r, lane i: market seed ${2 * TRAIN_SEED_SPACE} + r * 16 + i`);
  });
});

describe('learning-curve references on the validation seeds', () => {
  it('ac and optimal are evaluated on the same validation paths: on ac-linear-v0 ac scores a paired 0 against itself and its regret CI covers 0', () => {
    const env = compileEnv(resolveSpec('ac-linear-v0'));
    const validation = { seed: 1000, episodes: 200 };
    const refs = validationReferences(env, validation);
    const scores = validationScores(ac(env), env, validation);
    const row = curveRow({ envSteps: 1, episodes: 1, updates: 1, rounds: 1 }, 0, undefined, scores, refs, {});
    expect(row.vs_ac_bps_mean).toBe(0);
    expect(row.regret_bps_low!).toBeLessThanOrEqual(1e-9);
    expect(row.regret_bps_high!).toBeGreaterThanOrEqual(-1e-9);
  });

  it('on a Discrete env the regret reference is the continuous optimum on the same paths, which rounded ac cannot beat', () => {
    const env = compileEnv(resolveSpec('ac-linear-v0', { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } }));
    const validation = { seed: 1000, episodes: 200 };
    const refs = validationReferences(env, validation);
    const row = curveRow({ envSteps: 1, episodes: 1, updates: 1, rounds: 1 }, 0, undefined, validationScores(ac(env), env, validation), refs, {});
    expect(row.regret_bps_low!).toBeGreaterThan(0);
  });
});
