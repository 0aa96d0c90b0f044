// Layer truncation: keep the first k layers of an encoder. Every encoder's forward loops over its
// layer array (architectures/types.ts `layers`), and the last layer's output is the final hidden
// state in every registry architecture (all post-norm), so slicing the array gives exactly the
// reference model with `encoder.layer = encoder.layer[:k]`: the Pooling/Dense/Normalize modules of
// a SentenceTransformer then run on layer k's output. k = 0 keeps only the embeddings.
import type { EncoderModel } from '../architectures/types.js';
import { ArgumentError } from '../errors.js';
import { disposeModel } from '../nn/parameters.js';

/** The config.json field holding the layer count, by architecture vocabulary (BERT/MPNet, DistilBERT). */
const LAYER_COUNT_FIELDS = ['num_hidden_layers', 'n_layers'] as const;

/**
 * Keeps layers 0..k−1 and returns the removed ones. Their weights are freed unless
 * `dispose: false` (then they are the caller's: put them back with `encoder.layers = [...kept,
 * ...removed]`, or free them with disposeModel). The config's layer count follows.
 */
export function truncateLayers<L>(encoder: EncoderModel, k: number, options: { dispose?: boolean } = {}): L[] {
  const n = encoder.layers.length;
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ArgumentError('k', `must be an integer in 0..${n} (the encoder has ${n} layers), got ${k}`);
  const removed = encoder.layers.slice(k);
  encoder.layers = encoder.layers.slice(0, k);
  const config = encoder.config as Record<string, unknown>;
  const field = LAYER_COUNT_FIELDS.find((f) => typeof config[f] === 'number');
  if (field !== undefined) (encoder as { config: unknown }).config = { ...config, [field]: k };
  if (options.dispose !== false) {
    for (const layer of removed) disposeModel(layer);
    return [];
  }
  return removed as L[];
}
