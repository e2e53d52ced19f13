import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tempDir } from './helpers/temp-dirs.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const out = tempDir('execgym-cli-bench-');
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('execgym benchmark and frontier', () => {
  it("benchmark of all baselines on 4000 episodes finishes in well under a minute and prints the table and the closed forms", () => {
    const started = Date.now();
    const dir = join(out, 'start');
    const { code, stdout, stderr } = runCli(['benchmark', '--env', 'ac-linear-v0', '--episodes', '4000', '--seed', '0', '--out', dir]);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    // Once, in the summary; not again as a log line.
    expect(stdout.match(/AC urgency: kappa = 0\.604049\/day/g)).toHaveLength(1);
    expect(stderr).not.toMatch(/AC urgency/);
    for (const name of ['twap', 'vwap', 'pov:0.1', 'immediate', 'last-minute']) expect(stdout).toContain(`| ${name} |`);
    // On this market ac-adaptive, dp-optimal, belief-optimal and optimal are the AC schedule: one row, aliases named.
    expect(stdout).toContain('| ac (= ac-adaptive, dp-optimal, belief-optimal, optimal) |');
    expect(stdout).not.toContain('| dp-optimal |');
    expect(stdout).toMatch(/Exact expectations next to the simulated ones/);
    expect(stdout).toMatch(/\| ac \(= [^|]+\) \| 191\.37 \| [\d.]+ \| 157\.72 \|/);
    for (const file of ['episodes.csv', 'trajectories.csv', 'summary.json', 'summary.md']) expect(existsSync(join(dir, file))).toBe(true);
  });

  it('benchmark --json prints the summary with paired intervals against ac', () => {
    const { code, stdout } = runCli(['benchmark', '--env', 'regime-v0', '--policies', 'twap,dp-optimal', '--episodes', '200', '--out', join(out, 'json'), '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.optimum).toMatchObject({ policy: 'optimal', oracle: true, exactOptimum: false, method: 'regime-dp' });
    const dp = summary.policies.find((p: { policy: string }) => p.policy === 'dp-optimal');
    expect(dp.usesHiddenState).toBe(true);
    expect(dp.vsAc.objectiveBps.high).toBeLessThan(0);
  });

  it('frontier writes frontier.csv and frontier.json with the AC curve and the POV grid', () => {
    const dir = join(out, 'frontier');
    const { code } = runCli(['frontier', '--env', 'ac-linear-v0', '--lambdas', '0,1e-6', '--rhos', '0.1', '--episodes', '100', '--out', dir]);
    expect(code).toBe(0);
    const rows = readFileSync(join(dir, 'frontier.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('curve,policy,lambda,rho,expected_is_bps,sd_is_bps,se_mean_bps,method,follows_schedule');
    expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['ac:0', 'ac:0.000001', 'twap', 'vwap', 'pov:0.1']);
    expect(JSON.parse(readFileSync(join(dir, 'frontier.json'), 'utf8')).exact).toBe(true);
  });

  it('a bad flag value gets one line naming the flag, the value and what is allowed, exit 2, no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['benchmark', '--env', 'ac-linear-v0', '--episodes', 'ten'], /--episodes must be an integer in \[3, 10000000\], got "ten"/],
      [['benchmark', '--env', 'ac-linear-v0', '--policies', 'twap,foo'], /--policies: unknown policy "foo"; known: twap, vwap, pov\[:rho\]/],
      [['benchmark', '--env', 'ac-linear-v0', '--policies', 'pov:2'], /--policies: policy "pov:2": .*rho must be a participation rate in \(0, 1\], got 2/],
      [['benchmark', '--env', 'sqrt-volume-v0', '--policies', 'dp-optimal'], /--policies: policy "dp-optimal": dp-optimal needs linear impact/],
      [['benchmark', '--env', 'ac-linear-v0', '--env', 'regime-v0'], /--env was given 2 times \("ac-linear-v0", "regime-v0"\); give it once/],
      [['benchmark', '--env', 'nope-v0'], /unknown id "nope-v0"/],
      [['frontier', '--env', 'ac-linear-v0', '--rhos', '0.1,2'], /--rhos must be a comma-separated list of participation rates in \(0, 1\], got "2"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = runCli([...args, '--out', join(out, 'bad')]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(existsSync(join(out, 'bad'))).toBe(false);
  });
});
