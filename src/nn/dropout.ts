// mirrors torch.nn.Dropout: the identity unless the module is training; while training, each
// element is zeroed with probability p and the rest are scaled by 1/(1 − p).
//
// The shared training context of the nn blocks is just this: every block that drops out holds a
// Dropout, whose `training` flag src/training/trainable.ts flips for a whole module tree (torch's
// model.train() / model.eval()), and every Dropout draws its masks from one seeded stream, as
// torch draws them from its global generator. An architecture opts in with one Dropout per place
// its reference applies nn.Dropout (MPNet: embeddings, attention probabilities, the two outputs).
import * as tf from '@tensorflow/tfjs-core';

/** The mask stream: seed + how many masks were drawn from it. */
export interface DropoutRngState {
  seed: number;
  draws: number;
}

const stream: DropoutRngState = { seed: 42, draws: 0 };

/** Restarts the mask stream (torch.manual_seed for dropout): same seed, same calls -> same masks. */
export function seedDropout(seed: number): void {
  stream.seed = seed;
  stream.draws = 0;
}

/** Where the stream is now, to replay the same masks later (GradCache re-runs its forwards). */
export function dropoutRngState(): DropoutRngState {
  return { ...stream };
}

export function setDropoutRngState(state: DropoutRngState): void {
  stream.seed = state.seed;
  stream.draws = state.draws;
}

export class Dropout {
  /** Off at load; src/training/trainable.ts turns it on for training. */
  training = false;

  constructor(/** Probability of zeroing an element (config.json's *_dropout* field). */ public p: number) {}

  forward<T extends tf.Tensor>(x: T): T {
    if (!this.training || this.p === 0) return x;
    const seed = `${stream.seed}:${stream.draws++}`;
    return tf.dropout(x, this.p, undefined, seed) as T;
  }
}
