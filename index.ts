/**
 * execgym as a library: envs, spaces, the market model, exact analytics and the policy contract.
 * @example
 * import { make, acSchedule } from 'execgym';
 * const env = make('ac-linear-v0');
 * const { observation } = env.reset({ seed: 0 });
 */
export { make, makeVector, register, registeredIds, resolveSpec, type SpecOverrides } from './env/registry.js';
export { type Env, type VectorEnv, type ResetOptions, type ResetResult, type StepResult } from './env/env.js';
export { ExecutionEnv, type ExecutionResetResult, type ExecutionStepResult, type StepInfo, type ResetInfo, type CostLedger } from './env/execution-env.js';
export { ExecutionVectorEnv, type VectorStepResult, type VectorStepInfo, type VectorResetInfo, type VectorEpisodeInfo } from './env/execution-vector-env.js';
export { compileEnv, type CompiledEnv } from './env/compile-env.js';
export { envSpecSchema, type EnvSpec, type EnvSpecInput, type RegimeInfo } from './env/spec/schema.js';
export { type Space, type DType } from './env/spaces/space.js';
export { Box, type BoxDType, type BoxArray } from './env/spaces/box.js';
export { Discrete } from './env/spaces/discrete.js';
export { makeRng, restoreRng, type Rng, type RngState } from './env/rng.js';
export { UserError } from './env/errors.js';
export { actionMask, toMultiplier, fromMultiplier } from './env/action.js';
export { observationFeatures, type ObservationFeature } from './env/market/observation.js';
export { resolveMarket, type MarketParams } from './env/market/params.js';
export { episodeSummary, type EpisodeSummary } from './env/episode-summary.js';
export {
  acSchedule,
  acKappa,
  acClosedFormCost,
  scheduleCost,
  efficientFrontier,
  describeUrgency,
  type AcInputs,
  type AcSchedule,
  type FrontierPoint,
} from './env/analytics/almgren-chriss.js';
export { acInputsFor, acIsExact } from './env/analytics/ac-inputs.js';
export { solveRegimeDp, staticScheduleObjective, type RegimeDpSolution } from './env/analytics/regime-dp.js';
export { actionForMultiplier, multiplierForShares, type Policy, type PolicyInput } from './env/policy.js';
export { evaluatePolicy, type EpisodeRecord, type TrajectoryRow, type EvaluateOptions } from './env/evaluate-policy.js';
export { checkEnv, checkVectorEnv, EnvCheckError, type CheckEnvOptions } from './env/check-env.js';
export { checkExecutionEnv } from './env/check-execution-env.js';
export { RecordEpisodeStatistics, VectorRecordEpisodeStatistics, type EpisodeStatistics, type VectorEpisodeStatistics } from './env/wrappers/record-episode-statistics.js';
export { NormalizeObservation, VectorNormalizeObservation, type NormalizeOptions } from './env/wrappers/normalize-observation.js';
export { RunningNorm, type RunningNormState } from './env/wrappers/running-norm.js';
export { FrameStack, VectorFrameStack } from './env/wrappers/frame-stack.js';
export { FilterObservation, VectorFilterObservation, type ObservationColumns } from './env/wrappers/filter-observation.js';
export { ObservationWrapper, VectorObservationWrapper } from './env/wrappers/observation-wrapper.js';
export { twap, twapHoldings } from './baselines/twap.js';
export { vwap, vwapHoldings } from './baselines/vwap.js';
export { pov, povShares, povVolumeEstimate, DEFAULT_RHO } from './baselines/pov.js';
export { ac, acBaselineSchedule } from './baselines/ac.js';
export { acAdaptive } from './baselines/ac-adaptive.js';
export { dpOptimal } from './baselines/dp-optimal.js';
export { immediate } from './baselines/immediate.js';
export { lastMinute } from './baselines/last-minute.js';
export { actionForShares, isPathIndependent, type BaselinePolicy } from './baselines/baseline-policy.js';
export { registerPolicyResolver, resolvePolicy, resolvePolicies, baselineNames, policyUsages, type PolicyResolver } from './baselines/registry.js';
export { runBenchmark, summarizeBenchmark, type BenchmarkOptions } from './experiments/benchmark/run-benchmark.js';
export type { BenchmarkSummary } from './experiments/benchmark/benchmark-summary.js';
export { evaluatePolicies, type ProgressEvent, type Evaluation } from './experiments/benchmark/evaluate-policies.js';
export { formatSummaryMarkdown } from './experiments/benchmark/format-summary.js';
export { type PolicySummary, type CostDistribution } from './experiments/benchmark/summarize.js';
export { runFrontier, defaultLambdas, type FrontierOptions, type FrontierResult, type FrontierPoint as FrontierPlanePoint } from './experiments/benchmark/frontier.js';
export { sampleStats, type SampleStats } from './experiments/stats/sample-stats.js';
export { quantileSorted } from './experiments/stats/quantiles.js';
export { cvarSorted } from './experiments/stats/cvar.js';
export { pairedDifference, meanInterval, type Interval } from './experiments/stats/paired.js';
export { controlVariateMean, type ControlVariateEstimate } from './experiments/stats/control-variate.js';
// Agents (issue 4): PPO and DQN on TensorFlow.js, the training harness, and `run:<dir>` policies.
import './experiments/train/register-run-policy.js';
export { trainPpo } from './agents/ppo.js';
export { trainDqn } from './agents/dqn.js';
export { ppoSchema, type PpoConfig } from './agents/ppo-config.js';
export { dqnSchema, type DqnConfig } from './agents/dqn-config.js';
export { selectBackend, availableBackends, BACKENDS, type BackendName, type BackendRequest } from './agents/common/backend.js';
export { agentPolicy } from './agents/common/agent-policy.js';
export { fileHandler, loadAgentModel, saveAgentModel } from './agents/common/checkpoint.js';
export { disposeModel, type AgentModel, type AgentTopology } from './agents/common/agent-model.js';
export { type TrainContext, type TrainProgress, type AgentHandle } from './agents/common/train-context.js';
export { runConfigSchema, type RunConfig, type RunConfigInput } from './experiments/config/run-config.js';
export { loadConfig, configHash } from './experiments/config/load-config.js';
export { trainRun, type TrainRunOptions, type TrainRunResult } from './experiments/train/train-run.js';
export { reproduceRun, type ReproduceReport } from './experiments/train/reproduce.js';
export { loadRunPolicy } from './experiments/train/run-policy.js';
