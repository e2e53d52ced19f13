import { SIM_TO_REAL_NOTE, simToRealTable } from '../benchmark/sim-to-real-table.js';
import { readTransferRun, simToReal, type TransferRun } from '../benchmark/sim-to-real.js';
import { readTransfer } from '../io/run-dir.js';
import type { PendingSection } from './benchmark-section.js';
import type { RunDir } from './load-dirs.js';

/**
 * The sim-to-real table of runs whose config transfers the policy to a replay (transfer/ beside
 * benchmark/): computed from their episodes, as the suite's headline computes it. Null when the
 * runs have no transfer.
 */
export function simToRealSection(runs: readonly RunDir[]): PendingSection | null {
  const withTransfer = runs.filter((r) => r.benchmark);
  const transfers = withTransfer.map((r) => readTransferRun(r.dir, r.manifest.seed));
  if (withTransfer.length === 0 || transfers.some((t) => t === null)) return null;
  const first = withTransfer[0];
  const replay = readTransfer(first.dir)!.summary.env;
  const result = simToReal(first.name, { twin: first.benchmark!.summary.env, replay }, transfers as TransferRun[]);
  const table = simToRealTable([result]);
  return {
    title: `Sim-to-real: ${result.name}, trained on ${result.twinEnv}, tested on ${result.replayEnv}`,
    notes: [SIM_TO_REAL_NOTE],
    charts: [],
    tables: [{ caption: `${result.name}: objective on the twin and on ${result.windows} held-out replay windows, and paired against the baselines on those windows (bps)`, header: table.header, rows: table.rows.map((row) => row.map((cell) => cell.replaceAll('**', ''))) }],
  };
}
