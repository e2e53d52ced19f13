import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../errors.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine(text, lineNumber)` for each line of a text file, streaming it in 1 MiB chunks so
 * a LOBSTER day (tens of MB) never sits in memory as one string. Synchronous, because envs are
 * made synchronously (`make`). Line numbers are 1-based; `\r\n` endings are accepted; a final
 * empty line is not reported.
 * @throws UserError when the file cannot be read
 */
export function forEachLine(path: string, onLine: (text: string, lineNumber: number) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UserError(`data: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let lineNumber = 0;
    const emit = (text: string) => onLine(text.endsWith('\r') ? text.slice(0, -1) : text, ++lineNumber);
    for (;;) {
      const bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      const text = pending + decoder.decode(buffer.subarray(0, bytes), { stream: bytes > 0 });
      const lines = text.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line);
      if (bytes === 0) break;
    }
    if (pending.length > 0) emit(pending);
  } finally {
    closeSync(fd);
  }
}
