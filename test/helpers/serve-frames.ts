import { PassThrough } from 'node:stream';
import { decodeFrame, FrameReader, type Frame } from '../../experiments/serve/frame.js';
import { serveEnvs } from '../../experiments/serve/serve.js';

/** Every frame in `bytes`, decoded. @throws Error when `bytes` ends inside a frame */
export function framesIn(bytes: Buffer): Frame[] {
  const reader = new FrameReader();
  reader.push(bytes);
  const frames: Frame[] = [];
  for (let frame = reader.next(); frame; frame = reader.next()) frames.push(decodeFrame(frame));
  if (reader.pending > 0) throw new Error(`the server wrote a partial frame (${reader.pending} bytes)`);
  return frames;
}

/** The replies of an in-process server fed `chunks` (each its own 'data' event), until its input ends. */
export async function exchange(chunks: readonly Buffer[]): Promise<Frame[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const replies: Buffer[] = [];
  output.on('data', (chunk: Buffer) => replies.push(chunk));
  const done = serveEnvs(input, output);
  for (const chunk of chunks) input.write(chunk);
  input.end();
  await done;
  return framesIn(Buffer.concat(replies));
}
