import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../../env/errors/errors.js';
import { writeFileAtomic } from '../../env/io/atomic-write.js';
import { readJsonObject } from '../../env/io/read-json.js';
import type { Adam } from './adam.js';
import { namedVariables, type AgentModel, type AgentTopology } from './agent-model.js';
import type { Mlp, MlpSpec } from './mlp.js';
import type { RunningNormState } from '../../env/wrappers/running-norm.js';

function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/**
 * A tf.io.IOHandler that saves to and loads from `<dir>/<basename>.json` (topology and weight
 * manifest, in the layout of tfjs's model.json) and `<dir>/<basename>.weights.bin`, with Node's fs.
 * tfjs's own `file://` handler needs the native tfjs-node package; this one runs on every backend.
 * Each file is written atomically.
 */
export function fileHandler(dir: string, basename = 'model'): tf.io.IOHandler {
  const jsonPath = join(dir, `${basename}.json`);
  const binName = `${basename}.weights.bin`;
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      writeFileAtomic(join(dir, binName), toBytes(artifacts.weightData));
      const manifest = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [binName], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileAtomic(jsonPath, `${JSON.stringify(manifest)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      if (!existsSync(jsonPath)) throw new UserError(`no saved model at ${jsonPath}`);
      const manifest = readJsonObject(jsonPath, 'saved model') as { format?: string; generatedBy?: string; modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
      const group = manifest.weightsManifest?.[0];
      if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new UserError(`saved model ${JSON.stringify(jsonPath)} has no weights manifest`);
      const binPath = join(dir, group.paths[0]);
      if (!existsSync(binPath)) throw new UserError(`saved model ${JSON.stringify(jsonPath)}: its weights file ${JSON.stringify(binPath)} is missing`);
      const bytes = readFileSync(binPath);
      const expected = group.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
      if (bytes.byteLength !== expected) throw new UserError(`weights file ${JSON.stringify(binPath)} has ${bytes.byteLength} bytes but its model needs ${expected} (truncated or overwritten)`);
      const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return { format: manifest.format, generatedBy: manifest.generatedBy, modelTopology: manifest.modelTopology, weightSpecs: group.weights, weightData };
    },
  };
}

/** Saves named tensors with a JSON topology through any IOHandler. */
export async function saveTensors(handler: tf.io.IOHandler, topology: object, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await handler.save!({ format: 'execgym', generatedBy: `TensorFlow.js ${tf.version_core}`, modelTopology: topology, weightSpecs: specs, weightData: data });
}

/** Loads what {@link saveTensors} saved; the caller disposes the tensors. */
export async function loadTensors<T>(handler: tf.io.IOHandler): Promise<{ topology: T; tensors: tf.NamedTensorMap }> {
  const artifacts = await handler.load!();
  return { topology: artifacts.modelTopology as T, tensors: tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!) };
}

/** Saves a policy: its topology (with the observation statistics) and weights. */
export async function saveAgentModel(model: AgentModel, handler: tf.io.IOHandler): Promise<void> {
  const topology: AgentTopology = { ...model.topology, obsNorm: model.obsNorm ? model.obsNorm.state() : null };
  await saveTensors(
    handler,
    topology,
    namedVariables(model).map(({ name, variable }) => ({ name, tensor: variable })),
  );
}

/** SHA-256 of a saved model's weight file: the model's identity in a run manifest. */
export function weightsHash(dir: string, basename = 'model'): string {
  return createHash('sha256').update(readFileSync(join(dir, `${basename}.weights.bin`))).digest('hex');
}

/** What a training checkpoint holds beyond the policy: optimiser, extra networks, JSON state, blobs. */
export interface TrainingSnapshot<S> {
  readonly model: AgentModel;
  readonly optimizer: Adam;
  /** E.g. the DQN target network, saved as `<name>.json` + `<name>.weights.bin`. */
  readonly extraNets?: Readonly<Record<string, Mlp>>;
  /** Counters and RNG states (JSON). */
  readonly state: S;
  /** Large typed data, e.g. the replay buffer, saved as `<name>.bin`. */
  readonly blobs?: Readonly<Record<string, Uint8Array>>;
}

/**
 * Writes a full training checkpoint into `dir`: the policy (`model`), Adam's step and moments
 * (`optimizer`), extra networks, `state.json` and blobs. Loading it with
 * {@link restoreTrainingSnapshot} continues the run exactly where it stopped.
 */
export async function saveTrainingSnapshot<S>(dir: string, snapshot: TrainingSnapshot<S>): Promise<void> {
  await saveAgentModel(snapshot.model, fileHandler(dir, 'model'));
  const adam = snapshot.optimizer.getState();
  try {
    await saveTensors(fileHandler(dir, 'optimizer'), { t: adam.t }, adam.moments.map((tensor, i) => ({ name: `moment/${i}`, tensor })));
  } finally {
    tf.dispose(adam.moments);
  }
  for (const [name, net] of Object.entries(snapshot.extraNets ?? {})) {
    await saveTensors(fileHandler(dir, name), net.spec, net.weights.map((tensor, i) => ({ name: `${name}/${i}`, tensor })));
  }
  for (const [name, bytes] of Object.entries(snapshot.blobs ?? {})) writeFileAtomic(join(dir, `${name}.bin`), bytes);
  writeFileAtomic(join(dir, 'state.json'), `${JSON.stringify(snapshot.state)}\n`);
}

/**
 * Restores a checkpoint of {@link saveTrainingSnapshot} into live objects: assigns the saved weights
 * to `model`'s and the extra networks' variables and the moments to `optimizer`, and returns the
 * JSON state, the observation statistics and the blobs named in `blobNames`.
 */
export async function restoreTrainingSnapshot<S>(
  dir: string,
  live: { model: AgentModel; optimizer: Adam; extraNets?: Readonly<Record<string, Mlp>> },
  blobNames: readonly string[] = [],
): Promise<{ state: S; obsNorm: RunningNormState | null; blobs: Record<string, Uint8Array> }> {
  const saved = await loadTensors<AgentTopology>(fileHandler(dir, 'model'));
  try {
    for (const { name, variable } of namedVariables(live.model)) variable.assign(saved.tensors[name]);
  } finally {
    tf.dispose(saved.tensors);
  }
  const opt = await loadTensors<{ t: number }>(fileHandler(dir, 'optimizer'));
  const moments = Object.keys(opt.tensors).length;
  try {
    live.optimizer.setState({ t: opt.topology.t, moments: Array.from({ length: moments }, (_, i) => opt.tensors[`moment/${i}`]) });
  } finally {
    tf.dispose(opt.tensors);
  }
  for (const [name, net] of Object.entries(live.extraNets ?? {})) {
    const { tensors } = await loadTensors<MlpSpec>(fileHandler(dir, name));
    try {
      net.weights.forEach((w, i) => w.assign(tensors[`${name}/${i}`]));
    } finally {
      tf.dispose(tensors);
    }
  }
  const blobs: Record<string, Uint8Array> = {};
  for (const name of blobNames) blobs[name] = new Uint8Array(readFileSync(join(dir, `${name}.bin`)));
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as S;
  return { state, obsNorm: saved.topology.obsNorm, blobs };
}
