import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bars } from '../env/data/bars.js';
import { readBarsCsv } from '../env/data/bars-csv-reader.js';
import { lobsterBars } from '../env/data/lobster-bars.js';
import { readLobsterDay } from '../env/data/lobster-reader.js';
import { lobsterBarsSampleFile, lobsterLevel5SampleFile, xetraSampleFile } from '../env/data/sample-files.js';
import { readXetra } from '../env/data/xetra-reader.js';
import { UserError } from '../env/errors/errors.js';
import { dataDir } from './helpers/data-files.js';

/**
 * Property-based fuzzing of the market-data readers (issue 26): on random bytes and on valid files
 * mutated at random, a reader either returns well-formed series or throws a UserError of one line
 * naming the file; never another exception (TypeError, RangeError, "Invalid typed array length").
 */

const files = dataDir('fuzz');
afterAll(files.cleanup);

/** The first lines of a shipped file, as the seed a mutation starts from. */
const head = (path: string, lines: number) => readFileSync(path, 'utf8').split('\n').slice(0, lines);
const BARS = head(lobsterBarsSampleFile('AAPL'), 40);
const XETRA = [head(xetraSampleFile(), 1)[0], ...head(xetraSampleFile(), Infinity).filter((l) => l.includes('"SAP"')).slice(0, 30)];
const MESSAGES = head(lobsterLevel5SampleFile(), 40);
const BOOK = head(lobsterLevel5SampleFile().replace('_message_', '_orderbook_'), 40);

/** Mostly `valid`, sometimes one of `invalid`: so that fuzzed names and arguments leave reads to check. */
const mostly = <T,>(valid: T, ...invalid: T[]) => fc.oneof({ arbitrary: fc.constant(valid), weight: 3 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });

/** One edit of a file's lines: replace, delete, duplicate or swap a line, or change one character. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('char' as const), at: fc.nat(), char: fc.constantFrom(',', '-', '.', 'x', '', '"', '9', '0', ' ', '\u0000', 'e', 'NaN', '1e308', '\r') }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(lines: readonly string[], edits: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const edit of edits) {
    if (out.length === 0) break;
    const i = edit.at % out.length;
    if (edit.kind === 'char') {
      const line = out[i];
      const j = line.length === 0 ? 0 : edit.at % line.length;
      out[i] = line.slice(0, j) + edit.char + line.slice(j + 1);
    } else if (edit.kind === 'line') out[i] = edit.text;
    else if (edit.kind === 'delete') out.splice(i, 1);
    else if (edit.kind === 'duplicate') out.splice(i, 0, out[i]);
    else [out[i], out[(i + 1) % out.length]] = [out[(i + 1) % out.length], out[i]];
  }
  return out;
}

/** Runs a reader; a result must be well-formed series, an error a one-line UserError naming `file`. */
function expectCleanOutcome(read: () => readonly Bars[], file: string): 'read' | 'refused' {
  let bars: readonly Bars[];
  try {
    bars = read();
  } catch (error) {
    if (!(error instanceof UserError)) throw new Error(`a raw ${(error as Error).name} on ${file}: ${(error as Error).message}`);
    expect(error.message).not.toContain('\n');
    // A message names the file (for LOBSTER, the message file or its orderbook twin), or the bar length argument.
    if (!error.message.startsWith('barSeconds')) expect(error.message).toContain(basename(file).replace(/_(message|orderbook)_.*$/, ''));
    return 'refused';
  }
  for (const b of bars) {
    const n = b.start.length;
    expect(n).toBeGreaterThan(0);
    for (const column of [b.open, b.high, b.low, b.close, b.volume]) expect(column.length).toBe(n);
    for (let i = 0; i < n; i++) expect(b.high[i] >= b.low[i] && b.volume[i] >= 0 && Number.isFinite(b.close[i])).toBe(true);
  }
  return 'read';
}

/** Counts of outcomes per property, for the report. */
const tally: Record<string, { read: number; refused: number }> = {};
const count = (name: string, outcome: 'read' | 'refused') => ((tally[name] ??= { read: 0, refused: 0 })[outcome] += 1);
afterAll(() => console.log(`fuzz outcomes: ${JSON.stringify(tally)}`));

/** Runs per property; FUZZ_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
let serial = 0;

describe('data readers under fuzzing (fast-check)', () => {
  it('readBarsCsv on random bytes, plain or gzipped, never throws a raw exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (bytes, gzipped) => {
        const path = files.path(`random-${serial++}.csv${gzipped ? '.gz' : ''}`);
        writeFileSync(path, gzipped && bytes.length % 2 === 0 ? gzipSync(bytes) : bytes);
        count('bars random bytes', expectCleanOutcome(() => readBarsCsv(path), path));
      }),
      { numRuns: RUNS, seed: 26 },
    );
  });

  it('readBarsCsv on mutated valid files either reads well-formed bars or refuses in one line naming the file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), mostly<number | undefined>(10, undefined, 0, Number.NaN, 1e-9, 30), (edits, barSeconds) => {
        const path = files.write(`mutated-${serial++}.csv`, mutate(BARS, edits));
        count('bars mutated', expectCleanOutcome(() => readBarsCsv(path, { barSeconds, timeZone: 'America/New_York' }), path));
      }),
      { numRuns: RUNS, seed: 26 },
    );
  });

  it('readXetra on random bytes and on mutated valid files never throws a raw exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const path = files.path(`xetra-random-${serial++}.csv`);
        writeFileSync(path, bytes);
        count('xetra random bytes', expectCleanOutcome(() => readXetra(path), path));
      }),
      { numRuns: RUNS, seed: 26 },
    );
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), (edits) => {
        const path = files.write(`xetra-mutated-${serial++}.csv`, mutate(XETRA, edits));
        count('xetra mutated', expectCleanOutcome(() => readXetra(path), path));
      }),
      { numRuns: RUNS, seed: 26 },
    );
  });

  it('readLobsterDay and lobsterBars on mutated message/orderbook pairs, random bytes and random file names never throw a raw exception', () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { maxLength: 3 }),
        fc.array(mutation, { maxLength: 3 }),
        mostly('36000000_36300000', '36000000_36000001', '0_86400000', '36300000_36000000', '36000000_99999999999'),
        mostly(5, 1, 0, 201, 4294967296),
        mostly(10, 1, 1e-6, 7, Number.NaN),
        (messageEdits, bookEdits, window, level, barSeconds) => {
          const stem = `FUZ${serial++}_2012-06-21_${window}`;
          files.write(`${stem}_orderbook_${level}.csv`, mutate(BOOK, bookEdits));
          const path = files.write(`${stem}_message_${level}.csv`, mutate(MESSAGES, messageEdits));
          count('lobster mutated', expectCleanOutcome(() => [lobsterBars(readLobsterDay(path), barSeconds)], path));
        },
      ),
      { numRuns: RUNS, seed: 26 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 }), (message, book) => {
        const stem = `RND${serial++}_2012-06-21_36000000_36300000`;
        writeFileSync(files.path(`${stem}_orderbook_5.csv`), book);
        writeFileSync(files.path(`${stem}_message_5.csv`), message);
        const path = files.path(`${stem}_message_5.csv`);
        count('lobster random bytes', expectCleanOutcome(() => [lobsterBars(readLobsterDay(path), 1)], path));
      }),
      { numRuns: RUNS, seed: 26 },
    );
  });

  it('the fuzzed files were not all refused: mutations that keep a file valid are read', () => {
    expect(tally['bars mutated']?.read ?? 0).toBeGreaterThan(0);
    expect(tally['xetra mutated']?.read ?? 0).toBeGreaterThan(0);
    expect(tally['lobster mutated']?.read ?? 0).toBeGreaterThan(0);
  });
});
