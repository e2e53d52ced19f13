import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors/errors.js';

const CHUNK_BYTES = 1 << 20;
/** Longest line a data file may have: no format we read comes near it, and binary garbage without line breaks stops here instead of filling memory. */
export const MAX_LINE_CHARS = 1 << 20;
/** Most bytes a `.gz` file may unpack to (a full LOBSTER day at level 10 is a few hundred MB): a gzip bomb stops here. */
export const MAX_UNPACKED_BYTES = 1 << 30;

/**
 * Pulls the lines of a text file one at a time, reading 1 MiB chunks, so a LOBSTER day (tens of
 * MB) never sits in memory as one string and two files can be read in step (messages and book).
 * Synchronous, because envs are made synchronously (`make`). `\r\n` endings are accepted; a final
 * empty line is not reported. A file named `*.gz` is gunzipped whole first (the shipped extracts are
 * a few MB unpacked). Call {@link LineReader.close} when done (`forEachLine` does).
 */
export class LineReader {
  /** 1-based number of the line last returned by {@link LineReader.next}. */
  lineNumber = 0;
  private readonly fd: number;
  /** The unpacked bytes of a `.gz` file and how many of them were read, or null for a plain file. */
  private readonly unpacked: Buffer | null;
  private unpackedOffset = 0;
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly decoder = new TextDecoder('utf-8');
  private lines: string[] = [];
  private cursor = 0;
  private pending = '';
  private ended = false;

  /** @throws UserError when the file cannot be opened */
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new UserError(`data: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // open(2) succeeds on a folder; reading it would fail later with a bare EISDIR.
    if (fstatSync(this.fd).isDirectory()) {
      closeSync(this.fd);
      throw new UserError(`data: ${path} is a folder, expected a file`);
    }
    this.unpacked = path.endsWith('.gz') ? gunzip(path, this.fd) : null;
  }

  /** The next line without its ending, or `undefined` at the end of the file. */
  next(): string | undefined {
    while (this.cursor >= this.lines.length) {
      if (this.ended) return undefined;
      this.fill();
    }
    const line = this.lines[this.cursor++];
    this.lineNumber++;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Up to one chunk of the file into the buffer; the number of bytes, 0 at the end. */
  private read(): number {
    if (!this.unpacked) return readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    const bytes = this.unpacked.copy(this.buffer, 0, this.unpackedOffset, this.unpackedOffset + CHUNK_BYTES);
    this.unpackedOffset += bytes;
    return bytes;
  }

  private fill(): void {
    const bytes = this.read();
    const text = this.pending + this.decoder.decode(this.buffer.subarray(0, bytes), { stream: bytes > 0 });
    this.lines = text.split('\n');
    this.cursor = 0;
    this.pending = this.lines.pop() ?? '';
    this.checkLineLengths();
    if (bytes === 0) {
      this.ended = true;
      if (this.pending.length > 0) this.lines.push(this.pending);
    }
  }

  /** Refuses a line over {@link MAX_LINE_CHARS}; `fill` runs only once every earlier line was returned. */
  private checkLineLengths(): void {
    for (let i = 0; i <= this.lines.length; i++) {
      const length = i < this.lines.length ? this.lines[i].length : this.pending.length;
      if (length > MAX_LINE_CHARS) throw new UserError(`data: ${this.path} line ${this.lineNumber + 1 + i}: longer than ${MAX_LINE_CHARS} characters: not a text data file`);
    }
  }
}

/** Reads and unpacks a gzipped file (closing it on failure).
 * @throws UserError when it is not a valid gzip stream
 */
function gunzip(path: string, fd: number): Buffer {
  try {
    return gunzipSync(readFileSync(fd), { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    closeSync(fd);
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new UserError(`data: cannot unpack ${path}: ${tooLarge ? `it unpacks to more than ${MAX_UNPACKED_BYTES} bytes` : (error as Error).message}`);
  }
}

/** Calls `onLine(text, lineNumber)` for each line of a file (1-based numbers), streaming it. */
export function forEachLine(path: string, onLine: (text: string, lineNumber: number) => void): void {
  const reader = new LineReader(path);
  try {
    for (let line = reader.next(); line !== undefined; line = reader.next()) onLine(line, reader.lineNumber);
  } finally {
    reader.close();
  }
}
