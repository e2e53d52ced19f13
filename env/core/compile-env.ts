import { actionSpace } from '../action/action.js';
import { passiveActionSpace } from '../action/passive-action.js';
import { observationFeatures, observationSpace, type ObservationFeature } from '../market/observation.js';
import { loadMarketData, type MarketData } from '../data/load-market-data.js';
import { resolveMarket, type MarketParams } from '../market/params.js';
import type { Box } from '../spaces/box.js';
import type { Discrete } from '../spaces/discrete.js';
import type { EnvSpec } from '../spec/schema.js';

/** What the single and the vector env share: resolved market, spaces and feature table. */
export interface CompiledEnv {
  readonly spec: EnvSpec;
  readonly params: MarketParams;
  readonly features: readonly ObservationFeature[];
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace: Box | Discrete;
}

/**
 * Compiles a validated spec and the data it replays into what an env runs on. `data` defaults to
 * reading the spec's files (`loadMarketData`, the only I/O); give it to compile without touching
 * the disk.
 */
export function compileEnv(spec: EnvSpec, data: MarketData = loadMarketData(spec)): CompiledEnv {
  const params = resolveMarket(spec, data);
  const features = observationFeatures(params);
  return { spec, params, features, observationSpace: observationSpace(features), actionSpace: params.execution ? passiveActionSpace(spec.action, params.execution) : actionSpace(spec.action) };
}
