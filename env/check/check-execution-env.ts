import { checkEnv, ensure, type CheckEnvOptions } from './check-env.js';
import type { ExecutionEnv, StepInfo } from '../core/execution-env.js';

/**
 * {@link checkEnv} plus what an execution env promises beyond the generic contract: termination
 * after exactly N steps (never truncated), the whole order X executed, trades and holdings never
 * negative, the cost ledger adding up on every step and over the episode (a passive env's net of
 * the spread its limit fills earn), the episode summary on
 * the last step with a ledger whose entries are the sums of the steps', and hidden-state features exactly under regimeInfo 'oracle'.
 * @throws EnvCheckError naming the first contract that fails
 */
export function checkExecutionEnv(env: ExecutionEnv, options: CheckEnvOptions = {}): void {
  const episode = checkEnv(env, options);
  const { N, X, S0 } = env.params;
  ensure(episode.length === N, `an episode must last N = ${N} steps, got ${episode.length}`);
  let executed = 0;
  let ledgerTotal = 0;
  let rewardTotal = 0;
  // Each ledger entry summed over the steps, in step order (what the episode's ledger must hold).
  const ledgerSums = new Map<string, number>();
  episode.forEach((step, k) => {
    ensure(step.terminated === (k === N - 1) && !step.truncated, `step ${k}: terminated must be true exactly at the horizon, never truncated`);
    const { ledger, fill, inventory } = step.info as StepInfo;
    // A passive env's limit fills earn spread: its ledger subtracts it (see PassiveCostLedger).
    const earned = 'spreadEarned' in ledger ? ledger.spreadEarned : 0;
    const parts = ledger.fixed + ledger.temporary + ledger.permanent + ledger.timing - earned;
    const scale = Math.max(1, Math.abs(fill.shares * S0));
    ensure(Math.abs(parts - ledger.shortfall) <= 1e-9 * scale, `step ${k}: ledger parts sum to ${parts}, shortfall is ${ledger.shortfall}`);
    ensure(fill.shares >= 0 && inventory >= 0, `step ${k}: trades and holdings must be non-negative`);
    executed += fill.shares;
    ledgerTotal += ledger.shortfall;
    rewardTotal += step.reward;
    for (const [key, value] of Object.entries(ledger)) ledgerSums.set(key, (ledgerSums.get(key) ?? 0) + value);
  });
  const end = (episode[N - 1].info as StepInfo).episode;
  ensure(end !== undefined, 'the final step must report the episode summary');
  ensure(Math.abs(executed - X) <= 1e-9 * X, `the episode must execute X = ${X} shares, executed ${executed}`);
  ensure(Math.abs(end.shortfall - ledgerTotal) <= 1e-9 * Math.max(1, Math.abs(ledgerTotal)), 'the episode shortfall must equal the sum of the step ledgers');
  ensure(Math.abs(end.return - rewardTotal) <= 1e-9 * Math.max(1, Math.abs(rewardTotal)), 'the episode return must equal the sum of rewards');
  const endLedger = end.ledger as unknown as Record<string, number>;
  ensure(Object.keys(endLedger).sort().join() === [...ledgerSums.keys()].sort().join(), `the episode ledger must have the step ledger's entries (${[...ledgerSums.keys()].join(', ')}), got ${Object.keys(endLedger).join(', ')}`);
  for (const [key, sum] of ledgerSums) ensure(endLedger[key] === sum, `the episode ledger's ${key} must be the sum of the steps' (${sum}), got ${endLedger[key]}`);
  ensure(end.sharesExecuted === X - (episode[N - 1].info as StepInfo).inventory, 'the episode must report the shares it executed');
  ensure(end.objectiveBps === end.shortfallBps + end.riskPenaltyBps, 'the episode objective must be its shortfall plus its risk penalty (bps)');
  const reset = env.reset({ seed: options.seed ?? 0 });
  ensure(reset.info.step === 0 && reset.info.inventory === X, 'reset info must start at step 0 with the whole order');

  const leaks = env.features.filter((f) => f.hiddenState).length;
  ensure((leaks > 0) === (env.spec.regimeInfo === 'oracle'), `hidden-state features must appear exactly with regimeInfo 'oracle' (found ${leaks} with '${env.spec.regimeInfo}')`);
}
