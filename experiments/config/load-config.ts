import { createHash } from 'node:crypto';
import { parseOrThrow } from '../../env/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { runConfigSchema, type RunConfig } from './run-config.js';

/**
 * Reads and validates a run config; `seed` (the --seed flag) replaces the file's.
 * @throws UserError naming the file, or the field, its value and what is allowed
 */
export function loadConfig(path: string, seed?: number): RunConfig {
  const json: unknown = readJsonObject(path, 'config file');
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
