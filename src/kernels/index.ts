// Faster wasm kernels for transformer encoders, registered over tfjs-backend-wasm's own with
// tf.registerKernel; everything they do not handle falls through to the stock kernels.
//
//   import { useFastKernels } from 'sbert-tfjs/kernels'   // once, before or after setBackend('wasm')
//
// Results equal the stock kernels' within float32 rounding (test/kernels). GELU and LayerNorm are
// custom ops (nn/fused_ops.ts); training registers their gradients (src/training/fused_gradients.ts).
import { restoreStockBatchMatMul, useFastBatchMatMul } from './batch_matmul.js';
import { restoreStockErf, restoreStockGelu, useFastErf, useFastGelu } from './erf.js';
import { restoreStockGather, useFastGather } from './gather.js';
import { restoreStockLayerNorm, useFastLayerNorm } from './layer_norm.js';

export { batchMatMulInto, planBatchMatMul, useFastBatchMatMul, restoreStockBatchMatMul } from './batch_matmul.js';
export { erfInto, geluInto, useFastErf, restoreStockErf, useFastGelu, restoreStockGelu } from './erf.js';
export { layerNormInto, useFastLayerNorm, restoreStockLayerNorm } from './layer_norm.js';
export { gatherRowsInto, useFastGather, restoreStockGather } from './gather.js';

/** Installs every fast wasm kernel; returns a function that restores the stock ones. */
export function useFastKernels(): () => void {
  useFastBatchMatMul();
  useFastErf();
  useFastGather();
  useFastGelu();
  useFastLayerNorm();
  return restoreStockKernels;
}

export function restoreStockKernels(): void {
  restoreStockBatchMatMul();
  restoreStockErf();
  restoreStockGather();
  restoreStockGelu();
  restoreStockLayerNorm();
}
