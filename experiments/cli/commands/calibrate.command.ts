import type { Argv } from 'yargs';
import { dataFormatNames, type DataFormatName } from '../../../env/data/formats.js';
import { UserError } from '../../../env/errors.js';
import { runCalibrate } from '../../calibrate/run-calibrate.js';
import { runCalibrateTwin } from '../../calibrate/run-twin.js';
import { runCommand } from '../errors.js';
import { integerFlag, stringFlag } from '../flags.js';

/** `--step 5m`, `90s`, `1h` or plain seconds, as a whole number of seconds. */
function durationFlag(flag: string, raw: unknown): number {
  const text = stringFlag(flag, raw);
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'] : NaN;
  if (!Number.isInteger(seconds) || seconds <= 0) throw new UserError(`--${flag} must be a positive duration in whole seconds like 300, 90s, 5m or 1h, got ${JSON.stringify(text)}`);
  return seconds;
}

function regimesFlag(raw: unknown): 'auto' | number {
  const text = stringFlag('regimes', raw);
  if (text === 'auto') return 'auto';
  const K = Number(text);
  if (!Number.isInteger(K) || K < 1 || K > 5) throw new UserError(`--regimes must be auto or an integer 1..5, got ${JSON.stringify(text)}`);
  return K;
}

function positiveFlag(flag: string, raw: unknown): number {
  const text = stringFlag(flag, raw);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new UserError(`--${flag} must be a number >= 0, got ${JSON.stringify(text)}`);
  return value;
}

/** `execgym calibrate`: a market card and a calibrated env spec from market data (issue 8). */
export function calibrateCommand(yargs: Argv) {
  return yargs.command(
    'calibrate',
    'calibrate the market model to data: DIR/spec.json (an env spec), DIR/card.json and DIR/card.md (every estimate with its CI, method and source)',
    (y) =>
      y
        .option('data', { type: 'string', describe: 'data file (xetra, bars) or a LOBSTER message/orderbook file or folder' })
        .option('format', { type: 'string', choices: dataFormatNames, describe: 'file format' })
        .option('twin-of', { type: 'string', conflicts: ['data', 'format', 'symbol', 'shares'], describe: "instead of --data: a replay env whose recorded series (pooled, in its units) the card is fitted to; DIR/spec.json is then the replay's synthetic twin" })
        .option('symbol', { type: 'string', describe: 'symbol to calibrate when the data holds several' })
        .option('step', { type: 'string', default: '5m', describe: 'env step length: 300, 90s, 5m, 1h' })
        .option('regimes', { type: 'string', default: 'auto', describe: 'auto (BIC over 1..3) or the number of HMM states' })
        .option('seed', { type: 'string', default: '0', describe: "seed of the HMM's random restarts" })
        .option('shares', { type: 'string', describe: "the spec's order size (default: 5% of the estimated daily volume)" })
        .option('profile', { type: 'string', default: 'u-shape', choices: ['u-shape', 'data'], describe: "the spec's volume profile: the fitted u-shape, or the data's own step shares" })
        .option('risk-aversion', { type: 'string', default: '1e-6', describe: "the spec's lambda (1/$)" })
        .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
        .example('execgym calibrate --data data.csv --format xetra --symbol SAP --out cards/sap', 'a card and a spec for SAP')
        .example('execgym benchmark --env cards/sap/spec.json', 'then use the spec as an env')
        .example('execgym calibrate --twin-of xetra-replay-v0 --step 3m --out env/specs/twins/xetra-twin-v0', 'the shipped twin of the Xetra replay'),
    (argv) =>
      runCommand(() => {
        if (argv['twin-of'] !== undefined) {
          const { record } = runCalibrateTwin({
            replay: stringFlag('twin-of', argv['twin-of']),
            stepSeconds: durationFlag('step', argv.step),
            regimes: regimesFlag(argv.regimes),
            seed: integerFlag('seed', argv.seed, 0),
            outDir: stringFlag('out', argv.out),
          });
          const { twin, replay } = record.acCheck;
          console.log(`${record.twin}: ac objective ${twin.objectiveBps.mean.toFixed(2)} bps (sd ${twin.objectiveBps.sd.toFixed(2)}) on the twin, ${replay.objectiveBps.mean.toFixed(2)} ± ${(1.96 * replay.objectiveBps.se).toFixed(2)} bps on ${replay.episodes} recorded windows of ${record.replay}`);
          console.error(`wrote ${['spec.json', 'card.json', 'card.md', 'twin.json'].map((f) => `${argv.out}/${f}`).join(', ')}`);
          return;
        }
        if (argv.data === undefined || argv.format === undefined) throw new UserError('calibrate: give --data and --format, or --twin-of a replay env');
        const card = runCalibrate({
          data: stringFlag('data', argv.data),
          format: argv.format as DataFormatName,
          symbol: argv.symbol === undefined ? undefined : stringFlag('symbol', argv.symbol),
          stepSeconds: durationFlag('step', argv.step),
          regimes: regimesFlag(argv.regimes),
          seed: integerFlag('seed', argv.seed, 0),
          shares: argv.shares === undefined ? undefined : positiveFlag('shares', argv.shares),
          riskAversion: positiveFlag('risk-aversion', argv['risk-aversion']),
          profile: argv.profile as 'u-shape' | 'data',
          outDir: stringFlag('out', argv.out),
        });
        const e = card.estimates;
        console.log(`${card.symbol}: sigma ${e.sigma.value.toPrecision(4)} $/day^0.5, half-spread ${e.halfSpread.value.toPrecision(3)} $, daily volume ${e.dailyVolume.value.toPrecision(4)}, regimes ${card.diagnostics.regimes?.K ?? 1}`);
        console.error(`wrote ${['spec.json', 'card.json', 'card.md'].map((f) => `${argv.out}/${f}`).join(', ')}`);
      }),
  );
}
