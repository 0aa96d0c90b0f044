// Browser entry: the shared API. SentenceTransformer.load(url) reads a converted folder over
// HTTP(S), through the Cache API when the page has it (cachedHttpSource).
export * from './index.js';
