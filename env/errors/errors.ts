import type { z } from 'zod';
import { schemaKeysAt } from './schema-keys.js';

/**
 * A user's mistake in a config, spec, flag or action. The CLI prints its message as one line
 * and exits non-zero, without a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Walks `root` along `path`, for quoting the offending value in an error. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Parses `input` with `schema`, or throws a {@link UserError} whose one line names the field,
 * the value and what is allowed: `spec.impact.eta: Too small: expected number to be >0 (got -1)`.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [what, ...issue.path.map(String)].join('.');
  const valid = issue.code === 'unrecognized_keys' ? schemaKeysAt(schema, input, issue.path) : null;
  const got = issue.code === 'unrecognized_keys' ? (valid ? ` (valid keys: ${valid.join(', ')})` : '') : ` (got ${describeValue(valueAt(input, issue.path))})`;
  const more = result.error.issues.length > 1 ? ` [+${result.error.issues.length - 1} more]` : '';
  throw new UserError(`${field}: ${issue.message}${got}${more}`);
}
