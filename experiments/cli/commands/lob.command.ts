import type { Argv } from 'yargs';
import { lobsterBookEvents } from '../../../env/data/lobster-day.js';
import { readLobsterDay } from '../../../env/data/lobster-reader.js';
import { UserError } from '../../../env/errors/errors.js';
import { bookSnapshot } from '../../../env/lob/book-snapshot.js';
import { LobsterReplay } from '../../../env/lob/lobster-replay.js';
import { runCommand } from '../errors.js';
import { integerFlag, numberFlag, pathFlag, stringFlag } from '../flags.js';
import { lobCalibrateCommand } from '../lob/calibrate-subcommand.js';
import { lobFactsCommand } from '../lob/facts-subcommand.js';
import { lobSimulateCommand } from '../lob/simulate-subcommand.js';

/** An order of ours from `--order TIME,SIDE,PRICE,SIZE`. */
interface OrderFlag {
  time: number;
  side: 1 | -1;
  /** 1e-4 units; NaN for `market` */
  priceE4: number;
  size: number;
}

/** Parses one `--order` value. @throws UserError naming the field, the value and what is allowed */
export function parseOrderFlag(text: string): OrderFlag {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 4) throw new UserError(`--order must be TIME,SIDE,PRICE,SIZE, got ${JSON.stringify(text)}`);
  const [timeText, sideText, priceText, sizeText] = parts;
  const time = Number(timeText);
  if (timeText === '' || !Number.isFinite(time) || time < 0) throw new UserError(`--order TIME must be seconds after midnight (a finite number >= 0), got ${JSON.stringify(timeText)} in ${JSON.stringify(text)}`);
  if (sideText !== 'buy' && sideText !== 'sell') throw new UserError(`--order SIDE must be buy or sell, got ${JSON.stringify(sideText)} in ${JSON.stringify(text)}`);
  const priceE4 = priceText === 'market' ? NaN : Number(priceText);
  if (priceText !== 'market' && !(/^\d+$/.test(priceText) && priceE4 > 0 && Number.isSafeInteger(priceE4))) throw new UserError(`--order PRICE must be a positive integer in the file's units (1e-4 $) or market, got ${JSON.stringify(priceText)} in ${JSON.stringify(text)}`);
  const size = Number(sizeText);
  if (!/^\d+$/.test(sizeText) || !(size > 0) || !Number.isSafeInteger(size)) throw new UserError(`--order SIZE must be a positive integer (shares), got ${JSON.stringify(sizeText)} in ${JSON.stringify(text)}`);
  return { time, side: sideText === 'buy' ? 1 : -1, priceE4, size };
}

/** `execgym lob replay`: the LOBSTER replay's book at a time, with our orders injected. */
export function lobCommand(yargs: Argv) {
  return yargs.command('lob', 'the limit order book: replay recorded messages with our orders in the book; fit and simulate a reactive order flow', (y) =>
    lobFactsCommand(lobSimulateCommand(lobCalibrateCommand(y)))
      .command(
        'replay',
        'the book after every recorded message up to --at, with our orders applied at their times',
        (r) =>
          r
            .option('data', { type: 'string', demandOption: true, describe: 'LOBSTER message file (its orderbook file is found by name; .csv.gz works)' })
            .option('format', { type: 'string', default: 'lobster', describe: 'data format (lobster)' })
            .option('at', { type: 'string', demandOption: true, describe: 'seconds after midnight: apply recorded messages with time <= this' })
            .option('levels', { type: 'string', describe: 'levels per side to print (default: the file\'s)' })
            .option('order', { type: 'string', array: true, describe: 'our order TIME,SIDE,PRICE,SIZE (SIDE buy|sell, PRICE 1e-4 $ or market); repeatable' })
            .option('latency', { type: 'string', default: '0', describe: 'order-entry latency, seconds' })
            .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
            .example('execgym lob replay --data AMZN_2012-06-21_34200000_57600000_message_5.csv.gz --format lobster --at 34300 --order 34250,buy,2237500,100 --json', 'where our bid stands after 50 s'),
        (argv) =>
          runCommand(() => {
            const format = stringFlag('format', argv.format);
            if (format !== 'lobster') throw new UserError(`--format must be lobster, got ${JSON.stringify(format)}`);
            const at = numberFlag('at', argv.at, (v) => v >= 0, 'seconds after midnight (a finite number >= 0)');
            const latency = numberFlag('latency', argv.latency, (v) => v >= 0, 'seconds (a finite number >= 0)');
            const orders = (argv.order ?? []).map((o) => parseOrderFlag(String(o))).sort((a, b) => a.time - b.time);
            const events = lobsterBookEvents(readLobsterDay(pathFlag('data', argv.data)));
            const levels = argv.levels === undefined ? events.levels : integerFlag('levels', argv.levels, 1, 1000);
            const replay = new LobsterReplay(events);
            replay.startAfter(0);
            for (const o of orders) {
              if (o.time > at) break;
              replay.advanceTo(o.time);
              replay.send(o.side, o.priceE4, o.size, latency);
            }
            replay.advanceTo(at);
            const snapshot = bookSnapshot(replay, levels);
            if (argv.json) console.log(JSON.stringify(snapshot));
            else printSnapshot(snapshot);
          }),
      )
      .demandCommand(1, 'name a lob subcommand (replay, calibrate, simulate, facts)'),
  );
}

function printSnapshot(s: ReturnType<typeof bookSnapshot>): void {
  console.log(`book at ${s.time}`);
  for (const a of [...s.asks].reverse()) console.log(`  ask ${a.price}  ${a.size} (${a.orders} orders)`);
  for (const b of s.bids) console.log(`  bid ${b.price}  ${b.size} (${b.orders} orders)`);
  for (const o of s.ours) console.log(`ours ${o.side} ${o.size} @ ${o.price} sent ${o.time}: ${o.remaining} resting, ${o.ahead} ahead`);
  for (const f of s.fills) console.log(`fill ${f.size} @ ${f.price} at ${f.time} (${f.passive ? 'passive' : 'aggressive'})`);
}
