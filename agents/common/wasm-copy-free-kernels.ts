// Copy-free versions of five tfjs-backend-wasm kernels (4.22) that copy memory they need not copy.
// Same values, so the same arithmetic bit for bit; registered once, when the wasm backend loads.
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: tf.DataId): void;
}

type KernelArgs = { inputs: Record<string, tf.TensorInfo>; attrs?: tf.NamedAttrMap; backend: unknown };

/**
 * Identity and same-dtype Cast share the input's data (a reference count, as Reshape does and as
 * tfjs-backend-cpu's Identity does) instead of copying it: tensors are immutable (a Variable's
 * assign swaps its data, it never writes into it). The engine clones every tensor a gradient saves
 * through Identity, so on wasm each recorded kernel paid a copy of its inputs.
 */
function share(x: tf.TensorInfo, backend: WasmBackend): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Slices read the input through a view of the wasm heap: the shipped Slice calls readSync, which
 * copies the WHOLE input for every slice, so an Unpack of T steps copied the tensor T times
 * (10 ms for [20, 64, 192]) and each SplitV once per piece. Outputs are allocated first, since an
 * allocation can grow the heap and detach earlier views.
 */
function sliceInto(x: tf.TensorInfo, begin: readonly number[], size: readonly number[], out: tf.TensorInfo, backend: WasmBackend): void {
  const xs = backend.typedArrayFromHeap(x);
  const os = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin as number[], size as number[])) {
    const at = tf.slice_util.computeFlatOffset(begin as number[], strides);
    os.set(xs.subarray(at, at + tf.util.sizeFromShape(size as number[])));
    return;
  }
  // Copy contiguous runs of the last axis; iterate the outer axes as an odometer.
  const inner = size[rank - 1];
  const outer = size.slice(0, rank - 1);
  const rows = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(rank - 1).fill(0);
  for (let r = 0, o = 0; r < rows; r++, o += inner) {
    let at = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) at += (begin[d] + index[d]) * strides[d];
    os.set(xs.subarray(at, at + inner), o);
    for (let d = rank - 2; d >= 0 && ++index[d] === outer[d]; d--) index[d] = 0;
  }
}

/** Registers the copy-free kernels for 'wasm' (idempotent; call after the wasm backend is imported). */
export function registerWasmCopyFreeKernels(): void {
  if (registered) return;
  registered = true;
  const original = (name: string) => tf.getKernel(name, 'wasm')!.kernelFunc as (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];
  const castCopy = original(tf.Cast);
  const sliceCopy = original(tf.Slice);
  const splitCopy = original(tf.SplitV);
  const unpackCopy = original(tf.Unpack);
  const register = (kernelName: string, kernelFunc: (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]) => {
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  };
  const numeric = (x: tf.TensorInfo) => x.dtype !== 'string' && x.shape.length > 0 && tf.util.sizeFromShape(x.shape) > 0;

  register(tf.Identity, ({ inputs, backend }) => share(inputs.x, backend as WasmBackend));
  register(tf.Cast, (args) => (args.attrs!.dtype === args.inputs.x.dtype ? share(args.inputs.x, args.backend as WasmBackend) : castCopy(args)));
  register(tf.Slice, (args) => {
    const { x } = args.inputs;
    if (!numeric(x)) return sliceCopy(args);
    const backend = args.backend as WasmBackend;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.TensorInfo & { rank: number }, args.attrs!.begin as number[], args.attrs!.size as number[]);
    const out = backend.makeOutput(size, x.dtype);
    if (tf.util.sizeFromShape(size) > 0) sliceInto(x, begin, size, out, backend);
    return out;
  });
  register(tf.SplitV, (args) => {
    const { x } = args.inputs;
    if (!numeric(x)) return splitCopy(args);
    const backend = args.backend as WasmBackend;
    const axis = tf.util.parseAxisParam(args.attrs!.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs!.numOrSizeSplits as number[] | number, axis);
    const outs = sizes.map((s) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? s : d)), x.dtype));
    const begin = x.shape.map(() => 0);
    outs.forEach((out) => {
      if (tf.util.sizeFromShape(out.shape) > 0) sliceInto(x, begin, out.shape, out, backend);
      begin[axis] += out.shape[axis];
    });
    return outs;
  });
  register(tf.Unpack, (args) => {
    const x = args.inputs.value;
    if (!numeric(x)) return unpackCopy(args);
    const backend = args.backend as WasmBackend;
    const axis = (args.attrs!.axis as number) < 0 ? (args.attrs!.axis as number) + x.shape.length : (args.attrs!.axis as number);
    const size = x.shape.map((d, i) => (i === axis ? 1 : d));
    const outShape = x.shape.filter((_, i) => i !== axis);
    const outs = Array.from({ length: x.shape[axis] }, () => backend.makeOutput(outShape, x.dtype));
    const begin = x.shape.map(() => 0);
    outs.forEach((out, i) => {
      begin[axis] = i;
      sliceInto(x, begin, size, out, backend);
    });
    return outs;
  });
}

let registered = false;
