// A SIMD Erf, and GELU fused around it, for the wasm backend. GELU's erf was 8% of an all-MiniLM-L6-v2 forward on stock
// tfjs-backend-wasm (a scalar loop, ~12 ns per element); assembly/erf.ts evaluates the same
// Abramowitz–Stegun formula as tfjs's cpu backend, 4 lanes at a time (|error| ≤ ~2e-7).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { GELU_KERNEL } from '../nn/fused_ops.js';
import { ERF_WASM } from './generated/erf_wasm.js';
import { CHUNK_ELEMENTS, lazyKernel, registerFusedWasmKernel, scratch, unregisterFusedWasmKernel, type KernelInstance, type WasmBackendLike } from './wasm_module.js';

interface ErfKernel extends KernelInstance {
  erf(x: number, y: number, n: number): void;
  gelu(x: number, y: number, n: number): void;
}

const kernelModule = lazyKernel<ErfKernel>(ERF_WASM);

/** Applies one of the module's element-wise functions chunk by chunk (CHUNK_ELEMENTS). */
function elementwise(fn: 'erf' | 'gelu', x: Float32Array, out: Float32Array): void {
  if (out.length !== x.length) throw new RangeError(`${fn}Into: out has ${out.length} elements, x has ${x.length}`);
  const mod = kernelModule();
  const [off] = scratch(mod, [Math.min(x.length, CHUNK_ELEMENTS)]) as [number];
  const heap = new Float32Array(mod.memory.buffer);
  for (let s = 0; s < x.length; s += CHUNK_ELEMENTS) {
    const n = Math.min(CHUNK_ELEMENTS, x.length - s);
    heap.set(x.subarray(s, s + n), off >> 2);
    mod[fn](off, off, n);
    out.set(heap.subarray(off >> 2, (off >> 2) + n), s);
  }
}

/** out[i] = erf(x[i]). */
export function erfInto(x: Float32Array, out: Float32Array): void {
  elementwise('erf', x, out);
}

/** out[i] = gelu(x[i]) = (x·0.5)·(1 + erf(x/√2)), nn/activations.ts gelu's ops in one pass. */
export function geluInto(x: Float32Array, out: Float32Array): void {
  elementwise('gelu', x, out);
}

let saved: KernelConfig | null = null;

/** Replaces the 'wasm' backend's Erf (float32 inputs; others go to the stock kernel). Idempotent. */
export function useFastErf(): () => void {
  if (saved === null) {
    const stock = tf.getKernel(tf.Erf, 'wasm');
    if (stock === undefined) throw new Error("useFastErf: no Erf kernel for 'wasm'; import '@tensorflow/tfjs-backend-wasm' first");
    saved = stock;
    const kernelFunc: KernelFunc = (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (x.dtype !== 'float32') return stock.kernelFunc(args);
      const backend = args.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(x.shape, 'float32'); // may grow the heap: take views after
      erfInto(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out));
      return out;
    };
    tf.unregisterKernel(tf.Erf, 'wasm');
    tf.registerKernel({ ...stock, kernelFunc });
  }
  return restoreStockErf;
}

/**
 * Registers nn/fused_ops.ts's GELU kernel for 'wasm' (five [B, T, 4H] tfjs kernels become one
 * pass: ~4% of a 32×128 forward, and 4 fewer temporaries of that size). Idempotent.
 */
export function useFastGelu(): void {
  registerFusedWasmKernel(GELU_KERNEL, (view, { x }, out) => geluInto(view(x!), out));
}

export function restoreStockGelu(): void {
  unregisterFusedWasmKernel(GELU_KERNEL);
}

export function restoreStockErf(): void {
  if (saved === null) return;
  tf.unregisterKernel(tf.Erf, 'wasm');
  tf.registerKernel(saved);
  saved = null;
}
