import { createObjectCsvStringifier } from 'csv-writer';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { assertFiniteJson } from '../../env/io/finite-guard.js';

/** A CSV column: the record field `id` under the header `title`. */
export interface CsvColumn<T> {
  readonly id: keyof T & string;
  readonly title: string;
}

/**
 * Writes `records` as CSV, whole or not at all. csv-writer quotes and escapes the fields; its own
 * file writer appends in place, so the text is built with its stringifier and written through
 * {@link writeFileAtomic} (temp file + rename): a partial result file never appears.
 * @throws NonFiniteResultError when a record holds NaN or ±Infinity
 */
export function writeCsvAtomic<T extends object>(path: string, columns: readonly CsvColumn<T>[], records: readonly T[]): void {
  assertFiniteJson(records, path);
  const stringifier = createObjectCsvStringifier({ header: columns.map((c) => ({ id: c.id, title: c.title })) });
  writeFileAtomic(path, stringifier.getHeaderString() + stringifier.stringifyRecords(records as unknown as Record<string, unknown>[]));
}
