import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { Policy, PolicyInput } from '../../env/policy/policy.js';
import { decodeFrame, encodeFrame, FrameError, type Frame, type FrameArray } from '../serve/frame.js';

/** How long a policy process may take to answer one request before the benchmark gives up. */
export const PROC_TIMEOUT_MS = 120_000;

/**
 * A policy served by another process (`proc:CMD`, e.g. a policy trained in Python): execgym runs
 * `CMD` through the shell and speaks frames (experiments/serve/frame.ts) on its stdin/stdout.
 *
 * - `{op: "init", env, features, action, obsDim, steps, orderShares, spec}` -> `{ok: true}`
 * - `{op: "act", lanes, obsDim}` with `observations` (float32, lanes x obsDim), `step` (int32) and
 *   `inventory` (float64, shares held) per lane -> `{ok: true}` with `actions` (float64, one per lane)
 *
 * `Policy.act` is synchronous, so the pipes live in a worker thread (proc-worker.ts) and the main
 * thread blocks on a shared flag until the reply, a timeout, or the process's end.
 * @throws UserError when the process cannot be started or does not answer `init`
 */
export function procPolicy(command: string, env: CompiledEnv, timeoutMs = PROC_TIMEOUT_MS): Policy {
  const name = `proc:${command}`;
  const peer = startPeer(command, name, timeoutMs);
  peer.call(
    {
      op: 'init',
      env: env.spec.id,
      features: env.features.map((f) => f.name),
      action: env.spec.action,
      obsDim: env.features.length,
      steps: env.params.N,
      orderShares: env.params.X,
      spec: env.spec,
    },
    [],
  );
  return {
    name,
    usesHiddenState: false,
    act(input: PolicyInput, actions: Float64Array): void {
      const { lanes, obsDim } = input;
      const reply = peer.call({ op: 'act', lanes, obsDim }, [
        ['observations', input.observations.subarray(0, lanes * obsDim)],
        ['step', input.step.subarray(0, lanes)],
        ['inventory', input.inventory.subarray(0, lanes)],
      ]);
      const answer = reply.arrays.get('actions');
      if (answer === undefined) throw new UserError(`${name}: reply has no "actions" array (got ${[...reply.arrays.keys()].join(', ') || 'none'})`);
      if (answer.length !== lanes) throw new UserError(`${name}: sent ${answer.length} actions for ${lanes} lanes (one per lane expected)`);
      const nan = answer.findIndex((a) => Number.isNaN(a));
      if (nan >= 0) throw new UserError(`${name}: sent NaN as the action of lane ${nan} at step ${input.step[nan]}`);
      actions.set(answer);
    },
  };
}

interface Peer {
  call(header: Record<string, unknown>, arrays: [string, FrameArray][]): Frame;
}

function startPeer(command: string, name: string, timeoutMs: number): Peer {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./proc-worker.js', import.meta.url), { workerData: { command, signal, port: port2 }, transferList: [port2] });
  // Neither the worker nor the process keeps execgym alive: when it exits, the process sees its stdin end.
  worker.unref();
  port1.unref();
  const receive = (): { frame?: Uint8Array; error?: string } => (receiveMessageOnPort(port1)?.message ?? { error: 'gave no reply' }) as { frame?: Uint8Array; error?: string };
  return {
    call(header, arrays) {
      // 1 (last reply taken) -> 0 (waiting); 2 (process gone) stays, and its message says why.
      if (Atomics.compareExchange(signal, 0, 1, 0) === 2 || Atomics.load(signal, 0) === 2) throw new UserError(`${name}: the policy process ${receive().error}`);
      port1.postMessage(encodeFrame(header, arrays));
      if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
        void worker.terminate();
        throw new UserError(`${name}: no reply to ${String(header.op)} within ${timeoutMs / 1000} s`);
      }
      const message = receive();
      if (message.frame === undefined) throw new UserError(`${name}: the policy process ${message.error}`);
      let reply: Frame;
      try {
        reply = decodeFrame(Buffer.from(message.frame.buffer, message.frame.byteOffset, message.frame.byteLength));
      } catch (error) {
        if (error instanceof FrameError) throw new UserError(`${name}: sent a malformed reply to ${String(header.op)} (${error.message})`);
        throw error;
      }
      if (reply.header.ok !== true) throw new UserError(`${name}: the policy answered ${String(header.op)} with an error: ${String(reply.header.error ?? JSON.stringify(reply.header)).slice(0, 300)}`);
      return reply;
    },
  };
}
