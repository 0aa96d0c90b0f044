// Shape and dtype checks at the model boundary: a bad id tensor fails here with a message,
// not deep inside a gather (where wasm would silently read out of bounds).
import { ArgumentError } from '../errors.js';
import type { EncoderInputs } from './types.js';

export function checkInputs(inputs: EncoderInputs, maxLength: number, model: string): void {
  const ids = inputs.input_ids;
  if (ids.rank !== 2) throw new ArgumentError('input_ids', `must be [B, T], found rank ${ids.rank} (${model})`);
  const named = [['input_ids', ids], ['attention_mask', inputs.attention_mask], ['token_type_ids', inputs.token_type_ids]] as const;
  for (const [name, t] of named) {
    if (t === undefined) continue;
    if (t.dtype !== 'int32') throw new ArgumentError(name, `must be int32, found ${t.dtype} (${model})`);
    if (t.shape.length !== 2 || t.shape[0] !== ids.shape[0] || t.shape[1] !== ids.shape[1]) {
      throw new ArgumentError(name, `must have the shape of input_ids [${ids.shape.join(', ')}], found [${t.shape.join(', ')}] (${model})`);
    }
  }
  if (ids.shape[1] > maxLength) {
    throw new ArgumentError('input_ids', `has ${ids.shape[1]} tokens per row, more than the ${maxLength} positions ${model} has`);
  }
}
