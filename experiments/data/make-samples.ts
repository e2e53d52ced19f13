/**
 * Rebuilds the LOBSTER extracts shipped in `env/data/samples/lobster-2012-06-21/` from LOBSTER's
 * sample files, so a fresh clone needs no raw data and anyone can check how they were made:
 *
 *   node dist/experiments/data/make-samples.js LEVEL1_DIR LEVEL5_MESSAGE_FILE
 *
 * - `{AAPL,AMZN,GOOG}_2012-06-21_10s_bars.csv`: 10-second bars (a bars CSV `readBarsCsv` reads)
 *   with time-weighted quotes, the end-of-bar mid, signed volume and notional, from the level-1
 *   files; 2,340 bars per symbol over 09:30–16:00 ET.
 * - `AMZN_2012-06-21_36000000_36300000_{message,orderbook}_5.csv`: the raw level-5 events and
 *   book of 10:00–10:05 ET, lines copied unchanged (for reader tests and passive execution).
 * - `AMZN_2012-06-21_36000000_46800000_{message,orderbook}_5.csv.gz`: the same for 10:00–13:00 ET,
 *   gzipped (the queue-position replay env `lobster-queue-v0` plays its windows).
 * - `AMZN_2012-06-21_34200000_57600000_{message,orderbook}_5.csv.gz`: the whole day (09:30–16:00
 *   ET, 155,935 events), gzipped: the LOBSTER message replay (env/lob/) is checked bit for bit on it.
 * - `extracts.json`: SHA-256 of every source and output file and the defects the readers counted.
 *
 * The Xetra PDS days (`xetra-pds-2018-03-21/`, `xetra-pds-2017-07-28/`) are not derived: each is
 * shipped byte for byte as its PROVENANCE.md describes, and test/data-xetra-days.test.ts checks
 * its SHA-256 against the one written there.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { barsToCsv } from '../../env/data/bars-to-csv.js';
import { lobsterBars } from '../../env/data/lobster-bars.js';
import { parseLobsterFileName } from '../../env/data/lobster-file-name.js';
import { readLobsterDay } from '../../env/data/lobster-reader.js';
import { forEachLine } from '../../env/data/line-reader.js';
import { samplesDir } from '../../env/data/sample-files.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';

const SYMBOLS = ['AAPL', 'AMZN', 'GOOG'] as const;
const BAR_SECONDS = 10;
/** Level-5 windows copied whole; the long ones gzipped to keep the package small (~1.2 MB for 3 hours, 2.5 MB for the day). */
const SLICES = [
  { startMs: 36_000_000, endMs: 36_300_000, gzip: false },
  { startMs: 36_000_000, endMs: 46_800_000, gzip: true },
  { startMs: 34_200_000, endMs: 57_600_000, gzip: true },
] as const;
type Slice = (typeof SLICES)[number];

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Copies the lines of a LOBSTER pair whose events fall in [startMs, endMs), unchanged. */
function sliceLobster(messageFile: string, outDir: string, slice: Slice): string[] {
  const name = parseLobsterFileName(messageFile);
  const stem = `${name.symbol}_${name.date}_${slice.startMs}_${slice.endMs}`;
  const keep: number[] = [];
  const messages: string[] = [];
  forEachLine(name.message, (text, line) => {
    const seconds = Number(text.slice(0, text.indexOf(',')));
    if (seconds * 1000 >= slice.startMs && seconds * 1000 < slice.endMs) keep.push(line), messages.push(text);
  });
  const wanted = new Set(keep);
  const book: string[] = [];
  forEachLine(name.orderbook, (text, line) => void (wanted.has(line) && book.push(text)));
  const extension = slice.gzip ? '.csv.gz' : '.csv';
  const out = [join(outDir, `${stem}_message_${name.levels}${extension}`), join(outDir, `${stem}_orderbook_${name.levels}${extension}`)];
  // Node writes a gzip header without a time stamp, so the same lines give the same bytes.
  const encode = (lines: string[]) => (slice.gzip ? gzipSync(`${lines.join('\n')}\n`, { level: 9 }) : `${lines.join('\n')}\n`);
  writeFileAtomic(out[0], encode(messages));
  writeFileAtomic(out[1], encode(book));
  return out;
}

function main(level1Dir: string, level5Message: string): void {
  const outDir = join(samplesDir(), 'lobster-2012-06-21');
  const record: Record<string, unknown>[] = [];
  for (const symbol of SYMBOLS) {
    const day = readLobsterDay(join(level1Dir, `${symbol}_2012-06-21_34200000_57600000_message_1.csv`));
    const bars = lobsterBars(day, BAR_SECONDS);
    const out = join(outDir, `${symbol}_2012-06-21_${BAR_SECONDS}s_bars.csv`);
    writeFileAtomic(out, barsToCsv(bars));
    const sources = [day.files.message, day.files.orderbook].map((f) => ({ file: basename(f), sha256: sha256(f) }));
    record.push({ output: basename(out), sha256: sha256(out), sources, bars: bars.start.length, defects: bars.defects.map(({ kind, count }) => ({ kind, count })) });
  }
  const name = parseLobsterFileName(level5Message);
  for (const slice of SLICES) {
    for (const out of sliceLobster(level5Message, outDir, slice)) {
      const sources = [name.message, name.orderbook].map((f) => ({ file: basename(f), sha256: sha256(f) }));
      record.push({ output: basename(out), sha256: sha256(out), sources, window: { startMs: slice.startMs, endMs: slice.endMs } });
    }
  }
  writeJsonAtomic(join(outDir, 'extracts.json'), record);
  console.log(`wrote ${record.length} extracts to ${outDir}`);
}

const [level1Dir, level5Message] = process.argv.slice(2);
if (!level1Dir || !level5Message) {
  console.error('usage: node dist/experiments/data/make-samples.js LEVEL1_DIR LEVEL5_MESSAGE_FILE');
  process.exit(2);
}
main(level1Dir, level5Message);
