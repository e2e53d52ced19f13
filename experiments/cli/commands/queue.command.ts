import type { Argv } from 'yargs';
import type { QueueStatus } from '../../sweep/queue/queue-admin.js';
import { runCommand } from '../errors.js';
import { redisFlag, redisOption } from '../redis-flag.js';
import { artefactsFlag, artefactsOption } from '../artefacts-flag.js';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function formatStatus(s: QueueStatus): string {
  const lines = [
    `queue on ${s.redis}: ${Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    `workers (${s.workers.length}): ${s.workers.join(', ') || 'none connected'}`,
    `artefacts in ${s.store}: ${Object.entries(s.artefacts).map(([k, a]) => `${a.count} ${k} (${kib(a.bytes)})`).join(', ') || 'none'}`,
  ];
  for (const r of s.runs) {
    const where = r.worker ? ` on ${r.worker}` : '';
    const ckpt = r.checkpointSteps !== null && r.state !== 'completed' ? `, checkpoint at ${r.checkpointSteps} env steps` : '';
    const why = r.failedReason && r.state === 'failed' ? `: ${r.failedReason}` : '';
    lines.push(`  ${r.state.padEnd(9)} ${r.label}${where}${ckpt}${why}`);
  }
  return lines.join('\n');
}

/** `execgym queue status|retry|clean --redis URL [--artefacts s3://BUCKET/PREFIX]`: the queue's chores. */
export function queueCommand(yargs: Argv) {
  return yargs.command(
    'queue <action>',
    'inspect the Redis run queue: status (runs and their workers), retry (failed runs), clean (finished runs and their bundles)',
    (y) =>
      y
        .positional('action', { type: 'string', choices: ['status', 'retry', 'clean'] as const, describe: 'status, retry or clean' })
        .option('redis', redisOption)
        .option('artefacts', artefactsOption)
        .option('json', { type: 'boolean', default: false, describe: 'status as JSON' })
        .option('all', { type: 'boolean', default: false, describe: 'clean: also drop runs still waiting (not the active ones)' }),
    (argv) =>
      runCommand(async () => {
        const redis = redisFlag(argv.redis);
        const artefacts = artefactsFlag(argv.artefacts);
        // Loaded here, not at the top: BullMQ adds about 0.3 CPU-seconds to every `execgym` start (issue 26).
        const { cleanQueue, queueStatus, retryFailed } = await import('../../sweep/queue/queue-admin.js');
        if (argv.action === 'status') {
          const status = await queueStatus(redis, artefacts);
          console.log(argv.json ? JSON.stringify(status, null, 2) : formatStatus(status));
        } else if (argv.action === 'retry') {
          const retried = await retryFailed(redis);
          console.log(`retried ${retried.length} failed runs${retried.length ? `: ${retried.join(', ')}` : ''}`);
        } else {
          const removed = await cleanQueue(redis, artefacts, argv.all);
          console.log(`removed ${removed.jobs} jobs and ${removed.artefacts} bundles`);
        }
      }),
  );
}
