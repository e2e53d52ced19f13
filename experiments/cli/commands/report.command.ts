import type { Argv } from 'yargs';
import { buildReport } from '../../report/build-report.js';
import { runCommand } from '../errors.js';

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
        const result = await buildReport(argv.dirs as string[], argv.out);
        console.log(`wrote ${result.html} and ${result.figures.length} figure files`);
      }),
  );
}
