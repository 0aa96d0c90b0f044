// A sentence-transformers folder with all-MiniLM-L6-v2's exact files (config, tokenizer, modules)
// but random weights: the real 90 MB checkpoint does not fit the device transfer, and speed does
// not depend on the values. Tensor names, dtypes and shapes come from the real checkpoint's
// header (weight_shapes.json, written by make_inputs.ts), so the project's loader binds them as usual.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of the real checkpoint's safetensors header. */
export interface TensorSpec {
  name: string;
  /** safetensors dtype names; all-MiniLM-L6-v2 has F32 weights and one I64 buffer (position_ids). */
  dtype: 'F32' | 'I64';
  shape: number[];
}

/** Deterministic uniform [0, 1) (mulberry32): the same weights on every machine for a seed. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Values like transformers' BertPreTrainedModel._init_weights: LayerNorm weight 1 and bias 0,
 * Linear biases 0, every other float N(0, initializer_range); position_ids = 0..n-1.
 */
function fill(spec: TensorSpec, std: number, rand: () => number): Float32Array | BigInt64Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.dtype === 'I64') {
    const out = new BigInt64Array(n);
    const last = spec.shape[spec.shape.length - 1] ?? n;
    for (let i = 0; i < n; i++) out[i] = BigInt(i % last);
    return out;
  }
  const out = new Float32Array(n);
  if (spec.name.endsWith('LayerNorm.weight')) return out.fill(1);
  if (spec.name.endsWith('.bias')) return out;
  for (let i = 0; i < n; i += 2) {
    // Box-Muller: two normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(1 - rand())) * std;
    const a = 2 * Math.PI * rand();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** safetensors bytes: u64 LE header length, JSON header, packed little-endian tensors in `specs` order. */
export function randomSafetensors(specs: readonly TensorSpec[], std: number, seed: number): Uint8Array {
  const rand = uniform(seed);
  const datas = specs.map((s) => fill(s, std, rand));
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  specs.forEach((s, i) => {
    const bytes = datas[i]!.byteLength;
    header[s.name] = { dtype: s.dtype, shape: s.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  });
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8); // keep the data 8-byte aligned
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  let at = 8 + head.byteLength;
  for (const d of datas) {
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}

/**
 * Copies `templateDir` (the real model's small files) to `outDir` and writes a random
 * model.safetensors there. Returns the number of float parameters.
 */
export function writeRandomModel(templateDir: string, specs: readonly TensorSpec[], outDir: string, std: number, seed = 1234): number {
  mkdirSync(outDir, { recursive: true });
  cpSync(templateDir, outDir, { recursive: true, filter: (src) => !src.endsWith('weight_shapes.json') });
  writeFileSync(join(outDir, 'model.safetensors'), randomSafetensors(specs, std, seed));
  return specs.filter((s) => s.dtype === 'F32').reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}
