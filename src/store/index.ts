// The embedding store (Node only; needs the optional @lancedb/lancedb package at run time).
export {
  EmbeddingStore, StoreError, textSha256, DEFAULT_TABLE, STORE_FORMAT,
  type StoreInfo, type StoreRow, type StoreHit, type StoreSearchOptions, type AnnIndexOptions, type AnnKind,
} from './embedding_store.js';
export { indexCorpus, readCorpus, type CorpusEntry, type IndexCorpusOptions, type IndexReport } from './index_corpus.js';
export { StoreUnavailableError, storeAvailable } from './lance.js';
