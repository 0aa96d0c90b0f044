// LayerNorm in one kernel for the wasm backend. nn/layer_norm.ts's composite is ~10 tfjs kernels
// (moments, broadcasting Sub/Mul/Add at ~4 ns per element): 10% of a 32×16 forward, and eight
// temporaries the size of the input. assembly/layer_norm.ts does each row in one pass over
// registers; μ and σ² are summed in 4 lanes, so results differ from the composite in the last bits.
import { LAYER_NORM_KERNEL } from '../nn/fused_ops.js';
import { LAYER_NORM_WASM } from './generated/layer_norm_wasm.js';
import { CHUNK_ELEMENTS, lazyKernel, registerFusedWasmKernel, scratch, unregisterFusedWasmKernel, type KernelInstance } from './wasm_module.js';

interface LayerNormKernel extends KernelInstance {
  layerNorm(x: number, gamma: number, beta: number, y: number, rows: number, h: number, eps: number): void;
}

const kernelModule = lazyKernel<LayerNormKernel>(LAYER_NORM_WASM);

/** out[r, :] = ((x[r, :] − μ)·(σ² + eps)^-½)·gamma + beta for each row of h = gamma.length floats. */
export function layerNormInto(x: Float32Array, gamma: Float32Array, beta: Float32Array, eps: number, out: Float32Array): void {
  const h = gamma.length;
  if (beta.length !== h || x.length % h !== 0 || out.length !== x.length) {
    throw new RangeError(`layerNormInto: x ${x.length}, gamma ${h}, beta ${beta.length}, out ${out.length}: x and out must be rows of gamma's length`);
  }
  const mod = kernelModule();
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / h)); // whole rows, ~CHUNK_ELEMENTS floats
  const [offX, offG, offB] = scratch(mod, [Math.min(x.length, rowsPerChunk * h), h, h]) as [number, number, number];
  const heap = new Float32Array(mod.memory.buffer);
  heap.set(gamma, offG >> 2);
  heap.set(beta, offB >> 2);
  for (let s = 0; s < x.length; s += rowsPerChunk * h) {
    const n = Math.min(rowsPerChunk * h, x.length - s);
    heap.set(x.subarray(s, s + n), offX >> 2);
    mod.layerNorm(offX, offG, offB, offX, n / h, h, eps);
    out.set(heap.subarray(offX >> 2, (offX >> 2) + n), s);
  }
}

/** Registers nn/fused_ops.ts's LayerNorm kernel for 'wasm'. Idempotent. */
export function useFastLayerNorm(): void {
  registerFusedWasmKernel(
    LAYER_NORM_KERNEL,
    (view, { x, gamma, beta }, out, attrs) => layerNormInto(view(x!), view(gamma!), view(beta!), (attrs as { eps: number }).eps, out),
    ({ x, gamma, beta }) => {
      const h = x!.shape[x!.shape.length - 1];
      if (gamma!.shape.length !== 1 || gamma!.shape[0] !== h || beta!.shape.length !== 1 || beta!.shape[0] !== h) {
        throw new Error(`${LAYER_NORM_KERNEL}: gamma ${JSON.stringify(gamma!.shape)} and beta ${JSON.stringify(beta!.shape)} must be [${h}] for x ${JSON.stringify(x!.shape)}`);
      }
    },
  );
}

export function restoreStockLayerNorm(): void {
  unregisterFusedWasmKernel(LAYER_NORM_KERNEL);
}
