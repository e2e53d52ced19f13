import type { Argv } from 'yargs';
import { BAR_TIMESTAMP_FORMATS } from '../../../env/data/bar-timestamp.js';
import { dataFormatNames, type DataFormatName } from '../../../env/data/formats.js';
import { UserError } from '../../../env/errors/errors.js';
import { runCalibrate } from '../../calibrate/run-calibrate.js';
import { runCalibrateFills } from '../../calibrate/run-fills.js';
import { runCalibrateTwin } from '../../calibrate/run-twin.js';
import { runCommand } from '../errors.js';
import { runCalibratePortfolio } from '../../portfolio/calibrate-portfolio.js';
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
        .option('data', { type: 'string', describe: `data file (xetra, bars, trades) or a LOBSTER message/orderbook file or a folder holding the pair (other tickers' files may sit beside it; --symbol picks). A bars CSV has a header naming timestamp (or time, or date; or date and time as two columns), open, high, low, close, volume; timestamps ${BAR_TIMESTAMP_FORMATS}; without a zone read as UTC` })
        .option('format', { type: 'string', choices: dataFormatNames, describe: 'file format' })
        .option('twin-of', { type: 'string', conflicts: ['data', 'format', 'symbol', 'shares'], describe: "instead of --data: a replay env whose recorded series (pooled, in its units) the card is fitted to; DIR/spec.json is then the replay's synthetic twin" })
        .option('fills', { type: 'boolean', default: false, describe: "instead of a market card: the passive fill model's A, k, clip and alpha from a LOBSTER message file (--data), with --day-bars and --env; writes DIR/card.json and DIR/card.md" })
        .option('day-bars', { type: 'string', describe: '--fills: a bars CSV of the same symbol and day over the whole session (the window\'s share of the day\'s volume)' })
        .option('env', { type: 'string', default: 'passive-ac-linear-v0', describe: '--fills: the passive env whose units (epsilon, tick, daily volume) the card gives' })
        .option('symbol', { type: 'string', describe: 'symbol to calibrate when the data holds several; a bars CSV without a symbol column is taken as this symbol\'s (the card says so)' })
        .option('step', { type: 'string', default: '5m', describe: 'env step length: 300, 90s, 5m, 1h' })
        .option('regimes', { type: 'string', default: 'auto', describe: 'auto (BIC over 1..3) or the number of HMM states' })
        .option('seed', { type: 'string', default: '0', describe: "seed of the HMM's random restarts" })
        .option('shares', { type: 'string', describe: "the spec's order size (default: 5% of the estimated daily volume)" })
        .option('profile', { type: 'string', default: 'u-shape', choices: ['u-shape', 'data'], describe: "the spec's volume profile: the fitted u-shape, or the data's own step shares" })
        .option('risk-aversion', { type: 'string', default: '1e-6', describe: "the spec's lambda (1/$)" })
        .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
        .option('symbols', { type: 'string', conflicts: ['symbol', 'twin-of'], describe: 'xetra: several symbols (A,B,C): a cross-impact card and a portfolio env spec (issue 24)' })
        .option('held-out', { type: 'string', describe: 'with --symbols: a second Xetra file of another day, for the held-out check' })
        .option('sides', { type: 'string', describe: 'with --symbols: sell or buy per symbol (default all sell), e.g. sell,buy,sell' })
        .example('execgym calibrate --data data.csv --format xetra --symbol SAP --out cards/sap', 'a card and a spec for SAP')
        .example('execgym calibrate --data lobster/ --format lobster --symbol AAPL --out cards/aapl', "AAPL's LOBSTER day in a folder of several tickers")
        .example('execgym benchmark --env cards/sap/spec.json', 'then use the spec as an env')
        .example('npm run fills', 'the shipped fill card (env/specs/fills/amzn-2012-06-21/)')
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
        if (argv.fills) {
          const other = (['twin-of', 'format', 'symbol'] as const).find((flag) => argv[flag] !== undefined);
          if (other) throw new UserError(`calibrate --fills: --${other} does not apply (--fills reads a LOBSTER message file given by --data)`);
          if (argv.data === undefined || argv['day-bars'] === undefined) throw new UserError('calibrate --fills: give --data (a LOBSTER message file) and --day-bars (the day\'s bars CSV)');
          const card = runCalibrateFills({ data: stringFlag('data', argv.data), dayBars: stringFlag('day-bars', argv['day-bars']), env: stringFlag('env', argv.env), seed: integerFlag('seed', argv.seed, 0), outDir: stringFlag('out', argv.out) });
          const e = card.estimates;
          const ci = (x: { ci95?: readonly [number, number] }) => `[${x.ci95![0].toPrecision(3)}, ${x.ci95![1].toPrecision(3)}]`;
          console.log(`${card.symbol} ${card.date} in ${card.target.env}'s units: A ${e.A.value.toPrecision(4)} ${ci(e.A)}/day, k ${e.k.value.toPrecision(4)} ${ci(e.k)}/$, clip ${e.clip.value.toPrecision(4)} ${ci(e.clip)} shares, alpha ${e.alpha.value.toPrecision(3)} ${ci(e.alpha)}`);
          console.error(`wrote ${['card.json', 'card.md'].map((f) => `${argv.out}/${f}`).join(', ')}`);
          return;
        }
        if (argv.data === undefined || argv.format === undefined) throw new UserError('calibrate: give --data and --format, or --twin-of a replay env');
        if (argv.symbols !== undefined) return calibratePortfolio(argv);
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

/** `calibrate --format xetra --symbols A,B,C`: the portfolio card and spec (experiments/portfolio/calibrate-portfolio.ts). */
function calibratePortfolio(argv: Record<string, unknown>): void {
  if (argv.format !== 'xetra') throw new UserError(`--symbols needs --format xetra (1-minute bars of several names), got --format ${String(argv.format)}`);
  const sides = argv.sides === undefined ? undefined : stringFlag('sides', argv.sides).split(',').map((side) => {
    if (side !== 'sell' && side !== 'buy') throw new UserError(`--sides must list sell or buy per symbol, got ${JSON.stringify(side)}`);
    return side;
  });
  const card = runCalibratePortfolio({
    data: stringFlag('data', argv.data),
    heldOut: argv['held-out'] === undefined ? undefined : stringFlag('held-out', argv['held-out']),
    symbols: stringFlag('symbols', argv.symbols).split(',').map((s) => s.trim()).filter((s) => s !== ''),
    sides,
    stepSeconds: durationFlag('step', argv.step),
    seed: integerFlag('seed', argv.seed, 0),
    riskAversion: positiveFlag('risk-aversion', argv['risk-aversion']),
    outDir: stringFlag('out', argv.out),
  });
  for (const c of card.crossImpactShape) console.log(`${c.pair}: cross-impact shape ${c.value.toFixed(3)} [${c.ci95[0].toFixed(3)}, ${c.ci95[1].toFixed(3)}]${c.heldOut === undefined ? '' : `, held-out day ${c.heldOut.toFixed(3)}`}`);
  console.error(`wrote ${['spec.json', 'card.json', 'card.md'].map((f) => `${String(argv.out)}/${f}`).join(', ')}`);
}
