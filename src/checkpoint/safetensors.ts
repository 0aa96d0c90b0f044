// safetensors reader: u64 LE header length N, N bytes of UTF-8 JSON, then the
// packed little-endian row-major tensor bytes. Validation replicates huggingface/safetensors
// `tensor.rs`: N ≤ 100,000,000 and 8 + N ≤ file size; offsets sorted, starting at 0, without gaps
// or overlaps, each span = Π shape × element size, and the last one ending exactly at the file's end.
import { CheckpointError } from '../errors.js';
import { jsonTooDeepAt } from '../format/json.js';
import { MAX_JSON_DEPTH, MAX_SAFETENSORS_HEADER_BYTES, MAX_TENSOR_ELEMENTS, MAX_TENSOR_RANK, MAX_TENSORS } from '../format/limits.js';
import { DTYPE_BYTES, numelOf, typedView } from './types.js';
import type { RawDType, RawTensor } from './types.js';

/** The reference reader's limit on the header length. */
export const MAX_HEADER_BYTES = MAX_SAFETENSORS_HEADER_BYTES;

const DTYPES: Readonly<Record<string, RawDType>> = {
  F32: 'float32', F16: 'float16', BF16: 'bfloat16', F64: 'float64',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8', U8: 'uint8', BOOL: 'bool',
};

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: RawDType;
  readonly shape: number[];
  /** [begin, end) relative to the start of the data section. */
  readonly dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  readonly headerLength: number;
  readonly metadata: Record<string, string>;
  readonly entries: SafetensorsEntry[];
}

/** First bytes look like safetensors: 8 + N within the file, N sane, '{' at byte 8. */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 10) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const high = view.getUint32(4, true);
  const n = view.getUint32(0, true);
  return high === 0 && n <= MAX_HEADER_BYTES && 8 + n <= bytes.byteLength && bytes[8] === 0x7b;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * The first top-level key of a JSON object text that appears twice, if any. JSON.parse keeps the
 * last duplicate silently; the reference reader refuses duplicates, so we scan the text once.
 */
function duplicateTopLevelKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (k < text.length && ' \t\r\n'.includes(text[k]!)) k++;
        if (text[k] === ':') {
          const key = JSON.parse(text.slice(i, j + 1)) as string;
          if (seen.has(key)) return key;
          seen.add(key);
        }
      }
      i = j;
    }
  }
  return undefined;
}

/**
 * Parses and validates the header against the file size, without touching tensor bytes. `bytes`
 * is the whole file, or (with `fileSize`) only its first 8 + N bytes: a loader that reads tensors
 * by byte range needs no more.
 */
export function readSafetensorsHeader(bytes: Uint8Array, file: string, fileSize = bytes.byteLength): SafetensorsHeader {
  if (fileSize < 8) {
    throw new CheckpointError(file, `safetensors: file has ${fileSize} bytes, fewer than the 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const high = view.getUint32(4, true);
  const low = view.getUint32(0, true);
  const n = high * 2 ** 32 + low;
  if (n > MAX_HEADER_BYTES) {
    throw new CheckpointError(file, `safetensors: header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes`, 0);
  }
  if (8 + n > fileSize) {
    throw new CheckpointError(file, `safetensors: header length ${n} runs past the end of the file (${fileSize} bytes)`, 0);
  }
  if (8 + n > bytes.byteLength) throw new RangeError(`readSafetensorsHeader: given ${bytes.byteLength} bytes, the header needs ${8 + n}`);
  let json: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    const deep = jsonTooDeepAt(text);
    if (deep >= 0) throw new Error(`nests deeper than ${MAX_JSON_DEPTH} arrays/objects at position ${deep} (MAX_JSON_DEPTH)`);
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(file, `safetensors: header is not valid UTF-8 JSON: ${(e as Error).message}`, 8);
  }
  if (!isRecord(json)) throw new CheckpointError(file, 'safetensors: header must be a JSON object', 8);
  const duplicate = duplicateTopLevelKey(text);
  if (duplicate !== undefined) throw new CheckpointError(file, `safetensors: tensor "${duplicate}" appears twice in the header`, 8);

  const metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  const count = Object.keys(json).length;
  if (count > MAX_TENSORS + 1) throw new CheckpointError(file, `safetensors: header lists ${count} entries, more than the limit of ${MAX_TENSORS} tensors (MAX_TENSORS)`, 8);
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isRecord(value)) throw new CheckpointError(file, 'safetensors: "__metadata__" must be an object of strings');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw new CheckpointError(file, `safetensors: "__metadata__.${k}" must be a string, found ${typeof v}`);
        metadata[k] = v;
      }
      continue;
    }
    if (!isRecord(value)) throw new CheckpointError(file, `safetensors: tensor "${name}" must be an object`);
    const { dtype: rawDtype, shape, data_offsets: offsets } = value;
    if (typeof rawDtype !== 'string') throw new CheckpointError(file, `safetensors: tensor "${name}" field "dtype" must be a string`);
    const dtype = DTYPES[rawDtype];
    if (dtype === undefined) {
      throw new CheckpointError(file, `safetensors: tensor "${name}" has unsupported dtype "${rawDtype}"; supported: ${Object.keys(DTYPES).join(', ')}`);
    }
    if (!Array.isArray(shape) || !shape.every(nonNegativeInt)) {
      throw new CheckpointError(file, `safetensors: tensor "${name}" field "shape" must be a list of non-negative integers, found ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(nonNegativeInt)) {
      throw new CheckpointError(file, `safetensors: tensor "${name}" field "data_offsets" must be [begin, end], found ${JSON.stringify(offsets)}`);
    }
    if (shape.length > MAX_TENSOR_RANK) throw new CheckpointError(file, `safetensors: tensor "${name}" field "shape" has ${shape.length} dimensions, more than the limit of ${MAX_TENSOR_RANK} (MAX_TENSOR_RANK)`);
    const [begin, end] = offsets as [number, number];
    let numel: number;
    try {
      numel = numelOf(shape as number[]);
    } catch {
      throw new CheckpointError(file, `safetensors: tensor "${name}" shape [${shape.join(', ')}] is too large`);
    }
    if (numel > MAX_TENSOR_ELEMENTS) {
      throw new CheckpointError(file, `safetensors: tensor "${name}" field "shape" [${shape.join(', ')}] has ${numel} elements, more than the limit of ${MAX_TENSOR_ELEMENTS} (MAX_TENSOR_ELEMENTS)`);
    }
    if (end < begin || end - begin !== numel * DTYPE_BYTES[dtype]) {
      throw new CheckpointError(
        file,
        `safetensors: tensor "${name}" data_offsets [${begin}, ${end}] span ${end - begin} bytes, expected ${numel * DTYPE_BYTES[dtype]} (${rawDtype} [${shape.join(', ')}])`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], dataOffsets: [begin, end] });
  }

  // Offsets must tile the data section exactly: sorted, no gap, no overlap, ending at the file's end.
  const sorted = [...entries].sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  let expected = 0;
  for (const e of sorted) {
    if (e.dataOffsets[0] !== expected) {
      const what = e.dataOffsets[0] < expected ? 'overlaps the previous tensor' : 'leaves a gap after the previous tensor';
      throw new CheckpointError(file, `safetensors: tensor "${e.name}" data_offsets [${e.dataOffsets.join(', ')}] ${what} (expected begin ${expected})`);
    }
    expected = e.dataOffsets[1];
  }
  const dataLength = fileSize - 8 - n;
  if (expected !== dataLength) {
    throw new CheckpointError(file, `safetensors: tensors end at data byte ${expected} but the data section has ${dataLength} bytes`);
  }
  return { headerLength: n, metadata, entries };
}

/** All tensors of a safetensors file, in header order; float32 data are zero-copy views when aligned. */
export function readSafetensors(bytes: Uint8Array, file: string): Map<string, RawTensor> {
  const header = readSafetensorsHeader(bytes, file);
  const base = 8 + header.headerLength;
  const out = new Map<string, RawTensor>();
  for (const e of header.entries) {
    const count = (e.dataOffsets[1] - e.dataOffsets[0]) / DTYPE_BYTES[e.dtype];
    out.set(e.name, { name: e.name, dtype: e.dtype, shape: e.shape, data: typedView(bytes, base + e.dataOffsets[0], count, e.dtype, file) });
  }
  return out;
}
