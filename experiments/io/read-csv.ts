import { readFileSync } from 'node:fs';

/**
 * Reads a CSV with a header row into records of strings. Handles RFC 4180 quoting (fields with
 * commas, quotes or newlines), which is all csv-writer produces.
 */
export function readCsv(path: string): Record<string, string>[] {
  return csvRecords(readFileSync(path, 'utf8'));
}

/** A CSV text's data rows as records of strings keyed by the header. */
export function csvRecords(text: string): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  forEachCsvRow(text, (row, header) => records.push(Object.fromEntries(header.map((h, j) => [h, row[j] ?? '']))));
  return records;
}

/**
 * Calls `onRow` with each data row's fields (and the header's) in file order, blank lines skipped,
 * without keeping the rows: a suite's episodes.csv has hundreds of thousands of rows of 40+ columns,
 * and records of all of them at once took gigabytes.
 */
export function forEachCsvRow(text: string, onRow: (row: readonly string[], header: readonly string[], index: number) => void): void {
  let header: string[] | null = null;
  let index = 0;
  parseCsv(text, (row) => {
    if (header === null) header = row;
    else if (row.length > 1 || row[0] !== '') onRow(row, header, index++);
  });
}

function parseCsv(text: string, onRow: (row: string[]) => void): void {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      onRow(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    onRow(row);
  }
}
