import { UserError } from '../errors/errors.js';

/**
 * The one-line error for bad data: `data: FILE line L column C (NAME): MESSAGE`, FILE as the
 * caller typed it. Lines and columns are 1-based, as an editor shows them; `column` 0 means the
 * whole row.
 */
export function dataError(file: string, line: number, column: number, columnName: string, message: string): UserError {
  const where = column > 0 ? ` column ${column} (${columnName})` : '';
  return new UserError(`data: ${file} line ${line}${where}: ${message}`);
}
