/**
 * execgym as a library: envs, spaces, the market model, exact analytics, the policy contract and
 * the baselines. Light on purpose: no TensorFlow.js (agents are `execgym/agents`, the training and
 * benchmark harness `execgym/experiments`); test/entry-points.test.ts keeps it so.
 * @example
 * import { make, acSchedule } from 'execgym';
 * const env = make('ac-linear-v0');
 * const { observation } = env.reset({ seed: 0 });
 */
export { make, makeVector, register, registeredIds, resolveSpec, type SpecOverrides } from './env/registry.js';
export { type Env, type VectorEnv, type ResetOptions, type VectorResetOptions, type ResetResult, type StepResult } from './env/core/env.js';
export { ExecutionEnv, type ExecutionResetResult, type ExecutionStepResult, type StepInfo, type ResetInfo, type CostLedger } from './env/core/execution-env.js';
export { ExecutionVectorEnv, type VectorStepResult, type VectorStepInfo, type VectorResetInfo, type VectorEpisodeInfo } from './env/core/execution-vector-env.js';
export { compileEnv, type CompiledEnv } from './env/core/compile-env.js';
export { envSpecSchema, type EnvSpec, type EnvSpecInput, type RegimeInfo } from './env/spec/schema.js';
export { type Space, type DType } from './env/spaces/space.js';
export { Box, type BoxDType, type BoxArray } from './env/spaces/box.js';
export { Discrete } from './env/spaces/discrete.js';
export { makeRng, restoreRng, type Rng, type RngState } from './env/random/rng.js';
export { STREAMS, TRAIN_SEED_SPACE, trainingSeed } from './env/random/seeds.js';
export { UserError } from './env/errors/errors.js';
export { actionMask, toMultiplier, fromMultiplier } from './env/action/action.js';
export { observationFeatures, type ObservationFeature } from './env/market/observation.js';
export { resolveMarket, type MarketParams } from './env/market/params.js';
// The market model's families (issue 18): one module per member, one registry each.
export { impactModels, type ImpactModelName } from './env/market/impact/impact-models.js';
export { type ImpactModel, type ImpactParams } from './env/market/impact/impact-model.js';
export { almgren2005Gamma } from './env/market/impact/almgren-2005.js';
export { priceModels, type PriceModelName } from './env/market/price/price-models.js';
export { type PriceModel } from './env/market/price/price-model.js';
export { episodeSummary, type EpisodeSummary } from './env/episode/episode-summary.js';
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
export { solveBeliefDp, beliefDpUnsupported, BELIEF_RESOLUTION, type BeliefDpSolution, type BeliefDpResolution } from './env/analytics/belief-dp.js';
export { solveOptimal, type OptimalSolution } from './env/analytics/optimal.js';
export { actionForMultiplier, multiplierForShares, type Policy, type PolicyInput } from './env/policy/policy.js';
export { evaluatePolicy, type EpisodeRecord, type TrajectoryRow, type EvaluateOptions } from './env/policy/evaluate-policy.js';
export { checkEnv, checkVectorEnv, EnvCheckError, type CheckEnvOptions } from './env/check/check-env.js';
export { checkExecutionEnv } from './env/check/check-execution-env.js';
export { RecordEpisodeStatistics, VectorRecordEpisodeStatistics, type EpisodeStatistics, type VectorEpisodeStatistics } from './env/wrappers/record-episode-statistics.js';
export { NormalizeObservation, VectorNormalizeObservation, type NormalizeOptions } from './env/wrappers/normalize-observation.js';
export { RunningNorm, type RunningNormState } from './env/wrappers/running-norm.js';
export { FrameStack, VectorFrameStack } from './env/wrappers/frame-stack.js';
export { FilterObservation, VectorFilterObservation, type ObservationColumns } from './env/wrappers/filter-observation.js';
export { ObservationWrapper, VectorObservationWrapper } from './env/wrappers/observation-wrapper.js';
// Market data (issue 8): readers to a common Bars series, the raw LOBSTER day, replay windows.
export { readXetra } from './env/data/xetra-reader.js';
export { readBarsCsv } from './env/data/bars-csv-reader.js';
export { readLobsterDay } from './env/data/lobster-reader.js';
export { lobsterBars } from './env/data/lobster-bars.js';
export { barsToCsv } from './env/data/bars-to-csv.js';
export { referencePrice, marketVwap, type Bars, type BarsSource } from './env/data/bars.js';
export { LobsterEvent, isExecution, LOBSTER_PRICE_SCALE, type LobsterDay } from './env/data/lobster-day.js';
export { defectCount, type Defect, type DefectKind } from './env/data/defects.js';
export { type ReplayTable, type ReplayWindow } from './env/data/replay-table.js';
export { readTradesCsv } from './env/data/trades-csv-reader.js';
export { dataFormats, type DataFormatName } from './env/data/formats.js';
export { type DataFormat, type ReadOptions } from './env/data/data-format.js';
export { BookEventType, isBookExecution, type BookEvents, type BookSide } from './env/data/book-events.js';
export { lobsterBookEvents } from './env/data/lobster-day.js';
export { loadMarketData, type MarketData } from './env/data/load-market-data.js';
export { twap, twapHoldings } from './baselines/twap.js';
export { vwap, vwapHoldings } from './baselines/vwap.js';
export { pov, povShares, povVolumeEstimate, DEFAULT_RHO } from './baselines/pov.js';
export { ac, acBaselineSchedule } from './baselines/ac.js';
export { acAdaptive } from './baselines/ac-adaptive.js';
export { dpOptimal } from './baselines/dp-optimal.js';
export { beliefOptimal, type BeliefOptimalPolicy } from './baselines/belief-optimal.js';
export { optimal, type OptimalPolicy } from './baselines/optimal.js';
export { immediate } from './baselines/immediate.js';
export { lastMinute } from './baselines/last-minute.js';
export { actionForShares, isPathIndependent, type BaselinePolicy } from './baselines/baseline-policy.js';
export { registerPolicyResolver, resolvePolicy, resolvePolicies, baselineNames, policyUsages, type PolicyResolver } from './baselines/registry.js';
// Portfolio execution with cross-impact (issue 24).
export { makePortfolio, makePortfolioVector, portfolioIds, portfolioParams, registerPortfolio, resolvePortfolioSpec, isPortfolioEnv } from './env/portfolio/registry.js';
export { PortfolioEnv, type PortfolioStepInfo, type PortfolioResetInfo, type PortfolioLedgerEntry } from './env/portfolio/portfolio-env.js';
export { PortfolioVectorEnv, type PortfolioPolicyInput, type PortfolioVectorStepInfo } from './env/portfolio/portfolio-vector-env.js';
export { portfolioStep, portfolioShares, type PortfolioStepOutput } from './env/portfolio/step.js';
export { compilePortfolio, type PortfolioParams } from './env/portfolio/params.js';
export { portfolioSpecSchema, type PortfolioSpec, type PortfolioSpecInput } from './env/portfolio/spec-schema.js';
export { solvePortfolioOptimum, type PortfolioOptimum } from './env/portfolio/analytics/portfolio-optimum.js';
export { portfolioClosedForm } from './env/portfolio/analytics/closed-form.js';
export { portfolioScheduleCost, type PortfolioScheduleCost, type PortfolioHoldings } from './env/portfolio/analytics/schedule-cost.js';
export { schedulePolicy, type PortfolioPolicy } from './env/portfolio/policy.js';
export { portfolioTwapHoldings, portfolioVwapHoldings, perAssetAcHoldings, portfolioBaseline, PORTFOLIO_BASELINES } from './baselines/portfolio-baselines.js';
