import type { Argv } from 'yargs';
import { qrFlowIds } from '../../lob/qr-flows.js';
import { runLobSimulate } from '../../lob/run-lob-simulate.js';
import { runCommand } from '../errors.js';
import { integerFlag, numberFlag, pathFlag, stringFlag } from '../flags.js';

/** `execgym lob simulate`: a generated order flow written as a LOBSTER message and orderbook pair (issue 21). */
export function lobSimulateCommand(y: Argv): Argv {
  return y.command(
    'simulate',
    'run the queue-reactive order flow of a card and write it as LOBSTER files (SYMBOL_DATE_startMs_endMs_{message,orderbook}_K.csv) that every LOBSTER tool, lob replay and lob calibrate read',
    (c) =>
      c
        .option('env', { type: 'string', describe: `a shipped flow: ${qrFlowIds.join(', ')} (AMZN 2012-06-21, fitted on lob-replay-v0's training windows only; its validation and test windows held out)` })
        .option('card', { type: 'string', describe: 'instead of --env: a card directory written by lob calibrate' })
        .option('seconds', { type: 'string', demandOption: true, describe: "seconds of flow, from the start of the card's fitted span" })
        .option('seed', { type: 'string', default: '0', describe: 'seed of the flow (same seed, same files)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
        .example('execgym lob simulate --env lob-qr-v0 --seconds 3600 --seed 1 --out sim/', 'an hour of generated AMZN flow'),
    (argv) =>
      runCommand(() => {
        const { record, eventsPerSecond } = runLobSimulate({
          env: argv.env === undefined ? undefined : stringFlag('env', argv.env),
          card: argv.card === undefined ? undefined : pathFlag('card', argv.card),
          seconds: numberFlag('seconds', argv.seconds, (v) => v > 0, 'a number of seconds > 0'),
          seed: integerFlag('seed', argv.seed, 0),
          outDir: pathFlag('out', argv.out),
        });
        console.log(`${record.messages} messages (${record.modelEvents} model events) over ${record.seconds} s of ${record.flow.symbol} flow, seed ${record.seed}: ${record.files.message}`);
        console.error(`simulated ${Math.round(eventsPerSecond)} model events/s; wrote ${[record.files.message, record.files.orderbook, 'simulation.json'].map((f) => `${String(argv.out)}/${f}`).join(', ')}`);
      }),
  );
}
