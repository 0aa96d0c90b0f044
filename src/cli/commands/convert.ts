// `sbert convert <input> <out-dir> [--dtype float32|float16] [--force]`: PyTorch / safetensors /
// v0.2 model → tf.js weight shards, without Python. A failure exits non-zero and leaves no output
// folder; the output appears whole or not at all (src/convert/node.ts).
import { convertPath } from '../../convert/node.js';
import { ArgumentError } from '../../errors.js';
import { option, parseArgs } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: sbert convert <input> <out-dir> [--dtype float32|float16] [--force]

Converts a Sentence-Transformers model to tf.js weight shards (no Python needed).

<input>   a model folder (modern layout with model.safetensors / pytorch_model.bin, or the old
          v0.2 layout with 0_BERT/ …), a .zip of one, or a single checkpoint file
          (.safetensors, torch.save zip or legacy .bin)
<out-dir> a new folder (must not exist, or be empty); written beside it and renamed into place
          at the end, so it appears complete or not at all

Options:
  --dtype float32|float16   storage of the shards (default float32; float16 halves the size,
                            values are rounded to the nearest half)
  --force                   replace an existing non-empty <out-dir> (refused while another
                            conversion writes it)

Output layout: see converters/README.md.`;

export const command: Command = {
  name: 'convert',
  summary: 'convert a PyTorch / safetensors / v0.2 model to tf.js weight shards',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { dtype: { kind: 'string' }, force: { kind: 'flag' } });
    const [input, outDir, ...extra] = args.positional;
    if (input === undefined || outDir === undefined || extra.length > 0) {
      throw new ArgumentError('<input> <out-dir>', `expects exactly two paths, got ${args.positional.length}; see sbert convert --help`);
    }
    const dtype = option(args, 'dtype', 'float32');
    if (dtype !== 'float32' && dtype !== 'float16') throw new ArgumentError('--dtype', `must be float32 or float16, got "${dtype}"`);
    const started = performance.now();
    const result = convertPath(input, outDir, { dtype, force: args.flags.has('force') });
    const seconds = (performance.now() - started) / 1000;
    const lines = [`converted ${input} (${result.input}) → ${outDir} in ${seconds.toFixed(2)} s, ${dtype} shards`];
    for (const w of result.weights) {
      lines.push(`  ${w.path === '' ? '.' : w.path}: ${w.tensors} tensors, ${w.parameters} parameters from ${w.sources.join(', ')} (${w.format})` +
        (w.skipped.length > 0 ? `; skipped non-float buffers: ${w.skipped.join(', ')}` : ''));
    }
    for (const n of result.notes) lines.push(`  note: ${n}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
