import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dirs.js';

describe('execgym tune and the labels of execgym optimal', () => {
  it('tune prints the selected name, which benchmark --policies resolves, and records its whole search in --out', () => {
    const out = join(tempDir(), 'tune');
    const { code, stdout } = runCli(['tune', '--env', 'ac-linear-v0', '--family', 'const', '--budget', '6', '--train-episodes', '40', '--validation-episodes', '40', '--finalists', '2', '--out', out]);
    expect(code).toBe(0);
    const name = stdout.trim();
    expect(name).toMatch(/^const:[0-9.]+$/);
    const result = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8'));
    expect(result.selected.name).toBe(name);
    expect(result.candidates).toHaveLength(6);
    expect(result.finalists).toHaveLength(2);
    expect(readFileSync(join(out, 'candidates.csv'), 'utf8').split('\n')[0]).toBe('index,stage,policy,a,train_objective_bps,train_se_bps');
    const bench = runCli(['benchmark', '--env', 'ac-linear-v0', '--policies', `${name},ac`, '--episodes', '20', '--out', join(tempDir(), 'b')]);
    expect(bench.code).toBe(0);
    expect(bench.stdout).toContain(`| ${name} |`);
  });

  it('tune refuses an unknown family or one the env cannot run in one line, writing nothing', () => {
    const out = join(tempDir(), 'tune');
    const bad = runCli(['tune', '--env', 'ac-linear-v0', '--family', 'peg-cross', '--out', out]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe('execgym: --family peg-cross needs a passive env (a spec with an execution block), got ac-linear-v0');
    expect(existsSync(out)).toBe(false);
    const unknown = runCli(['tune', '--env', 'ac-linear-v0', '--family', 'cma', '--out', out]);
    expect(unknown.stderr.trim()).toBe('execgym: --family must be one of const, ac-lambda, peg-cross, got "cma"');
  });

  it('optimal on a passive env prints the taker-only optimum as not a bound, never "exact optimum"', () => {
    const { code, stdout } = runCli(['optimal', '--env', 'passive-ac-linear-v0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^passive-ac-linear-v0: the taker-only optimum: not a bound here by quadratic-programme/);
    expect(stdout).not.toMatch(/exact optimum/);
  });
});
