import { describe, expect, it } from 'vitest';
import { importArrows, importCycles, wrongWayArrows } from './helpers/import-graph.js';

describe('import arrows', () => {
  const arrows = importArrows();

  it('reads the source: env files import one another and the CLI imports its commands', () => {
    expect(arrows.length).toBeGreaterThan(200);
    expect(arrows).toContainEqual({ from: 'experiments/cli/main.ts', to: 'experiments/cli/commands/train.command.ts' });
  });

  it('every import points down: experiments -> agents/baselines -> env (env/io at the bottom), no peer or command-to-command import', () => {
    expect(wrongWayArrows(arrows)).toEqual([]);
  });

  it('no module reaches itself through its imports (type-only and dynamic imports included)', () => {
    expect(importCycles(arrows)).toEqual([]);
  });

  it('the checks catch an upward arrow, a peer arrow, a command importing a command and a cycle', () => {
    const bad = [
      { from: 'agents/common/checkpoint.ts', to: 'experiments/io/atomic-write.ts' },
      { from: 'baselines/ac.ts', to: 'agents/ppo.ts' },
      { from: 'experiments/cli/commands/reproduce.command.ts', to: 'experiments/cli/commands/train.command.ts' },
      { from: 'env/random/rng.ts', to: 'env/io/atomic-write.ts' },
      { from: 'env/io/atomic-write.ts', to: 'env/random/rng.ts' },
    ];
    expect(wrongWayArrows(bad)).toHaveLength(4);
    const cycle = [
      { from: 'a.ts', to: 'b.ts' },
      { from: 'b.ts', to: 'c.ts' },
      { from: 'c.ts', to: 'a.ts' },
      { from: 'c.ts', to: 'd.ts' },
    ];
    expect(importCycles(cycle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
