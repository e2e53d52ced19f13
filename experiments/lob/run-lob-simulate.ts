import { join } from 'node:path';
import { writeLobsterFiles } from '../../env/data/lobster-writer.js';
import { UserError } from '../../env/errors/errors.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { FlowLog } from '../../env/lob/flow/flow-log.js';
import { QrSimulator } from '../../env/lob/flow/qr-simulator.js';
import type { TimeSpan } from '../../env/lob/flow/time-spans.js';
import { makeRng } from '../../env/random/rng.js';
import { STREAMS } from '../../env/random/seeds.js';
import { openResultDir } from '../io/result-dir.js';
import { readQrParams } from '../io/qr-card-dir.js';
import { shippedQrFlow } from './qr-flows.js';

const DAY_MS = 86_400_000;

export interface LobSimulateRequest {
  /** a shipped flow's id (experiments/lob/qr-flows.ts), or */
  readonly env?: string;
  /** a card directory of `execgym lob calibrate` */
  readonly card?: string;
  readonly seconds: number;
  readonly seed: number;
  readonly outDir: string;
}

/** simulation.json: what produced the files beside it (no wall-clock figures, so a seed fixes every byte). */
export interface SimulationRecord {
  readonly kind: 'lob-qr-simulation';
  readonly flow: { readonly env?: string; readonly card?: string; readonly symbol: string; readonly date: string; readonly fittedSpans: readonly TimeSpan[] };
  readonly seed: number;
  readonly stream: string;
  readonly startSeconds: number;
  readonly seconds: number;
  readonly messages: number;
  readonly modelEvents: number;
  readonly files: { readonly message: string; readonly orderbook: string };
}

/**
 * `execgym lob simulate`: the queue-reactive flow of a card run for `seconds` from the card's
 * initial book at the start of its first fitted span, written as a LOBSTER pair
 * (`SYMBOL_DATE_startMs_endMs_{message,orderbook}_K.csv`) and simulation.json, committed together.
 * @returns the record and the simulation's own speed (model events per second of wall time)
 * @throws UserError for a bad flag or card
 */
export function runLobSimulate(request: LobSimulateRequest): { record: SimulationRecord; eventsPerSecond: number } {
  checkDirPath(request.outDir, '--out');
  if ((request.env === undefined) === (request.card === undefined)) throw new UserError('lob simulate: give one of --env (a shipped flow) or --card (a card directory of lob calibrate)');
  const { card, params } = request.card !== undefined ? readQrParams(request.card) : shippedQrFlow(request.env!);
  const startMs = Math.round(card.spans[0].from * 1000);
  const endMs = startMs + Math.round(request.seconds * 1000);
  if (endMs > DAY_MS) throw new UserError(`--seconds: the flow starts at ${startMs / 1000} s after midnight (the card's first fitted span), so --seconds must be at most ${(DAY_MS - startMs) / 1000}, got ${request.seconds}`);
  if (endMs <= startMs) throw new UserError(`--seconds must be at least 0.001, got ${request.seconds}`);
  const log = new FlowLog(params.layout.levels);
  const sim = new QrSimulator(params, makeRng(request.seed, STREAMS.qrFlow), log);
  const wall = process.hrtime.bigint();
  sim.reset(startMs / 1000);
  sim.advanceTo(endMs / 1000);
  const eventsPerSecond = sim.events / (Number(process.hrtime.bigint() - wall) / 1e9);
  const events = log.toBookEvents({ symbol: card.symbol, date: card.date, source: 'execgym lob simulate', startSeconds: startMs / 1000, endSeconds: endMs / 1000 });
  const out = openResultDir(request.outDir, 'lob-simulate');
  let record: SimulationRecord;
  try {
    const paths = writeLobsterFiles(events, out.staging, startMs, endMs);
    const files = { message: paths.message.slice(out.staging.length + 1), orderbook: paths.orderbook.slice(out.staging.length + 1) };
    record = {
      kind: 'lob-qr-simulation',
      flow: { env: request.env, card: request.card, symbol: card.symbol, date: card.date, fittedSpans: card.spans },
      seed: request.seed,
      stream: STREAMS.qrFlow,
      startSeconds: startMs / 1000,
      seconds: (endMs - startMs) / 1000,
      messages: events.count,
      modelEvents: sim.events,
      files,
    };
    writeJsonAtomic(join(out.staging, 'simulation.json'), record);
  } catch (error) {
    out.abandon();
    throw error;
  }
  out.commit();
  return { record, eventsPerSecond };
}
