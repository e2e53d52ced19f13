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
import { replayWindowSpans } from './replay-window-spans.js';

export interface LobCalibrateRequest {
  /** LOBSTER message file (its orderbook file beside it); not with trainingWindowsOf, which reads the env's own. */
  readonly data?: string;
  readonly outDir: string;
  /** The span to fit, seconds after midnight (default: the file's window). */
  readonly from?: number;
  readonly to?: number;
  /** Instead of one span: the training windows of this LOBSTER replay env (its validation and test windows never reach the card). */
  readonly trainingWindowsOf?: string;
}

/**
 * `execgym lob calibrate`: the queue-reactive model's intensities from a LOBSTER day, written as
 * DIR/card.json and DIR/card.md together (nothing reaches DIR on an error). Fitted on one span of
 * the day, or on a replay env's training windows only, so that a policy trained in the generated
 * flow can be tested on the replay's held-out windows without their messages in any fitted number.
 * @throws UserError for a bad flag or data file (one line naming it)
 */
export function runLobCalibrate(request: LobCalibrateRequest): QrCard {
  checkDirPath(request.outDir, '--out');
  const windows = request.trainingWindowsOf === undefined ? undefined : replayWindowSpans(request.trainingWindowsOf, ['training'], '--training-windows-of');
  if (windows && (request.from !== undefined || request.to !== undefined || request.data !== undefined)) {
    throw new UserError("--training-windows-of: it names the windows and the env's own LOBSTER file; leave out --data, --from and --to");
  }
  const data = request.data ?? windows?.data;
  if (data === undefined) throw new UserError('lob calibrate: give --data (a LOBSTER message file) or --training-windows-of (a LOBSTER replay env)');
  const day = loadLobsterDay(data);
  const span = { from: request.from ?? day.startMs / 1000, to: request.to ?? day.endMs / 1000 };
  if (!windows && !(span.from < span.to)) throw new UserError(`--from must be before --to, got ${span.from} and ${span.to}`);
  const spans = windows?.spans ?? [span];
  const [first, last] = [day.time[0], day.time[day.count - 1]];
  const outside = spans.find((s) => s.to <= first || s.from >= last);
  if (outside) throw new UserError(`${windows ? '--training-windows-of' : '--from/--to'}: the span ${outside.from}..${outside.to} s after midnight misses the data, which runs ${first}..${last}`);
  let card: QrCard;
  try {
    const cal = calibrateQr(lobsterBookEvents(day), spans);
    card = qrCard(cal, { symbol: day.symbol, date: day.date, files: [sourceFile(day.files.message), sourceFile(day.files.orderbook)], spansOf: windows?.description });
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`--data: ${data}: ${error.message}`);
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
