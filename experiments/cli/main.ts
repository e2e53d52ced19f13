#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { acCommand } from './commands/ac.command.js';
import { benchmarkCommand } from './commands/benchmark.command.js';
import { calibrateCommand } from './commands/calibrate.command.js';
import { envsCommand } from './commands/envs.command.js';
import { frontierCommand } from './commands/frontier.command.js';
import { optimalCommand } from './commands/optimal.command.js';
import { reportCommand } from './commands/report.command.js';
import { reproduceCommand } from './commands/reproduce.command.js';
import { serveCommand } from './commands/serve.command.js';
import { suiteCommand } from './commands/suite.command.js';
import { sweepCommand } from './commands/sweep.command.js';
import { trainCommand } from './commands/train.command.js';
import { registerExternalPolicies } from '../policies/register-external-policies.js';
import { registerRunPolicy } from '../train/register-run-policy.js';

const commands = [
  acCommand,
  envsCommand,
  optimalCommand,
  benchmarkCommand,
  frontierCommand,
  trainCommand,
  reproduceCommand,
  reportCommand,
  sweepCommand,
  suiteCommand,
  serveCommand,
  calibrateCommand,
];

// Policy names beyond the baselines, registered explicitly: `run:<dir>` (trained agents) and the external ones.
registerRunPolicy();
registerExternalPolicies();

let cli = yargs(hideBin(process.argv))
  .scriptName('execgym')
  .usage('$0 <command> [options]\n\nOptimal trade execution: envs, Almgren–Chriss, baselines and RL agents.')
  .strict()
  .demandCommand(1, 'name a command (see --help)')
  .recommendCommands()
  .fail((message, error) => {
    // A yargs message is a user's mistake (unknown flag, bad value): one line, no stack.
    if (error) throw error;
    console.error(`execgym: ${message} (see execgym --help)`);
    process.exit(2);
  })
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 110));
for (const command of commands) cli = command(cli) as typeof cli;
await cli.parseAsync();
