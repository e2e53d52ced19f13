import type { Readable, Writable } from 'node:stream';
import { UserError } from '../../env/errors/errors.js';
import { EnvHost } from './env-host.js';
import { decodeFrame, encodeFrame, FrameError, FrameReader } from './frame.js';

/** The one-line error reply for a failed request: a user's mistake as it is, anything else named a bug. */
function errorReply(error: unknown): Buffer {
  const message =
    error instanceof UserError || error instanceof RangeError || error instanceof FrameError
      ? error.message
      : `internal error (a bug in execgym; please report it): ${error instanceof Error ? error.message : String(error)}`;
  return encodeFrame({ ok: false, error: message.replace(/\s*\n\s*/g, ' ') });
}

/**
 * Hosts envs over a byte stream (stdin/stdout for `execgym serve`): reads request frames, answers
 * each with one reply frame, in order, until the input ends. A bad request gets a one-line error
 * reply (`{"ok": false, "error": ...}`) and the server goes on; requests may be pipelined. Bytes
 * that cannot be a frame (lengths beyond the limits) get one error reply and are dropped, since the
 * stream cannot be resynchronised; input ending inside a frame gets one error reply.
 * @returns when the input has ended, with the number of requests answered
 */
export function serveEnvs(input: Readable, output: Writable): Promise<number> {
  const host = new EnvHost();
  const reader = new FrameReader();
  let answered = 0;
  return new Promise((resolve, reject) => {
    input.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      for (;;) {
        let reply: Buffer;
        try {
          const bytes = reader.next();
          if (bytes === undefined) break;
          const { header, arrays } = host.handle(decodeFrame(bytes));
          reply = encodeFrame({ ok: true, ...header }, arrays);
        } catch (error) {
          reply = errorReply(error);
        }
        output.write(reply);
        answered++;
      }
    });
    input.on('end', () => {
      if (reader.pending > 0) {
        // A request cut short: one error line for it, then a clean end.
        output.write(errorReply(new FrameError(`input ended inside a frame (${reader.pending} bytes of an incomplete frame received)`)));
        answered++;
      }
      resolve(answered);
    });
    input.on('error', reject);
  });
}

/**
 * `execgym serve` on this process's stdin/stdout. stdout carries frames only: anything logged by
 * mistake goes to stderr, not into the stream.
 */
export function serveStdio(): Promise<number> {
  console.log = console.error;
  console.info = console.error;
  return serveEnvs(process.stdin, process.stdout);
}
