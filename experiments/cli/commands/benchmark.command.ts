import { join } from 'node:path';
import type { Argv } from 'yargs';
import { resolvePolicies, policyUsages } from '../../../baselines/registry.js';
import { formatSummaryMarkdown } from '../../benchmark/format-summary.js';
import { compileEnvArg, MAX_EPISODES, runBenchmark } from '../../benchmark/run-benchmark.js';
import { runCommand } from '../errors.js';
import { integerFlag, listFlag, pathFlag, stringFlag, withFlag } from '../flags.js';
import { progressBar } from '../progress.js';
import { isPortfolioEnv } from '../../../env/portfolio/registry.js';
import { runPortfolioBenchmarkCli } from '../../portfolio/portfolio-cli.js';
import { benchmarkPaths } from '../../io/benchmark-dir.js';

/** `execgym benchmark`: every policy on the same seeded market paths; paired statistics, files, table. */
export function benchmarkCommand(yargs: Argv) {
  return yargs.command(
    'benchmark',
    'evaluate policies on common random numbers: cost distributions, paired differences vs ac, regret, exact values',
    (y) =>
      y
        .option('env', { type: 'string', demandOption: true, describe: 'registered env id or path to a JSON spec' })
        .option('policies', { type: 'string', default: 'all', describe: `comma-separated: ${policyUsages().join(', ')}; all = every baseline the env supports` })
        .option('episodes', { type: 'string', default: '2000', describe: 'episodes per policy (episode i runs on market seed seed + i)' })
        .option('seed', { type: 'string', default: '0', describe: 'first market seed' })
        .option('out', { type: 'string', describe: 'output directory (default runs/benchmark/<env>-seed<seed>)' })
        .option('trajectories', { type: 'string', default: '5', describe: 'record per-step trajectories of the first this many episodes' })
        .option('control-variate', { type: 'boolean', default: true, describe: 'use static AC as a control variate on linear markets (--no-control-variate to turn off)' })
        .option('json', { type: 'boolean', default: false, describe: 'print summary.json instead of the table' })
        .example('execgym benchmark --env ac-linear-v0 --episodes 4000', 'all baselines on the Almgren–Chriss market')
        .example('execgym benchmark --env regime-observed-v0 --policies ac,ac-adaptive,dp-optimal,twap', 'regime-aware baselines against the exact DP'),
    (argv) =>
      runCommand(async () => {
        const episodes = integerFlag('episodes', argv.episodes, 3, MAX_EPISODES);
        const seed = integerFlag('seed', argv.seed, 0);
        const trajectories = integerFlag('trajectories', argv.trajectories, 0);
        // A portfolio env (issue 24): its own baselines and run:<dir> agents, paired against its exact optimum; no files.
        if (isPortfolioEnv(stringFlag('env', argv.env))) return void (await runPortfolioBenchmarkCli(argv.env, listFlag('policies', argv.policies), episodes, seed, argv.json));
        const env = compileEnvArg(stringFlag('env', argv.env));
        const names = listFlag('policies', argv.policies);
        const policies = await withFlag('policies', () => resolvePolicies(names, env));
        const outDir = argv.out === undefined ? join('runs', 'benchmark', `${env.spec.id}-seed${seed}`) : pathFlag('out', argv.out);
        const bar = progressBar('benchmark');
        const summary = await runBenchmark({
          env,
          policies,
          episodes,
          seed,
          trajectories,
          outDir,
          controlVariate: argv['control-variate'],
          onProgress: bar.update,
          log: (line) => console.error(line),
        }).finally(bar.stop);
        console.log(argv.json ? JSON.stringify(summary, null, 2) : formatSummaryMarkdown(summary));
        const files = benchmarkPaths(outDir);
        console.error(`wrote ${[files.episodes, files.trajectories, files.summary, files.summaryMd].join(', ')}`);
      }),
  );
}
