import { readFileSync } from 'node:fs';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError } from '../errors/errors.js';

/** Line and column (1-based) of a character offset, as editors show them. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * Where and why `text` is not JSON. V8's own message has no position for a bad token and quotes
 * the whole text (many lines for a spec); jsonc-parser's strict mode finds the exact offset.
 */
function describeJsonError(text: string): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'not valid JSON';
  const token = text.slice(first.offset, first.offset + first.length);
  const word = /^-?(NaN|Infinity)/.test(text.slice(first.offset)) ? /^-?(NaN|Infinity)/.exec(text.slice(first.offset))![0] : token;
  const why = /^-?(NaN|Infinity)$/.test(word)
    ? `${word} is not a JSON number (JSON has only finite numbers)`
    : text.trim() === ''
      ? 'the file is empty'
      : first.offset >= text.trimEnd().length
        ? 'unexpected end of input (truncated?)'
        : `${printParseErrorCode(first.error)}${token ? ` at ${JSON.stringify(token.slice(0, 20))}` : ''}`;
  return `line ${lineColumn(text, first.offset)}: ${why}`;
}

/**
 * Parses JSON text, or throws a one-line {@link UserError}: `spec.json is not valid JSON (line 4:12:
 * NaN is not a JSON number ...)`.
 * @param source how to name the text in the message (usually its path)
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError(`${source} is not valid JSON (${describeJsonError(text)})`);
  }
}

/**
 * Reads and parses a JSON file; a missing, unreadable or malformed file is a one-line
 * {@link UserError} naming `what` and the path.
 */
export function readJsonFile(path: string, what = 'file'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? 'unreadable';
    throw new UserError(`cannot read ${what} ${JSON.stringify(path)} (${why})`);
  }
  return parseJson(text, `${what} ${JSON.stringify(path)}`);
}

/** {@link readJsonFile}, requiring a JSON object (not an array, null or a scalar). */
export function readJsonObject(path: string, what = 'file'): Record<string, unknown> {
  const value = readJsonFile(path, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(`${what} ${JSON.stringify(path)} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
