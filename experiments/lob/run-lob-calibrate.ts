import { loadLobsterDay } from '../../env/data/lobster-cache.js';
import { lobsterBookEvents } from '../../env/data/lobster-day.js';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { calibrateQr } from '../../env/lob/flow/qr-calibrate.js';
import { qrCard, type QrCard } from '../../env/lob/flow/qr-card.js';
import { sourceFile } from '../calibrate/run-calibrate.js';
import { openResultDir } from '../io/result-dir.js';
import { qrCardPaths } from '../io/qr-card-dir.js';
import { qrCardMarkdown } from './qr-card-markdown.js';

export interface LobCalibrateRequest {
  /** LOBSTER message file (its orderbook file beside it). */
  readonly data: string;
  readonly outDir: string;
  /** The span to fit, seconds after midnight (default: the file's window). */
  readonly from?: number;
  readonly to?: number;
}

/**
 * `execgym lob calibrate`: the queue-reactive model's intensities from a LOBSTER day, written as
 * DIR/card.json and DIR/card.md together (nothing reaches DIR on an error).
 * @throws UserError for a bad flag or data file (one line naming it)
 */
export function runLobCalibrate(request: LobCalibrateRequest): QrCard {
  checkDirPath(request.outDir, '--out');
  const day = loadLobsterDay(request.data);
  const from = request.from ?? day.startMs / 1000;
  const to = request.to ?? day.endMs / 1000;
  if (!(from < to)) throw new UserError(`--from must be before --to, got ${from} and ${to}`);
  const [first, last] = [day.time[0], day.time[day.count - 1]];
  if (to <= first || from >= last) throw new UserError(`--from/--to: the span ${from}..${to} s after midnight misses the data, which runs ${first}..${last}`);
  let card: QrCard;
  try {
    const cal = calibrateQr(lobsterBookEvents(day), from, to);
    card = qrCard(cal, { symbol: day.symbol, date: day.date, files: [sourceFile(day.files.message), sourceFile(day.files.orderbook)] });
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`--data: ${request.data}: ${error.message}`);
    throw error;
  }
  const out = openResultDir(request.outDir, 'lob-calibrate');
  try {
    const paths = qrCardPaths(out.staging);
    writeJsonAtomic(paths.card, card);
    writeFileAtomic(paths.cardMd, qrCardMarkdown(card));
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return card;
}
