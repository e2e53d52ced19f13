/**
 * C0 and C1 control characters (escape sequences start with ESC or CSI), DEL, and the Unicode
 * marks that reorder text (bidi overrides and isolates), which can make a line read as something else.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` without control characters, for printing a string that someone else wrote (a worker's
 * name, a run's label or failure reason read from Redis: issue 25), so that it cannot move the
 * cursor, rewrite earlier lines, retitle the terminal or forge a line of output.
 * @example printable('run\u001b[2K\rdone') // 'run[2Kdone'
 */
export function printable(text: unknown): string {
  return String(text).replace(CONTROL, '');
}
