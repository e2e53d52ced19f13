import type { Argv } from 'yargs';
import { runLobCalibrate } from '../../lob/run-lob-calibrate.js';
import { runCommand } from '../errors.js';
import { numberFlag, pathFlag, stringFlag } from '../flags.js';

/** `execgym lob calibrate`: the queue-reactive order-flow model fitted to a LOBSTER day (issue 21). */
export function lobCalibrateCommand(y: Argv): Argv {
  return y.command(
    'calibrate',
    'fit the queue-reactive order-flow model to a LOBSTER day: DIR/card.json and DIR/card.md (every intensity with its count, exposure and exact 95% interval)',
    (c) =>
      c
        .option('data', { type: 'string', describe: 'LOBSTER message file (its orderbook file is found by name; .csv.gz works)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
        .option('from', { type: 'string', describe: "start of the fitted span, seconds after midnight (default: the file's window)" })
        .option('to', { type: 'string', describe: "end of the fitted span, seconds after midnight (default: the file's window)" })
        .option('training-windows-of', { type: 'string', describe: "instead of --data and a span: the training windows of a LOBSTER replay env (e.g. lob-replay-v0) in its own LOBSTER file, so none of its validation or test windows reaches the card" })
        .example('execgym lob calibrate --data AMZN_2012-06-21_34200000_57600000_message_5.csv.gz --from 36000 --to 55800 --out cards/amzn-qr', 'AMZN from 10:00 to 15:30')
        .example('execgym lob calibrate --training-windows-of lob-replay-v0 --out cards/amzn-qr', "the shipped card: lob-replay-v0's 71 training windows only"),
    (argv) =>
      runCommand(() => {
        const seconds = (flag: 'from' | 'to') => (argv[flag] === undefined ? undefined : numberFlag(flag, argv[flag], (v) => v >= 0 && v <= 86_400, 'seconds after midnight (a number in [0, 86400])'));
        const card = runLobCalibrate({
          data: argv.data === undefined ? undefined : pathFlag('data', argv.data),
          outDir: pathFlag('out', argv.out),
          from: seconds('from'),
          to: seconds('to'),
          trainingWindowsOf: argv['training-windows-of'] === undefined ? undefined : stringFlag('training-windows-of', argv['training-windows-of']),
        });
        const s = card.sample;
        const fitted = card.spansOf ?? card.spans.map((x) => `${x.from}..${x.to} s`).join(', ');
        console.log(`${card.symbol} ${card.date} ${fitted}: ${s.events.limit} limit orders, ${s.events.cancel} cancels, ${s.events.market} market orders in ${card.intensities.length} intensities; time-weighted spread ${s.timeWeightedSpreadTicks.toFixed(2)} ticks`);
        console.error(`wrote ${['card.json', 'card.md'].map((f) => `${String(argv.out)}/${f}`).join(', ')}`);
      }),
  );
}
