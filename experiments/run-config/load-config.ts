import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { packageRoot } from '../../env/io/package-root.js';
import { runConfigSchema, type RunConfig } from './run-config.js';
import { applySetOverrides, type SetOverride } from './set-overrides.js';

/** The folder of the configs shipped with the package (experiments/configs/). */
export function shippedConfigDir(): string | null {
  const root = packageRoot();
  return root ? join(root, 'experiments', 'configs') : null;
}

/** Names of the shipped configs (`ppo-ac-linear`, ...), sorted. */
export function shippedConfigNames(): string[] {
  const dir = shippedConfigDir();
  if (dir === null || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * The file a config argument names: a path as given when it exists or has a folder in it, else a
 * shipped config by its name (`ppo-ac-linear`, with or without `.json`), so that
 * `execgym train ppo-ac-linear` works wherever execgym is installed. Null for a bare name that is
 * neither.
 */
export function configPath(arg: string): string | null {
  if (existsSync(arg) || /[\\/]/.test(arg)) return arg;
  const name = arg.endsWith('.json') ? arg.slice(0, -'.json'.length) : arg;
  const dir = shippedConfigDir();
  return dir !== null && shippedConfigNames().includes(name) ? join(dir, `${name}.json`) : null;
}

/**
 * {@link configPath}, for a config that must exist: what `train` and `sweep` take.
 * @throws UserError for a bare name that is neither a file nor a shipped config, listing the shipped ones
 */
export function existingConfigPath(arg: string): string {
  const path = configPath(arg);
  if (path === null) throw new UserError(`cannot read config file ${JSON.stringify(arg)}: no such file, and no shipped config of that name (shipped: ${shippedConfigNames().join(', ')})`);
  return path;
}

/**
 * Reads and validates a run config, from a path or a shipped config's name; `seed` (the --seed
 * flag) replaces the file's and `overrides` (the --set flags) are applied before validation.
 * @throws UserError naming the file, or the field, its value and what is allowed
 */
export function loadConfig(arg: string, seed?: number, overrides: readonly SetOverride[] = []): RunConfig {
  const path = existingConfigPath(arg);
  const json: unknown = applySetOverrides(readJsonObject(path, 'config file'), overrides);
  return parseOrThrow(runConfigSchema, seed === undefined ? json : { ...(json as object), seed }, 'config');
}

/** JSON with object keys sorted at every level: a canonical text for hashing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** SHA-256 of the resolved config (defaults filled in, `$schema` and `description` left out). */
export function configHash(config: RunConfig): string {
  const { $schema: _schema, description: _description, ...rest } = config;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
