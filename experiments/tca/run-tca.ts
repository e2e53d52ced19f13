import { join } from 'node:path';
import { readBarsCsv } from '../../env/data/bars-csv-reader.js';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { writeResultDir } from '../io/result-dir.js';
import { analyseFills, type TcaResult } from './analyse-fills.js';
import { formatTcaMarkdown } from './format-tca.js';
import { readFills, type ClockTime } from './read-fills.js';

/** The files `execgym tca` writes into its result directory. */
export const TCA_FILES = { summary: 'summary.json', markdown: 'summary.md' } as const;

export interface TcaRunOptions {
  readonly fillsFile: string;
  readonly marketFile: string;
  readonly arrival?: ClockTime;
  readonly pwpRate: number;
  readonly outDir: string;
}

/**
 * `execgym tca`: reads the fills and one symbol-day of bars, analyses them and writes summary.json
 * and summary.md into `outDir` together (a failed run leaves the directory as it was).
 * @throws UserError for bad files (one line naming file, line and column) or a market file with several series
 */
export async function runTca(options: TcaRunOptions): Promise<TcaResult> {
  const fills = readFills(options.fillsFile);
  const series = readBarsCsv(options.marketFile);
  if (series.length !== 1) {
    throw new UserError(`--market: ${options.marketFile} holds ${series.length} symbol-days (${series.map((s) => `${s.symbol} ${s.date}`).join(', ')}); tca reads one: keep that symbol's day in the file`);
  }
  const result = analyseFills(fills, series[0], { arrival: options.arrival, pwpRate: options.pwpRate });
  const summary = { fills: options.fillsFile, market: options.marketFile, ...result };
  await writeResultDir(options.outDir, 'tca', (staging) => {
    writeJsonAtomic(join(staging, TCA_FILES.summary), summary);
    writeFileAtomic(join(staging, TCA_FILES.markdown), formatTcaMarkdown(result));
  });
  return result;
}
