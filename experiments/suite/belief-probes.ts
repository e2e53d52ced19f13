import { fileHandler } from '../../agents/common/checkpoint.js';
import { selectBackend } from '../../agents/common/backend.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import { disposeModel } from '../../agents/common/agent-model.js';
import { compileEnv } from '../../env/core/compile-env.js';
import { beliefProbe } from '../benchmark/belief-probe.js';
import { runPaths, writeBeliefProbe, type BeliefProbeFile } from '../io/run-dir.js';
import type { RunConfig } from '../run-config/run-config.js';
import { resolveRunEnv } from '../run-config/resolve-env.js';
import type { BackendName } from '../../agents/common/backend-names.js';

/**
 * Test episodes the probe plays (the first of the run's test seeds): 2,000 episodes of N steps give
 * 20,000 rows on each side of the fit/score split on regime-v0, against a 65-parameter probe.
 */
export const PROBE_EPISODES = 2000;

/**
 * The suite's belief probe (issue 22): for a run of a recurrent policy on a market whose regime is
 * hidden, plays its final policy on the run's test seeds and writes to belief-probe.json how much
 * of the Hamilton filter's belief a linear read-out of its memory recovers (held-out R², beside the
 * observation alone's). Returns null, writing nothing, for any other run (a feed-forward policy, a
 * market without regimes or one that shows them). The probe runs on the backend the run trained on.
 */
export async function probeRun(runDir: string, config: RunConfig, backend: BackendName): Promise<BeliefProbeFile | null> {
  const env = resolveRunEnv(config.env);
  if (env.spec.regimeInfo !== 'hidden' || (env.spec.regimes?.length ?? 1) < 2) return null;
  await selectBackend(backend);
  const model = await loadAgentModel(fileHandler(runPaths(runDir).policy));
  try {
    if (!model.core) return null;
    const beliefEnv = compileEnv({ ...env.spec, regimeInfo: 'belief' });
    const { seed } = config.evaluation.test;
    const episodes = Math.min(PROBE_EPISODES, config.evaluation.test.episodes);
    const probe = { ...beliefProbe(model, env, beliefEnv, episodes, seed), seed, episodes, policy: 'policy' };
    writeBeliefProbe(runDir, probe);
    return probe;
  } finally {
    disposeModel(model);
  }
}
