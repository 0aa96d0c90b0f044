// The demo's only contact with the library: load a SentenceTransformer from a FileSource,
// encode texts to rows, and score them with the model's own similarity function.
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import type { FileSource } from '../../src/io/file_source.js';

export interface DemoModel {
  readonly st: SentenceTransformer;
  /** One line about the model for the status bar. */
  readonly info: string;
  encode(texts: readonly string[]): Promise<Float32Array[]>;
  /** res[i][j] = sim(a[i], b[j]) with the model's similarity_fn_name. */
  similarity(a: readonly Float32Array[], b: readonly Float32Array[]): number[][];
  dispose(): void;
}

export async function loadModel(source: FileSource): Promise<DemoModel> {
  return wrapModel(await SentenceTransformer.fromSource(source));
}

export function wrapModel(st: SentenceTransformer): DemoModel {
  return {
    st,
    info: `${st.embeddingDimension}-d embeddings, max ${st.maxSeqLength} tokens, ${st.similarityFnName} similarity`,
    encode: (texts) => st.encode(texts),
    similarity: (a, b) => st.similarity(a, b),
    dispose: () => st.dispose(),
  };
}
