import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseOrThrow, UserError } from '../../env/errors.js';
import { runConfigSchema, type RunConfig } from './run-config.js';

/**
 * Reads and validates a run config; `seed` (the --seed flag) replaces the file's.
 * @throws UserError naming the file, or the field, its value and what is allowed
 */
export function loadConfig(path: string, seed?: number): RunConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`cannot read config file ${JSON.stringify(path)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (seed !== undefined && typeof json === 'object' && json !== null) json = { ...json, seed };
  return parseOrThrow(runConfigSchema, json, 'config');
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
