// The --model option of the cross-encoder commands (predict, rerank): a cross-encoder folder as
// sentence-transformers saves it (any layout), a .zip, a hub id or a URL, on the chosen backend.
import { ArgumentError } from '../../errors.js';
import { CrossEncoder } from '../../index.node.js';
import { option, type ParsedArgs } from '../args.js';
import { useBackend } from './encode.js';

export const CROSS_ENCODER_HELP = `  --model M        a cross-encoder: a folder as CrossEncoder.save writes it (or an older one whose
                   config.json names the activation), a .zip, a hub id (owner/name) or a URL
  --backend B      tfjs backend: wasm (default) or cpu (pure JS, slow)
  --threads N      wasm: XNNPACK threads for the dense layers (default: one per core)
  --stock-kernels  wasm: tfjs's own kernels only
  --quiet          no progress bar on stderr`;

export async function loadCliCrossEncoder(args: ParsedArgs, flag = 'model'): Promise<CrossEncoder> {
  const name = option(args, flag);
  if (name === undefined) throw new ArgumentError(`--${flag}`, 'is required: a cross-encoder folder, .zip, hub id or URL');
  await useBackend(args);
  return (await CrossEncoder.load(name)) as CrossEncoder;
}
