// Embedding lookups (GatherV2 of rows of a 2-D float32 table) for the wasm backend. The stock
// kernel took ~25-35 ms for each of BERT's three lookups at 32×64 tokens (5% of a forward pass
// once the other fast kernels are in), whatever the table size: a per-element loop. Copying
// whole rows with TypedArray.set is a memcpy per token. Bit-identical by construction.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm_module.js';

/** out[i, :] = table[indices[i], :]; false (nothing written) when an index is out of range. */
export function gatherRowsInto(table: Float32Array, width: number, indices: ArrayLike<number>, out: Float32Array): boolean {
  const rows = table.length / width;
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!(r >= 0 && r < rows)) return false;
  }
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(table.subarray(r * width, (r + 1) * width), i * width);
  }
  return true;
}

let saved: KernelConfig | null = null;

/** Replaces the 'wasm' backend's GatherV2 for row lookups (axis 0, 2-D float32 table, int32 indices). Idempotent. */
export function useFastGather(): () => void {
  if (saved === null) {
    const stock = tf.getKernel(tf.GatherV2, 'wasm');
    if (stock === undefined) throw new Error("useFastGather: no GatherV2 kernel for 'wasm'; import '@tensorflow/tfjs-backend-wasm' first");
    saved = stock;
    const kernelFunc: KernelFunc = (args) => {
      const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
      const { axis, batchDims } = args.attrs as NamedAttrMap & { axis: number; batchDims: number };
      if (x.dtype !== 'float32' || indices.dtype !== 'int32' || x.shape.length !== 2 || axis !== 0 || (batchDims ?? 0) !== 0) {
        return stock.kernelFunc(args);
      }
      const backend = args.backend as unknown as WasmBackendLike;
      const width = x.shape[1]!;
      const out = backend.makeOutput([...indices.shape, width], 'float32'); // may grow the heap: take views after
      const ok = gatherRowsInto(backend.typedArrayFromHeap(x), width, backend.typedArrayFromHeap(indices) as unknown as Int32Array, // int32 dtype: an Int32Array view
         backend.typedArrayFromHeap(out));
      if (ok) return out;
      (args.backend as unknown as { disposeData(id: object): void }).disposeData(out.dataId);
      return stock.kernelFunc(args); // let the stock kernel report the bad index
    };
    tf.unregisterKernel(tf.GatherV2, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc });
  }
  return restoreStockGather;
}

export function restoreStockGather(): void {
  if (saved === null) return;
  tf.unregisterKernel(tf.GatherV2, 'wasm');
  tf.registerKernel(saved);
  saved = null;
}
