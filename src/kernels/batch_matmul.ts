// A faster BatchMatMul for the wasm backend's many small products (attention).
//
// Profile of all-MiniLM-L6-v2 on stock tfjs-backend-wasm 4.22.0 (bench/profile.ts; docs/PERFORMANCE_RESULTS.md):
// the dense layers run through XNNPACK at ~25 GFLOP/s, close to what 128-bit wasm SIMD without
// FMA can do on one core, but attention's batched products ([B·nh, T, hs]×[B·nh, hs, T] and
// back) run at ~2 GFLOP/s, a quarter or more of the forward time. The AssemblyScript kernel in
// assembly/batch_matmul.ts does all batch entries in one call with a 4×8 SIMD register tile.
//
// useFastBatchMatMul() swaps it in for the 'wasm' backend's BatchMatMul kernel; products it does
// not handle (one batch entry, i.e. the dense layers; transposed operands; broadcast batch
// dims; non-float32) go to the stock kernel unchanged.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { BATCH_MATMUL_WASM } from './generated/batch_matmul_wasm.js';
import { CHUNK_ELEMENTS, lazyKernel, scratch, type KernelInstance, type WasmBackendLike } from './wasm_module.js';

interface BatchMatMulKernel extends KernelInstance {
  batchMatMul(a: number, b: number, c: number, batch: number, m: number, k: number, n: number): void;
}

const kernelModule = lazyKernel<BatchMatMulKernel>(BATCH_MATMUL_WASM);

/**
 * C[i] = A[i]·B[i] for i < batch, row-major float32: a [batch, m, k], b [batch, k, n],
 * out [batch, m, n]. Copies the operands into the kernel's own memory and the result back.
 */
export function batchMatMulInto(
  a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number,
): void {
  const sizeA = batch * m * k;
  const sizeB = batch * k * n;
  const sizeC = batch * m * n;
  if (a.length !== sizeA || b.length !== sizeB || out.length !== sizeC) {
    throw new RangeError(`batchMatMulInto: lengths a=${a.length} b=${b.length} out=${out.length}, expected ${sizeA}, ${sizeB}, ${sizeC} for batch=${batch} m=${m} k=${k} n=${n}`);
  }
  const mod = kernelModule();
  // Groups of whole batch entries, ~CHUNK_ELEMENTS floats per operand (wasm_module.ts: the kernel's memory never shrinks).
  const per = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(m * k, k * n, m * n)));
  const g = Math.min(batch, per);
  const [offA, offB, offC] = scratch(mod, [g * m * k, g * k * n, g * m * n]) as [number, number, number];
  const heap = new Float32Array(mod.memory.buffer);
  for (let i = 0; i < batch; i += g) {
    const cnt = Math.min(g, batch - i);
    heap.set(a.subarray(i * m * k, (i + cnt) * m * k), offA >> 2);
    heap.set(b.subarray(i * k * n, (i + cnt) * k * n), offB >> 2);
    mod.batchMatMul(offA, offB, offC, cnt, m, k, n);
    out.set(heap.subarray(offC >> 2, (offC >> 2) + cnt * m * n), i * m * n);
  }
}

interface Plan { batch: number; m: number; k: number; n: number; outShape: number[] }

/** The product as [batch, m, k]×[batch, k, n] when this kernel handles it, else null. */
export function planBatchMatMul(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): Plan | null {
  if (transposeA || transposeB || aShape.length < 3 || aShape.length !== bShape.length) return null;
  const lead = aShape.slice(0, -2);
  if (lead.some((d, i) => d !== bShape[i])) return null; // broadcasting: stock kernel
  const batch = lead.reduce((p, d) => p * d, 1);
  if (batch < 2) return null; // a single product is a dense layer: XNNPACK is faster there
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const n = bShape[bShape.length - 1]!;
  if (bShape[bShape.length - 2] !== k) return null; // let the stock kernel report the mismatch
  return { batch, m, k, n, outShape: [...lead, m, n] };
}

let saved: KernelConfig | null = null;

/**
 * Replaces the 'wasm' backend's BatchMatMul with one that sends batched (attention) products to
 * the SIMD kernel. Idempotent. Returns a function that restores the stock kernel.
 * Call before or after tf.setBackend('wasm'); the stock kernel's setup still runs.
 */
export function useFastBatchMatMul(): () => void {
  if (saved === null) {
    const stock = tf.getKernel(tf.BatchMatMul, 'wasm');
    if (stock === undefined) {
      throw new Error("useFastBatchMatMul: no BatchMatMul kernel for 'wasm'; import '@tensorflow/tfjs-backend-wasm' first");
    }
    saved = stock;
    const kernelFunc: KernelFunc = (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const attrs = args.attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean };
      const plan = a.dtype === 'float32' && b.dtype === 'float32'
        ? planBatchMatMul(a.shape, b.shape, attrs.transposeA, attrs.transposeB) : null;
      if (plan === null) return stock.kernelFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(plan.outShape, 'float32'); // may grow the heap: take views after
      batchMatMulInto(backend.typedArrayFromHeap(a), backend.typedArrayFromHeap(b), backend.typedArrayFromHeap(out),
        plan.batch, plan.m, plan.k, plan.n);
      return out;
    };
    tf.unregisterKernel(tf.BatchMatMul, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc });
  }
  return restoreStockBatchMatMul;
}

/** Puts the stock wasm BatchMatMul back (no-op when it was never replaced). */
export function restoreStockBatchMatMul(): void {
  if (saved === null) return;
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel(saved);
  saved = null;
}
