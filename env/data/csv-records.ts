import { csvFields } from './csv-fields.js';
import { dataError } from './data-error.js';
import { forEachLine } from './line-reader.js';

/**
 * A header-led CSV read line by line: blank lines skipped, the header's columns found by name
 * (trimmed, case-insensitive), and every data row checked to have the header's width, so a reader
 * sees only whole rows. One home for what every CSV reader of ours checks first.
 * @param what the file's kind for the missing-column message, e.g. "a trades CSV"
 * @param onRow called with each data row's fields, its line number and the column index
 * @returns the column index, or undefined for a file without a header
 * @throws UserError naming file and line for a missing required column, an unterminated quote or a
 *   row of the wrong width
 */
export function forEachCsvRecord<C extends string>(
  file: string,
  columns: CsvColumns<C>,
  onRow: (fields: readonly string[], line: number, index: Partial<Record<C, number>>) => void,
): Partial<Record<C, number>> | undefined {
  let index: Partial<Record<C, number>> | undefined;
  let width = 0;
  forEachLine(file, (text, line) => {
    if (text.trim() === '') return;
    const fields = csvFields(text);
    if (!fields) throw dataError(file, line, 0, '', 'unterminated quote');
    if (!index) {
      index = headerIndex(fields, file, columns);
      width = fields.length;
      return;
    }
    if (fields.length !== width) throw dataError(file, line, 0, '', `malformed row: ${fields.length} fields, the header has ${width}`);
    onRow(fields, line, index);
  });
  return index;
}

/** A reader's columns: required, optional, its kind for messages, and a check of the header's combination. */
export interface CsvColumns<C extends string> {
  readonly required: readonly C[];
  readonly optional: readonly C[];
  readonly what: string;
  /** Throws (naming the file) when the found columns do not go together, e.g. bid without ask. */
  readonly checkHeader?: (index: Partial<Record<C, number>>, file: string) => void;
}

function headerIndex<C extends string>(header: readonly string[], file: string, columns: CsvColumns<C>): Partial<Record<C, number>> {
  const names = header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<C, number>> = {};
  for (const name of [...columns.required, ...columns.optional]) {
    const i = names.indexOf(name);
    if (i >= 0) index[name] = i;
    else if (columns.required.includes(name)) throw dataError(file, 1, 0, '', `missing column ${name}; ${columns.what} needs ${columns.required.join(', ')} (optional: ${columns.optional.join(', ')})`);
  }
  columns.checkHeader?.(index, file);
  return index;
}
