import { join } from 'node:path';
import type { Argv } from 'yargs';
import { REFUSE_OUTSIDE_BAR_BPS, TCA_MARKOUT_MINUTES } from '../../tca/analyse-fills.js';
import { formatTcaMarkdown } from '../../tca/format-tca.js';
import { parseArrivalFlag } from '../../tca/read-fills.js';
import { runTca, TCA_FILES } from '../../tca/run-tca.js';
import { runCommand } from '../errors.js';
import { numberFlag, pathFlag, stringFlag } from '../flags.js';

const CONVENTIONS = [
  'Conventions (issue 23): FILLS.csv has time,side,quantity,price (side buy|sell; time YYYY-MM-DD HH:MM[:SS] or HH:MM[:SS], in the market file\'s clock) and optionally order_id, arrival_time, venue, liquidity (maker|taker); one order per order_id, else one order.',
  'BARS.csv is the bars format `calibrate --format bars` reads, one symbol-day; bar b covers [start, start + bar length).',
  "Arrival: --arrival-time, else the order's arrival_time column, else its first fill. Arrival price: the mid at arrival where the bars have quotes (the end-of-bar mid of the last bar ending at or before it), else that bar's close (before the first bar ends: the first bar's mid, or open).",
  "Interval: the bars from the one containing the arrival to the one containing the last fill, inclusive; a bar's price is its VWAP (notional / volume) where the data has one, else its close. VWAP and TWAP are over the interval; close is the last bar of the file's session; PWP is the market VWAP from the arrival's bar until the market has traded quantity / rate.",
  `Every number is in bps of its own benchmark price, side * (benchmark - average price) / benchmark: positive is a cost, for buys and sells alike. Where quotes exist the IS splits into delay (arrival to first fill) + impact/timing (the mid over the fills) + spread (fills against the mid). Mark-outs at +${TCA_MARKOUT_MINUTES.join(', +')} minutes: each fill against the price in force then, share-weighted.`,
  `Refused: a fill or arrival outside the market file's session, an order with both sides, an arrival after its first fill, a fill more than ${REFUSE_OUTSIDE_BAR_BPS} bps outside its bar's [low, high]. Flagged (kept, listed in summary.json 'flagged' and summary.md): a fill outside its bar's [low, high] by less.`,
].join('\n\n');

/** `execgym tca`: transaction-cost analysis of a user's own fills against market bars. */
export function tcaCommand(yargs: Argv) {
  return yargs.command(
    'tca',
    "transaction-cost analysis of your own fills: IS (decomposed where quotes exist), VWAP, TWAP, close and PWP slippage, mark-outs, participation",
    (y) =>
      y
        .usage(`execgym tca --fills FILLS.csv --market BARS.csv [--arrival-time T] [--pwp-rate 0.1] --out DIR\n\n${CONVENTIONS}`)
        .option('fills', { type: 'string', demandOption: true, describe: 'CSV of fills: time,side,quantity,price[,order_id,arrival_time,venue,liquidity]' })
        .option('market', { type: 'string', demandOption: true, describe: 'bars CSV of the symbol-day (the format calibrate --format bars reads)' })
        .option('arrival-time', { type: 'string', describe: "every order's arrival (YYYY-MM-DD HH:MM[:SS] or HH:MM[:SS]); default: the arrival_time column, else the first fill" })
        .option('pwp-rate', { type: 'string', default: '0.1', describe: 'participation rate of the PWP benchmark, in (0, 1]' })
        .option('out', { type: 'string', demandOption: true, describe: `output directory (${TCA_FILES.summary}, ${TCA_FILES.markdown}), written atomically` })
        .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the tables' })
        .example('execgym tca --fills fills.csv --market bars.csv --out runs/tca', 'TCA of every order in fills.csv'),
    (argv) =>
      runCommand(async () => {
        const pwpRate = numberFlag('pwp-rate', argv['pwp-rate'], (v) => v > 0 && v <= 1, 'a rate in (0, 1]');
        const arrival = argv['arrival-time'] === undefined ? undefined : parseArrivalFlag(stringFlag('arrival-time', argv['arrival-time']));
        const outDir = pathFlag('out', argv.out);
        const result = await runTca({ fillsFile: pathFlag('fills', argv.fills), marketFile: pathFlag('market', argv.market), arrival, pwpRate, outDir });
        console.log(argv.json ? JSON.stringify(result, null, 2) : formatTcaMarkdown(result));
        console.error(`wrote ${join(outDir, TCA_FILES.summary)}, ${join(outDir, TCA_FILES.markdown)}`);
      }),
  );
}
