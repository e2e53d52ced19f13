import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const PAPER = ['--X', '1e6', '--T', '5', '--N', '5', '--sigma', '0.95', '--eta', '2.5e-6', '--gamma', '2.5e-7', '--epsilon', '0.0625', '--lambda', '1e-6'];

describe('execgym ac and envs', () => {
  it('ac --json prints kappa, holdings, trades, E, Var and the objective of the paper example', () => {
    const { code, stdout } = runCli(['ac', ...PAPER, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.kappa).toBeCloseTo(0.6070761632, 9);
    expect(out.x).toHaveLength(6);
    expect(out.n).toHaveLength(5);
    expect(out.expectedCost).toBeCloseTo(911226.99, 1);
    expect(out.variance / 3.641285721e11).toBeCloseTo(1, 9);
    expect(out.objective).toBeCloseTo(1275355.56, 1);
  });

  it('ac prints the urgency line and warns when kappa T makes AC indistinguishable from TWAP', () => {
    expect(runCli(['ac', ...PAPER]).stdout).toMatch(/kappa = 0\.607076\/day, half-life 1\/kappa = 1\.647 days, kappa\*T = 3\.035/);
    const lazy = runCli(['ac', ...PAPER.slice(0, -1), '1e-9']);
    expect(lazy.stdout).toMatch(/warning: kappa\*T = .* nearly TWAP/);
  });

  it('envs --json lists every registered env with its resolved spec', () => {
    const { code, stdout } = runCli(['envs', '--json']);
    expect(code).toBe(0);
    const specs = JSON.parse(stdout) as { id: string; action: unknown }[];
    expect(specs.map((s) => s.id)).toEqual(expect.arrayContaining(['ac-linear-v0', 'regime-v0', 'regime-observed-v0', 'sqrt-volume-v0', 'transient-v0']));
    expect(specs.every((s) => s.action !== undefined)).toBe(true);
  });

  it('user mistakes get one line naming the flag and value, exit code 2, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['ac', '--X', '-5', ...PAPER.slice(2)], /--X must be a finite number > 0, got "-5"/],
      [['ac', '--env', 'nope-v0'], /unknown id "nope-v0"; registered: /],
      [['ac', '--env', 'ac-linear-v0', '--N', 'many'], /--N must be an integer in \[1, 100000\], got "many"/],
      [['ac', '--bogus', '1'], /Unknown argument: bogus/],
      [['frobnicate'], /Unknown argument: frobnicate|Unknown command/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = runCli(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
