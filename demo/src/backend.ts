// Picks and initialises a tf.js backend in the page. The app (not the library) owns this
// choice. Vite needs the wasm binaries imported with ?url, otherwise tfjs
// asks for them at the site root and gets index.html back.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import type { BackendName } from './backend_names.js';

export { BACKENDS, isBackendName, type BackendName } from './backend_names.js';

export interface BackendInfo {
  name: BackendName;
  /** wasm only: XNNPACK threads actually in use (1 unless the page is cross-origin isolated). */
  wasmThreads?: number;
  crossOriginIsolated: boolean;
}

let wasmPathsSet = false;

export async function useBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'wasm' && !wasmPathsSet) {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
    });
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.js backend '${name}' failed to initialise in this browser`);
  await tf.ready();
  const info: BackendInfo = { name, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  if (name === 'wasm') info.wasmThreads = getThreadsCount();
  return info;
}
