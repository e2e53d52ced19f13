import type { z } from 'zod';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';

/**
 * `value`, read from the file at `path`, checked against `schema`: a damaged or hand-edited
 * result file is a one-line {@link UserError} naming the file, the field and what was expected,
 * e.g. `run manifest "runs/a/manifest.json": field.result.weightsHash: Invalid input: expected
 * string, received number (got 3)`. Readers of result files trust what this returns.
 * @throws UserError when the value does not fit the schema
 */
export function parseFileValue<S extends z.ZodType>(schema: S, value: unknown, path: string, what: string): z.output<S> {
  try {
    return parseOrThrow(schema, value, 'field');
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(`${what} ${JSON.stringify(path)}: ${error.message}`);
  }
}

/**
 * Reads a JSON result file (an object) and checks it against `schema` (a missing, empty, garbage
 * or damaged file is a one-line {@link UserError} naming the file and, for a damaged one, the field).
 */
export function readJsonWith<S extends z.ZodType>(schema: S, path: string, what: string): z.output<S> {
  return parseFileValue(schema, readJsonObject(path, what), path, what);
}
