import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTransferRun, simToReal } from '../experiments/benchmark/sim-to-real.js';
import { simToRealTable } from '../experiments/benchmark/sim-to-real-table.js';
import { readCsv } from '../experiments/io/read-csv.js';
import { runConfigSchema } from '../experiments/run-config/run-config.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir } from './helpers/tiny-runs.js';

/** A tiny PPO run over the passive grid on `env`, its policy also benchmarked on `transfer` (transfer/). */
async function tinyRun(env: string, transfer: string, validationEpisodes: number): Promise<string> {
  const dir = tempDir();
  const config = runConfigSchema.parse({
    name: `tiny-${env}`,
    env: { id: env, overrides: { action: { type: 'discrete', levels: [0, 0.5, 1, 2, 4] } } },
    agent: { type: 'ppo', numEnvs: 16, hidden: [16], updateEpochs: 1, numMinibatches: 1 },
    train: { steps: 960 },
    evaluation: { every: 960, validation: { seed: 1_000_000, episodes: validationEpisodes }, test: { seed: 0, episodes: 64 }, transfer: { env: transfer } },
  });
  await trainRun({ config, runDir: dir });
  return dir;
}

describe('the cross-check between the generated and the recorded order flow (issue 21)', () => {
  it('a policy trained on lob-qr-v0 is tested on lob-replay-v0\'s 32 held-out windows and one trained on lob-replay-v0 on lob-qr-v0\'s first 32 test seeds, every baseline on the same seeds, and the sim-to-real table pairs both', async () => {
    const fromQr = await tinyRun('lob-qr-v0', 'lob-replay-v0', 26);
    const fromReplay = await tinyRun('lob-replay-v0', 'lob-qr-v0', 26);
    for (const [dir, agent] of [[fromQr, 'tiny-lob-qr-v0'], [fromReplay, 'tiny-lob-replay-v0']] as const) {
      const rows = readCsv(join(dir, 'transfer', 'episodes.csv'));
      const policies = [...new Set(rows.map((r) => r.policy))];
      expect(policies).toEqual(expect.arrayContaining([agent, 'twap', 'passive-twap', 'ac-passive']));
      for (const policy of policies) expect(rows.filter((r) => r.policy === policy).map((r) => Number(r.seed))).toEqual([...Array(32).keys()]);
    }
    const a = simToReal('tiny-lob-qr-v0', { twin: 'lob-qr-v0', replay: 'lob-replay-v0' }, [readTransferRun(fromQr, 0)!]);
    const b = simToReal('tiny-lob-replay-v0', { twin: 'lob-replay-v0', replay: 'lob-qr-v0' }, [readTransferRun(fromReplay, 0)!]);
    expect([a.windows, b.windows]).toEqual([32, 32]);
    const table = simToRealTable([a, b]);
    expect(table.rows[0].slice(0, 2)).toEqual(['**tiny-lob-qr-v0**', 'lob-qr-v0 → lob-replay-v0']);
    expect(table.rows[1].slice(0, 2)).toEqual(['**tiny-lob-replay-v0**', 'lob-replay-v0 → lob-qr-v0']);
    for (const r of [a, b]) expect(Number.isFinite(r.vs.twap.mean) && r.vs.twap.low <= r.vs.twap.mean && r.vs.twap.mean <= r.vs.twap.high).toBe(true);
  }, 600_000);
});
