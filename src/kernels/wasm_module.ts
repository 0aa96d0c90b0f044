// Instantiating the AssemblyScript kernels (base64 in src/kernels/generated/) and handing out
// scratch space in their own linear memory. Each kernel module has no imports, no allocator
// and no runtime; callers copy operands in above heapBase() and results out.

import * as tf from '@tensorflow/tfjs-core';
import type { DataType, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm the kernels use (it exports no such type). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of the tensor's bytes in the backend's heap; invalid after the heap grows. */
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

export interface KernelInstance {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64); // atob: global in browsers and Node >= 16
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A lazily instantiated kernel module (~1.5 KB: synchronous compile is allowed on any thread). */
export function lazyKernel<T extends KernelInstance>(base64: string): () => T {
  let cached: T | null = null;
  return () => {
    if (cached === null) {
      const module = new WebAssembly.Module(decodeBase64(base64));
      cached = new WebAssembly.Instance(module, {}).exports as unknown as T;
    }
    return cached;
  };
}

const PAGE = 65536;

/**
 * Elements per chunk for the element-wise kernels: operands pass through each kernel's own
 * memory, which never shrinks, so copying whole [B, T, 4H] tensors in grew it by 13 MB per
 * kernel at 32×70 tokens (bench/memory.ts). 64 Ki floats (256 KiB) per chunk keeps it small and
 * costs nothing measurable: the copies are the same bytes either way.
 */
export const CHUNK_ELEMENTS = 1 << 16;

/** Byte offsets of float32 regions of the given lengths above heapBase (16-byte aligned), memory grown to fit. */
export function scratch(k: KernelInstance, lengths: readonly number[]): number[] {
  const offsets: number[] = [];
  let at = k.heapBase();
  for (const n of lengths) {
    offsets.push(at);
    at += (n * 4 + 15) & ~15;
  }
  const have = k.memory.buffer.byteLength;
  if (at > have) k.memory.grow(Math.ceil((at - have) / PAGE));
  return offsets;
}

/**
 * Registers the 'wasm' kernel of one of nn/fused_ops.ts's custom ops (idempotent). The output is
 * float32 shaped like inputs.x; `fill` gets heap views taken after the output is allocated (the
 * allocation may grow the heap and detach earlier views). `check` runs before the allocation.
 */
export function registerFusedWasmKernel(
  name: string,
  fill: (view: (t: TensorInfo) => Float32Array, inputs: Record<string, TensorInfo>, out: Float32Array, attrs: NamedAttrMap) => void,
  check?: (inputs: Record<string, TensorInfo>) => void,
): void {
  if (tf.getKernel(name, 'wasm') !== undefined) return;
  tf.registerKernel({
    kernelName: name, backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const ins = inputs as Record<string, TensorInfo>;
      check?.(ins);
      const b = backend as unknown as WasmBackendLike;
      const out = b.makeOutput(ins['x']!.shape, 'float32');
      fill((t) => b.typedArrayFromHeap(t), ins, b.typedArrayFromHeap(out), attrs ?? {});
      return out;
    },
  });
}

/** Removes a kernel registered by registerFusedWasmKernel (no-op when absent). */
export function unregisterFusedWasmKernel(name: string): void {
  if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
}
