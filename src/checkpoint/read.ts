// Format detection: look at the first bytes, dispatch to one reader, and refuse
// anything unknown with the first 16 bytes in hex.
import { CheckpointError } from '../errors.js';
import { unpickle } from './pickle.js';
import { looksLikeSafetensors, readSafetensors } from './safetensors.js';
import { readTorchLegacy, readTorchZip } from './torch.js';
import type { RawTensor } from './types.js';

export type CheckpointFormat = 'torch-zip' | 'torch-legacy' | 'safetensors';

/** `80 02 8A 0A` + the 10-byte magic number 0x1950A86A20F9469CFC6C: a protocol-2 legacy torch file. */
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.byteLength < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function hexHead(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A legacy file written with another pickle protocol: its first pickle is the magic number. */
function isLegacyMagicPickle(bytes: Uint8Array): boolean {
  const refuse = (): never => {
    throw new Error('not a plain value');
  };
  try {
    return unpickle(bytes.subarray(0, 64), '', { persistentLoad: refuse, call: refuse }).value === 0x1950a86a20f9469cfc6cn;
  } catch {
    return false;
  }
}

/** Which reader handles these bytes; throws CheckpointError for refused or unknown formats. */
export function detectFormat(bytes: Uint8Array, file: string): CheckpointFormat {
  if (bytes.byteLength === 0) throw new CheckpointError(file, 'is empty (0 bytes)');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'torch-zip';
  if (startsWith(bytes, LEGACY_MAGIC)) return 'torch-legacy';
  if (startsWith(bytes, [0x50, 0x59, 0x54, 0x4f, 0x52, 0x43, 0x48, 0x31])) {
    throw new CheckpointError(file, 'is a PyTorch 1.0-preview "PYTORCH1" container, which is not supported; re-save it with torch.save', 0);
  }
  if (startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) {
    throw new CheckpointError(file, 'is a tar-based pre-1.0 PyTorch file, which is not supported; re-save it with torch.save', 0);
  }
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  if (bytes[0] === 0x80 && isLegacyMagicPickle(bytes)) return 'torch-legacy';
  throw new CheckpointError(
    file,
    `is not a checkpoint this reader knows (PyTorch zip, PyTorch legacy, or safetensors); first bytes: ${hexHead(bytes)}`,
    0,
  );
}

/** Every tensor of a checkpoint file (safetensors, PyTorch zip, PyTorch legacy), by name. */
export function readCheckpoint(bytes: Uint8Array, file: string): Map<string, RawTensor> {
  const format = detectFormat(bytes, file);
  switch (format) {
    case 'safetensors':
      return readSafetensors(bytes, file);
    case 'torch-zip':
      return readTorchZip(bytes, file);
    case 'torch-legacy':
      return readTorchLegacy(bytes, file);
  }
}
