import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tiny-runs.js';

const dir = tempDir('execgym-cli-replay-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI on replay markets', () => {
  it('ac says its schedule is the model\'s, not an exact cost of the recorded paths', () => {
    const { code, stdout } = runCli(['ac', '--env', 'lobster-replay-v0']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^note: lobster-replay-v0 replays recorded prices: .*\(not exact\)/);
    expect(stdout).not.toMatch(/exact expected objective/);
  });

  it('benchmark runs every baseline on the test windows, one episode per window', () => {
    const out = join(dir, 'bench');
    const { code, stderr } = runCli(['benchmark', '--env', 'lobster-replay-v0', '--policies', 'twap,vwap,pov,ac', '--episodes', '7', '--seed', '0', '--out', out]);
    expect(stderr).not.toMatch(/error|Error/);
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(JSON.stringify(summary)).toContain('lobster-replay-v0');
    const rows = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    for (const policy of ['twap', 'vwap', 'pov:0.1', 'ac']) {
      expect(rows.filter((r) => r[2] === policy).map((r) => Number(r[1]))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('benchmark warns on stderr in one line when the episodes outnumber the windows, and records the distinct windows', () => {
    const out = join(dir, 'bench-repeats');
    const { code, stderr } = runCli(['benchmark', '--env', 'lobster-replay-v0', '--policies', 'twap,ac', '--episodes', '14', '--seed', '0', '--out', out]);
    expect(code).toBe(0);
    const warnings = stderr.split('\n').filter((l) => l.startsWith('warning'));
    expect(warnings).toEqual(['warning: 14 episodes on lobster-replay-v0 replay only 7 distinct recorded windows (episodes repeat windows cyclically): the effective sample is 7 windows, not 14 episodes']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.replay.windows).toBe(7);
    expect(summary.replay.clusterBy).toBe('symbol-day');
  });
});
