import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runConfigSchema } from './run-config.js';

/** Where the published JSON Schema of run configs lives (configs point at it with "$schema"), from source or dist/. */
export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL('./config.schema.json', import.meta.url)).replace(/([/\\])dist([/\\]experiments)/, '$2');

/**
 * The JSON Schema of a run config as written (defaults optional), generated from the zod schema so
 * the two never disagree; editors use it to complete and check configs. Cross-field checks
 * (seed ranges, exactly one of env.id / env.spec) are zod-only.
 */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(runConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'execgym run config',
    description: 'execgym train <config.json>: the agent, its env, the budget and the evaluation seeds',
  };
}

/** The file's text: pretty JSON with a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
