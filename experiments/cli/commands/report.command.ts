import type { Argv } from 'yargs';
import { buildReport } from '../../report/build-report.js';
import { runCommand } from '../errors.js';
import { pathFlag } from '../flags.js';

/** `execgym report <dir...> --out report.html`. */
export function reportCommand(yargs: Argv) {
  return yargs.command(
    'report <dirs..>',
    'self-contained HTML report (SVG charts, tables) of run, sweep or benchmark directories',
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run, sweep or benchmark directories' })
        .option('out', { type: 'string', default: 'report.html', describe: 'the HTML file; figures go to <name>-figures/ beside it' })
        .example('execgym report runs/benchmark/ac-linear-v0-seed0 --out runs/report.html', 'charts and tables of a benchmark'),
    (argv) =>
      runCommand(async () => {
        const dirs = (argv.dirs as unknown[]).map((dir) => pathFlag('dirs', String(dir)));
        const result = await buildReport(dirs, pathFlag('out', argv.out));
        console.log(`wrote ${result.html} and ${result.figures.length} figure files`);
      }),
  );
}
