/**
 * The worker thread behind a `proc:CMD` policy: it runs the policy process and its pipes with
 * ordinary async I/O, while the main thread, whose `Policy.act` is synchronous, waits on a shared
 * flag. Protocol with the main thread (see proc-policy.ts): a request frame in; one message out per
 * request ({ frame } or { error }), then `signal[0]` set to 1 (reply) or 2 (the process is gone).
 */
import { spawn } from 'node:child_process';
import { workerData, type MessagePort } from 'node:worker_threads';
import { FrameReader } from '../serve/frame.js';

const { command, signal, port } = workerData as { command: string; signal: Int32Array; port: MessagePort };
const REPLY = 1;
const GONE = 2;

let stderrTail = '';
let gone = false;
const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
const reader = new FrameReader();

function settle(message: { frame: Uint8Array } | { error: string }, state: number): void {
  port.postMessage(message);
  Atomics.store(signal, 0, state);
  Atomics.notify(signal, 0);
}

function fail(error: string): void {
  if (gone) return;
  gone = true;
  settle({ error }, GONE);
  child.kill();
  port.close();
}

/** The last line the process wrote on stderr (a Python traceback's last line names the error). */
function lastStderrLine(): string {
  const line = stderrTail.trim().split('\n').at(-1)?.trim();
  return line ? `; its stderr ends: ${line}` : '';
}

child.stdout.on('data', (chunk: Buffer) => {
  reader.push(chunk);
  try {
    for (let frame = reader.next(); frame; frame = reader.next()) settle({ frame: new Uint8Array(frame) }, REPLY);
  } catch (error) {
    fail(`sent bytes that are not an execgym frame on stdout (${(error as Error).message})`);
  }
});
child.stderr.on('data', (chunk: Buffer) => {
  stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
});
// EPIPE when the process has died: 'close' below reports why.
child.stdin.on('error', () => undefined);
child.on('error', (error) => fail(`could not be started (${error.message})`));
child.on('close', (code, killedBy) => fail(`exited (${killedBy ?? `code ${code}`})${lastStderrLine()}`));
port.on('message', (frame: Uint8Array) => child.stdin.write(frame));
