import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c as awsCrc32c } from '@aws-crypto/crc32c';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../experiments/io/read-csv.js';
import { crc32c } from '../experiments/logs/crc32c.js';
import { tensorboardTag } from '../experiments/train/curve-logs.js';
import { trainRun } from '../experiments/train/train-run.js';
import { tempDir, tinyPpo } from './helpers/tiny-runs.js';

// TensorFlow's event.proto and summary.proto, cut to the fields a scalar log uses (field numbers as upstream).
const EVENT_PROTO = `
syntax = "proto3";
message Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
message Summary { message Value { string node_name = 7; string tag = 1; oneof value { float simple_value = 2; } } repeated Value value = 1; }
`;
const Event = protobuf.parse(EVENT_PROTO).root.lookupType('Event');

/** TFRecord's masked CRC, per tensorflow/core/lib/hash/crc32c.h, over an independent CRC-32C. */
const masked = (bytes: Uint8Array) => {
  const c = awsCrc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
};

interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: { value: { tag: string; simpleValue: number }[] };
}

/** Reads every record of a TFRecord file, checking both CRCs, and decodes each as an Event. */
function readEvents(path: string): DecodedEvent[] {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: DecodedEvent[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = Number(view.getBigUint64(offset, true));
    expect(view.getUint32(offset + 8, true)).toBe(masked(bytes.subarray(offset, offset + 8)));
    const data = bytes.subarray(offset + 12, offset + 12 + length);
    expect(view.getUint32(offset + 12 + length, true)).toBe(masked(data));
    events.push(Event.toObject(Event.decode(data), { longs: Number, defaults: true }) as DecodedEvent);
    offset += 12 + length + 4;
  }
  expect(offset).toBe(bytes.length);
  return events;
}

const ppo = tinyPpo({ train: { steps: 1920 }, evaluation: { every: 640, validation: { episodes: 20 }, test: { episodes: 20 } } });

/** Trains the tiny run, stopped at `stops` (then `afterStop`) and resumed, and returns its directory. */
async function trainedRun(stops: number[], afterStop: (runDir: string) => void = () => {}): Promise<string> {
  const runDir = join(tempDir(), 'run');
  for (const [i, stop] of stops.entries()) {
    await trainRun({ config: ppo, runDir, resume: i > 0, stopAfterSteps: stop, skipBenchmark: true });
    afterStop(runDir);
  }
  await trainRun({ config: ppo, runDir, resume: stops.length > 0, skipBenchmark: true });
  return runDir;
}

/** Checks the event file and the JSON lines of `runDir` against learning_curve.csv, scalar by scalar. */
function expectMirrorsOfCsv(runDir: string): void {
  const csv = readCsv(join(runDir, 'learning_curve.csv'));
  const eventFiles = readdirSync(runDir).filter((f) => f.startsWith('events.out.tfevents.'));
  expect(eventFiles).toHaveLength(1);
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
  const [version, ...rows] = readEvents(join(runDir, eventFiles[0]));
  expect(version.fileVersion).toBe('brain.Event:2');
  expect(rows.map((e) => e.step)).toEqual(csv.map((r) => Number(r.env_steps)));
  let scalars = 0;
  for (const [i, event] of rows.entries()) {
    const row = csv[i];
    expect(event.wallTime).toBeCloseTo(Date.parse(manifest.createdAt) / 1000 + Number(row.wall_seconds), 3);
    const values = new Map(event.summary!.value.map((v) => [v.tag, v.simpleValue]));
    for (const [column, cell] of Object.entries(row)) {
      const tag = tensorboardTag(column);
      if (tag === null) continue;
      // simple_value is a float32: the CSV's double rounded to float32, exactly.
      expect(values.get(tag), `row ${i} ${column}`).toBe(cell === '' ? undefined : Math.fround(Number(cell)));
      if (cell !== '') scalars += 1;
    }
    const sps = values.get('charts/env_steps_per_second');
    if (i === 0) expect(sps).toBeUndefined();
    else expect(sps).toBe(Math.fround((Number(row.env_steps) - Number(csv[i - 1].env_steps)) / (Number(row.wall_seconds) - Number(csv[i - 1].wall_seconds))));
    expect(values.size).toBe(Object.values(row).filter((c) => c !== '').length - 2 + (i === 0 ? 0 : 1));
  }
  expect(scalars).toBeGreaterThan(csv.length * 10);
  const jsonl = readFileSync(join(runDir, 'learning_curve.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(jsonl).toEqual(csv.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : Number(v)]))));
}

describe('TensorBoard and JSON-lines logs', () => {
  it('the CRC-32C of the framing agrees with an independent implementation (and the check value of "123456789")', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32c(bytes)).toBe(0xe3069283);
    const random = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251);
    for (const n of [0, 1, 7, 8, 100, 1000]) expect(crc32c(random.subarray(0, n))).toBe(awsCrc32c(random.subarray(0, n)));
  });

  it('the event file holds the file version, then one event per learning-curve row whose every scalar equals the CSV cell (as float32)', async () => {
    expectMirrorsOfCsv(await trainedRun([]));
  });

  it('a run killed after logging a row it had not checkpointed, then resumed, has the CSV rows in its event file and JSON lines, none lost or repeated', async () => {
    // As if the process died between logging a row and checkpointing it: a row too many in all three files.
    const crashAfterLogging = (runDir: string) => {
      const events = readdirSync(runDir).find((f) => f.startsWith('events.out.tfevents.'))!;
      appendFileSync(join(runDir, 'learning_curve.csv'), `${readFileSync(join(runDir, 'learning_curve.csv'), 'utf8').trimEnd().split('\n').at(-1)}\n`);
      appendFileSync(join(runDir, 'learning_curve.jsonl'), `${readFileSync(join(runDir, 'learning_curve.jsonl'), 'utf8').trimEnd().split('\n').at(-1)}\n`);
      appendFileSync(join(runDir, events), readFileSync(join(runDir, events)).subarray(-40));
    };
    const runDir = await trainedRun([700, 1300], crashAfterLogging);
    expect(readCsv(join(runDir, 'learning_curve.csv')).map((r) => r.env_steps)).toEqual(['0', '640', '1280', '1920']);
    expectMirrorsOfCsv(runDir);
  });
});
