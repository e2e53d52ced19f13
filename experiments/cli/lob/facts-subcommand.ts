import type { Argv } from 'yargs';
import { loadLobsterDay } from '../../../env/data/lobster-cache.js';
import { lobsterBookEvents } from '../../../env/data/lobster-day.js';
import { UserError } from '../../../env/errors/errors.js';
import { stylisedFacts, type StylisedFacts } from '../../../env/lob/flow/stylised-facts.js';
import { runCommand } from '../errors.js';
import { numberFlag, pathFlag } from '../flags.js';

/** `execgym lob facts`: the stylised facts of a LOBSTER day, recorded or simulated (issue 21). */
export function lobFactsCommand(y: Argv): Argv {
  return y.command(
    'facts',
    'stylised facts of a LOBSTER day, recorded or written by lob simulate: spread, touch queue, event rates, inter-event times, market-order sign autocorrelation, mid-price signature',
    (c) =>
      c
        .option('data', { type: 'string', demandOption: true, describe: 'LOBSTER message file (its orderbook file is found by name; .csv.gz works)' })
        .option('from', { type: 'string', describe: "start, seconds after midnight (default: the file's window)" })
        .option('to', { type: 'string', describe: "end, seconds after midnight (default: the file's window)" })
        .option('tick', { type: 'string', default: '100', describe: "tick size in the file's price units (1e-4 $)" })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('execgym lob facts --data sim/AMZN_2012-06-21_36000000_55800000_message_5.csv', 'the facts of a simulated flow'),
    (argv) =>
      runCommand(() => {
        const seconds = (flag: 'from' | 'to') => (argv[flag] === undefined ? undefined : numberFlag(flag, argv[flag], (v) => v >= 0 && v <= 86_400, 'seconds after midnight (a number in [0, 86400])'));
        const tick = numberFlag('tick', argv.tick, (v) => v > 0 && Number.isInteger(v), "a positive integer (the file's price units)");
        const [fromFlag, toFlag] = [seconds('from'), seconds('to')];
        const day = loadLobsterDay(pathFlag('data', argv.data));
        const from = fromFlag ?? day.startMs / 1000;
        const to = toFlag ?? day.endMs / 1000;
        if (!(from < to)) throw new UserError(`--from must be before --to, got ${from} and ${to}`);
        let facts: StylisedFacts;
        try {
          facts = stylisedFacts(lobsterBookEvents(day), [{ from, to }], tick);
        } catch (error) {
          if (error instanceof RangeError) throw new UserError(`--data: ${String(argv.data)}: ${error.message}`);
          throw error;
        }
        if (argv.json) console.log(JSON.stringify({ from, to, ...facts }));
        else printFacts(facts, from, to);
      }),
  );
}

function printFacts(f: StylisedFacts, from: number, to: number): void {
  const g = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toPrecision(4));
  console.log(`${from}..${to} s after midnight`);
  console.log(`spread (ticks, time-weighted): mean ${g(f.spreadTicks.mean)}, q10 ${f.spreadTicks.q10}, median ${f.spreadTicks.q50}, q90 ${f.spreadTicks.q90}`);
  console.log(`touch queue (shares, time-weighted mean of both sides): ${g(f.touchQueueShares)}`);
  console.log(`per hour: ${g(f.ratesPerHour.limit)} limit orders, ${g(f.ratesPerHour.cancel)} cancels, ${g(f.ratesPerHour.market)} market orders, ${g(f.ratesPerHour.hidden)} hidden executions`);
  console.log(`inter-event time: mean ${g(f.interEvent.meanSeconds)} s, cv ${g(f.interEvent.cv)}`);
  console.log(`market-order sign autocorrelation: ${f.signAutocorrelation.map((a) => `lag ${a.lag} ${g(a.value)}`).join(', ')}`);
  console.log(`mid-price signature (ticks²/s): ${f.signature.map((s) => `${s.seconds}s ${g(s.variancePerSecond)}`).join(', ')}`);
}
