import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasedName, foldAliases, sameEpisodesAsAc } from '../experiments/benchmark/policy-aliases.js';
import type { PolicySummary } from '../experiments/benchmark/summarize.js';
import { etaText } from '../experiments/cli/progress.js';
import { suggestName } from '../experiments/cli/suggest.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dirs.js';

describe('the CLI’s small surfaces (issue 26)', () => {
  it('a mistyped command or flag gets the name it most likely meant, prefixes first', () => {
    expect(suggestName('bench', ['envs', 'benchmark', 'ac'])).toBe('benchmark');
    expect(suggestName('episode', ['episodes', 'env', 'seed'])).toBe('episodes');
    expect(suggestName('trian', ['train', 'tune'])).toBe('train');
    expect(suggestName('zzzz', ['train', 'tune'])).toBeNull();
    const bench = runCli(['bench']);
    expect(bench.code).toBe(2);
    expect(bench.stderr).toBe('execgym: Unknown argument: bench (bench: did you mean benchmark?) (see execgym --help)\n');
    const flag = runCli(['benchmark', '--env', 'ac-linear-v0', '--episode', '5']);
    expect(flag.stderr).toMatch(/--episode: did you mean --episodes\?/);
  });

  it('with no command the hint to see --help is printed once', () => {
    const none = runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('execgym: name a command (see execgym --help)\n');
  });

  it('a progress bar says nothing of its eta before it has a rate', () => {
    expect(etaText(0, 100, 0)).toBe('-');
    expect(etaText(0, 100, 5)).toBe('-');
    expect(etaText(50, 100, 10)).toBe('10s');
    expect(etaText(10, 100, 10)).toBe('1m30s');
  });

  it('execgym ac prints the costs in bps of X S0 as every other command does', () => {
    const paper = runCli(['ac', '--X', '1e6', '--T', '5', '--N', '5', '--sigma', '0.95', '--eta', '2.5e-6', '--gamma', '2.5e-7', '--epsilon', '0.0625', '--lambda', '1e-6', '--S0', '50']);
    expect(paper.code).toBe(0);
    // E = $911,226.99 on X S0 = $50M.
    expect(paper.stdout).toMatch(/in bps of X S0: E = 182\.25 {3}sd = 120\.69 {3}E \+ lambda Var = 255\.07/);
    const env = runCli(['ac', '--env', 'ac-linear-v0']);
    expect(env.stdout).toMatch(/in bps of X S0: E = 191\.37 .* E \+ lambda Var = 315\.75/);
  });

  it('reproduce --backend says what its default does', () => {
    const help = runCli(['reproduce', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/auto \(the default\) reruns on the backend the run recorded/);
  });
});

describe('identical policies shown once (issue 26)', () => {
  const interval = (mean: number, sd: number, n = 4000) => ({ n, mean, sd, se: sd / Math.sqrt(n), low: mean - (1.96 * sd) / Math.sqrt(n), high: mean + (1.96 * sd) / Math.sqrt(n) });
  const row = (policy: string, mean: number, sd: number, usesHiddenState = false) => ({ policy, usesHiddenState, vsAc: { isBps: interval(mean, sd), objectiveBps: interval(mean, sd) } }) as unknown as PolicySummary;

  it('folds into ac exactly the policies whose every paired episode matches ac to rounding, never an oracle', () => {
    const policies = [row('twap', 98, 94), row('ac', 0, 0), row('dp-optimal', 4.6e-13, 4e-13), row('near', 1e-4, 1e-3), row('optimal', 0, 0, true)];
    const rows = foldAliases({ policies });
    expect(rows.map((r) => aliasedName(r.policy.policy, r.aliases))).toEqual(['twap', 'ac (= dp-optimal)', 'near', 'optimal']);
    expect(sameEpisodesAsAc(row('tiny-but-real', 0, 1e-7))).toBe(false);
  });

  it('on ac-linear-v0 the five names of the AC schedule are one row in summary.md, and summary.json keeps every name', async () => {
    const dir = tempDir();
    const result = runCli(['benchmark', '--env', 'ac-linear-v0', '--episodes', '200', '--out', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| ac (= ac-adaptive, dp-optimal, belief-optimal, optimal) |');
    expect(result.stdout).toMatch(/Shown once: `ac` = `ac-adaptive` = `dp-optimal` = `belief-optimal` = `optimal`/);
    const names = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).policies.map((p: { policy: string }) => p.policy);
    expect(names).toEqual(expect.arrayContaining(['ac', 'ac-adaptive', 'dp-optimal', 'belief-optimal', 'optimal']));
    const regime = runCli(['benchmark', '--env', 'regime-v0', '--policies', 'ac,ac-adaptive', '--episodes', '50', '--out', join(dir, 'r')]);
    expect(regime.stdout).toContain('| ac-adaptive |');
  });
});
