export { readCheckpoint, detectFormat } from './read.js';
export type { CheckpointFormat } from './read.js';
export { readSafetensors, readSafetensorsHeader, looksLikeSafetensors, MAX_HEADER_BYTES } from './safetensors.js';
export type { SafetensorsEntry, SafetensorsHeader } from './safetensors.js';
export { toFloat32, toInt32, float16ToFloat32, bfloat16ToFloat32, numelOf, DTYPE_BYTES, FLOAT_DTYPES } from './types.js';
export type { RawDType, RawData, RawTensor } from './types.js';
