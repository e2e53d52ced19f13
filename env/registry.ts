import { readFileSync } from 'node:fs';
import acLinear from './specs/ac-linear-v0.json' with { type: 'json' };
import regime from './specs/regime-v0.json' with { type: 'json' };
import regimeObserved from './specs/regime-observed-v0.json' with { type: 'json' };
import regimePersistent from './specs/regime-persistent-v0.json' with { type: 'json' };
import sqrtVolume from './specs/sqrt-volume-v0.json' with { type: 'json' };
import transient from './specs/transient-v0.json' with { type: 'json' };
import xetraReplay from './specs/xetra-replay-v0.json' with { type: 'json' };
import xetraReplay2017 from './specs/xetra-replay-2017-07-28-v0.json' with { type: 'json' };
import lobsterReplay from './specs/lobster-replay-v0.json' with { type: 'json' };
import xetraTwin from './specs/twins/xetra-twin-v0/spec.json' with { type: 'json' };
import xetraTwin2017 from './specs/twins/xetra-twin-2017-07-28-v0/spec.json' with { type: 'json' };
import lobsterTwin from './specs/twins/lobster-twin-v0/spec.json' with { type: 'json' };
import passiveAcLinear from './specs/passive-ac-linear-v0.json' with { type: 'json' };
import passiveRegime from './specs/passive-regime-v0.json' with { type: 'json' };
import passiveAcLinearV1 from './specs/passive-ac-linear-v1.json' with { type: 'json' };
import passiveRegimeV1 from './specs/passive-regime-v1.json' with { type: 'json' };
import lobsterQueue from './specs/lobster-queue-v0.json' with { type: 'json' };
import alphaAc from './specs/alpha-ac-v0.json' with { type: 'json' };
import lobReplay from './specs/lob-replay-v0.json' with { type: 'json' };
import lobQr from './specs/lob-qr-v0.json' with { type: 'json' };
import { parseOrThrow, UserError } from './errors/errors.js';
import { parseJson } from './io/read-json.js';
import { ExecutionEnv } from './core/execution-env.js';
import { envSpecSchema, type EnvSpec, type EnvSpecInput } from './spec/schema.js';
import { ExecutionVectorEnv } from './core/execution-vector-env.js';
import { checkNumEnvs } from './core/validate-args.js';

const registry = new Map<string, EnvSpecInput>();
for (const spec of [acLinear, regime, regimeObserved, regimePersistent, sqrtVolume, transient, xetraReplay, xetraReplay2017, lobsterReplay, xetraTwin, xetraTwin2017, lobsterTwin, passiveAcLinear, passiveRegime, passiveAcLinearV1, passiveRegimeV1, lobsterQueue, alphaAc, lobReplay, lobQr] as EnvSpecInput[]) registry.set(spec.id, spec);

/**
 * A partial spec whose fields replace the base spec's: objects merge, arrays are replaced, and an
 * `action` or `impact` override that changes its `type` or `model` replaces the section whole.
 */
export type SpecOverrides = { [key: string]: unknown };

/** Registers a user spec under its id (validated now, so a bad spec fails where it is added). */
export function register(spec: EnvSpecInput): void {
  requireObject(spec, 'a spec');
  parseOrThrow(envSpecSchema, spec, 'spec');
  registry.set(spec.id, spec);
}

/** The ids of every registered env, shipped ones first. */
export function registeredIds(): string[] {
  return [...registry.keys()];
}

function mergeDeep(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) out[key] = key in base ? mergeDeep(base[key], value) : value;
  return out;
}

/** The spec sections that are discriminated unions, with their tag. */
const UNION_TAGS: Record<string, string> = { action: 'type', impact: 'model' };

/** `base` (a spec as written) with `overrides` applied by the rules of {@link SpecOverrides}. */
export function applySpecOverrides(base: unknown, overrides: SpecOverrides): unknown {
  if (!isPlainObject(base)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const tag = UNION_TAGS[key];
    const switchesVariant = tag !== undefined && isPlainObject(value) && isPlainObject(base[key]) && tag in value && value[tag] !== base[key][tag];
    out[key] = switchesVariant ? value : mergeDeep(base[key], value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The validated spec for a registered id or a path to a JSON spec file, with overrides applied.
 * @throws UserError naming the id, the file or the invalid field
 */
export function resolveSpec(idOrPath: string, overrides: SpecOverrides = {}): EnvSpec {
  if (typeof idOrPath !== 'string') throw new UserError(`env: an id or a path to a JSON spec file must be a string, got ${JSON.stringify(idOrPath) ?? typeof idOrPath}`);
  const base = registry.get(idOrPath) ?? readSpecFile(idOrPath);
  requireObject(base, 'a spec');
  requireObject(overrides, 'spec overrides');
  return parseOrThrow(envSpecSchema, applySpecOverrides(base, overrides), 'spec');
}

function readSpecFile(path: string): unknown {
  if (!path.endsWith('.json')) {
    throw new UserError(`env: unknown id ${JSON.stringify(path)}; registered: ${registeredIds().join(', ')} (or a path to a .json spec)`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`env: cannot read spec file ${JSON.stringify(path)}`);
  }
  return parseJson(text, `env: ${path}`);
}

/** @throws UserError unless `spec` is a JSON object (an array, null or a number is not a spec) */
function requireObject(spec: unknown, what: string): void {
  if (!isPlainObject(spec)) throw new UserError(`${what} must be a JSON object, got ${spec === null ? 'null' : Array.isArray(spec) ? 'an array' : JSON.stringify(spec) ?? typeof spec}`);
}

/**
 * Makes an env, Gymnasium-style.
 * @example const env = make('ac-linear-v0', { riskAversion: 2e-6 }); env.reset({ seed: 1 });
 */
export function make(idOrPath: string, overrides: SpecOverrides = {}): ExecutionEnv {
  return new ExecutionEnv(resolveSpec(idOrPath, overrides));
}

/** Makes a vector env of `numEnvs` lanes over the same market. */
export function makeVector(idOrPath: string, numEnvs: number, overrides: SpecOverrides = {}): ExecutionVectorEnv {
  checkNumEnvs(numEnvs);
  return new ExecutionVectorEnv(resolveSpec(idOrPath, overrides), numEnvs);
}
