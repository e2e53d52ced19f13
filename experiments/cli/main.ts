#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
import { startCommand } from './commands/start.command.js';
import { suiteCommand } from './commands/suite.command.js';
import { sweepCommand } from './commands/sweep.command.js';
import { trainCommand } from './commands/train.command.js';
import { tuneCommand } from './commands/tune.command.js';
import { CliExit, EXIT_USAGE } from './errors.js';
import { suggestName } from './suggest.js';
import { queueCommand } from './commands/queue.command.js';
import { lobCommand } from './commands/lob.command.js';
import { workerCommand } from './commands/worker.command.js';
import { tcaCommand } from './commands/tca.command.js';
import { registerExternalPolicies } from '../policies/register-external-policies.js';
import { registerRunPolicy } from '../train/register-run-policy.js';

const commands = [
  startCommand,
  acCommand,
  envsCommand,
  optimalCommand,
  benchmarkCommand,
  frontierCommand,
  tuneCommand,
  trainCommand,
  reproduceCommand,
  reportCommand,
  sweepCommand,
  suiteCommand,
  serveCommand,
  calibrateCommand,
  workerCommand,
  queueCommand,
  tcaCommand,
  lobCommand,
];

// Policy names beyond the baselines, registered explicitly: `run:<dir>` (trained agents) and the external ones.
registerRunPolicy();
registerExternalPolicies();

/**
 * Runs the CLI on `argv` (the words after `execgym`) and resolves with the exit code. Output goes
 * through console.log / console.error; nothing here calls process.exit, so tests run it in-process.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let cli = yargs([...argv])
    .scriptName('execgym')
    .usage('$0 <command> [options]\n\nOptimal trade execution: envs, Almgren–Chriss, baselines and RL agents.')
    .strict()
    .demandCommand(1, 'name a command')
    .exitProcess(false)
    .fail((message, error, usage) => {
      // A yargs message is a user's mistake (unknown flag, bad value): one line, no stack.
      if (error) throw error;
      console.error(`execgym: ${withSuggestions(message.replace(/\s*\n\s*/g, ' '), argv, usage, cli)} (see execgym --help)`);
      throw new CliExit(EXIT_USAGE);
    })
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110));
  for (const command of commands) cli = command(cli) as typeof cli;
  // Commands report a non-zero outcome (reproduce: differs; train: stopped) through process.exitCode.
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await cli.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    throw error;
  } finally {
    process.exitCode = before;
  }
}

/**
 * yargs' "Unknown argument(s): a, b" with what each most likely meant: a command when it is the
 * first word, else a flag of the command.
 */
function withSuggestions(message: string, argv: readonly string[], usage: unknown, cli: unknown): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  // yargs hands its usage object to fail(); the instance, still inside the command, holds the command's options.
  const commandNames = ((usage as { getCommands?: () => string[][] }).getCommands?.() ?? []).map((c) => c[0].split(' ')[0]);
  const flags = Object.keys((cli as { getOptions?: () => { key: Record<string, unknown> } }).getOptions?.().key ?? {}).filter((k) => k.length > 1 && k === k.toLowerCase());
  const hints = match[1].split(', ').map((word) => {
    const isCommand = word === argv[0];
    const hint = suggestName(word, isCommand ? commandNames : flags);
    return hint === null ? null : isCommand ? `${word}: did you mean ${hint}?` : `--${word}: did you mean --${hint}?`;
  });
  const said = hints.filter((h) => h !== null);
  return said.length === 0 ? message : `${message} (${said.join('; ')})`;
}

/** Whether this module is the program (node main.js, or the `execgym` bin link to it). */
function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(hideBin(process.argv));
