// Normalize module: unit L2 length for sentence_embedding. Saves no files (the folder may be absent).
import { l2Normalize } from '../functional/normalize.js';
import { need, type Features, type StModule } from './features.js';

export const NORMALIZE_TYPE = 'sentence_transformers.models.Normalize';

export class Normalize implements StModule {
  readonly type = NORMALIZE_TYPE;
  constructor(readonly name: string) {}

  forward(f: Features): Features {
    return { ...f, sentence_embedding: l2Normalize(need(f, 'sentence_embedding', this.name)) };
  }

  /** Unit length keeps the width. */
  outputDimension(inputDimension: number): number {
    return inputDimension;
  }

  dispose(): void {}
}
