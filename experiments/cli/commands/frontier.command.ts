import { join } from 'node:path';
import type { Argv } from 'yargs';
import { describeMarketUrgency } from '../../../env/analytics/ac-inputs.js';
import { compileEnvArg, MAX_EPISODES } from '../../benchmark/run-benchmark.js';
import { DEFAULT_RHOS, runFrontier, type FrontierResult } from '../../benchmark/frontier.js';
import { runCommand } from '../errors.js';
import { integerFlag, listFlag, pathFlag, stringFlag, numberListFlag, withFlag } from '../flags.js';
import { progressBar } from '../progress.js';

function formatFrontier(r: FrontierResult): string {
  const lines = [
    `# Efficient frontier: ${r.env} (${r.exact ? 'exact: AC closed forms of the executed schedules; POV simulated' : `simulated, ${r.episodes} episodes per point`}), bps`,
    '',
    '| curve | policy | lambda | rho | E[IS] | sd[IS] | se | method | follows AC |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const p of r.points) {
    const cells = [p.curve, p.policy, p.lambda ?? '', p.rho ?? '', p.expectedIsBps.toFixed(2), p.sdIsBps.toFixed(2), p.seMeanBps?.toFixed(2) ?? '', p.method, p.followsSchedule ?? ''];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (r.points.some((p) => p.followsSchedule === false)) lines.push('', 'follows AC = false: aMax binds, so the env executed a slower schedule than AC for that lambda (its point is what the env executes).');
  return `${lines.join('\n')}\n`;
}

/** `execgym frontier`: the AC efficient frontier with TWAP, VWAP and POV placed on it. */
export function frontierCommand(yargs: Argv) {
  return yargs.command(
    'frontier',
    'AC efficient frontier (E, sd of IS) over a lambda grid, with TWAP, VWAP and POV(rho) placed on it; CSV and JSON',
    (y) =>
      y
        .option('env', { type: 'string', demandOption: true, describe: 'registered env id or path to a JSON spec' })
        .option('lambdas', { type: 'string', describe: 'comma-separated risk aversions (default: 0 and the env lambda x 10^-3 .. 10^1.5)' })
        .option('rhos', { type: 'string', default: DEFAULT_RHOS.join(','), describe: 'comma-separated POV participation rates in (0, 1]' })
        .option('policies', { type: 'string', describe: 'more policies to place, comma-separated (as in benchmark)' })
        .option('episodes', { type: 'string', default: '2000', describe: 'episodes per simulated point' })
        .option('seed', { type: 'string', default: '0', describe: 'first market seed' })
        .option('out', { type: 'string', describe: 'output directory (default runs/frontier/<env>)' })
        .example('execgym frontier --env ac-linear-v0', 'the exact AC frontier with TWAP, VWAP, POV'),
    (argv) =>
      runCommand(async () => {
        const episodes = integerFlag('episodes', argv.episodes, 3, MAX_EPISODES);
        const seed = integerFlag('seed', argv.seed, 0);
        const lambdas = argv.lambdas === undefined ? undefined : numberListFlag('lambdas', argv.lambdas, (v) => v >= 0, 'numbers >= 0');
        const rhos = numberListFlag('rhos', argv.rhos, (v) => v > 0 && v <= 1, 'participation rates in (0, 1]');
        const policies = argv.policies === undefined ? [] : listFlag('policies', argv.policies);
        const env = compileEnvArg(stringFlag('env', argv.env));
        const outDir = argv.out === undefined ? join('runs', 'frontier', env.spec.id) : pathFlag('out', argv.out);
        const bar = progressBar('frontier');
        const result = await withFlag('policies', () => runFrontier({ env, lambdas, rhos, policies, episodes, seed, outDir, onProgress: bar.update })).finally(bar.stop);
        console.error(describeMarketUrgency(env.params));
        console.log(formatFrontier(result));
        console.error(`wrote ${join(outDir, 'frontier.csv')}, ${join(outDir, 'frontier.json')}`);
      }),
  );
}
