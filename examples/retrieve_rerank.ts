// Retrieve and rerank: a bi-encoder (SentenceTransformer) finds the 100 best passages for a
// query by cosine similarity, a cross-encoder scores each (query, passage) pair, and the top K
// by the cross-encoder's score are printed. The same as `sbert rerank --bi-encoder`.
//
//   npx tsx examples/retrieve_rerank.ts [--bi-encoder M] [--cross-encoder M] [--corpus FILE] [--query "..."] [--top-k K]
//
// Defaults are the tiny random fixtures (the scores mean nothing, the plumbing is real); with
// downloaded models try --bi-encoder all-MiniLM-L6-v2 --cross-encoder <a cross-encoder folder or hub id>.
// The corpus is one passage per line (default: the second sentence of the first 500 STSb dev rows).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CrossEncoder, retrieveAndRerank, SentenceTransformer } from '../src/index.node.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const biName = option('bi-encoder', 'test/fixtures/models/tiny-bert');
const ceName = option('cross-encoder', 'test/fixtures/cross_encoders/tiny-ce-bert-1');
const query = option('query', 'A man is playing a guitar.');
const topK = Number(option('top-k', '5'));
const corpusFile = option('corpus', '');
const corpus = corpusFile !== ''
  ? readFileSync(corpusFile, 'utf-8').split(/\r?\n/).filter((l) => l.trim() !== '')
  : readFileSync('../shared/data/stsbenchmark/sts-dev.csv', 'utf-8').split('\n').slice(0, 500).map((l) => l.split('\t')[6] ?? '').filter((s) => s !== '');

await tf.setBackend('cpu');
const biEncoder = await SentenceTransformer.load(biName);
const crossEncoder = await CrossEncoder.load(ceName);

// 1. Retrieve: the bi-encoder embeds the corpus once; semantic search keeps the 100 best.
// 2. Rerank: the cross-encoder reads query and passage together, which the bi-encoder cannot.
const hits = await retrieveAndRerank(biEncoder, crossEncoder, query, corpus, { retrieveTopK: 100, topK });

console.log(`Query: ${query}  (${corpus.length} passages, 100 retrieved, top ${topK} after reranking)`);
for (const [r, h] of hits.entries()) {
  console.log(`${String(r + 1).padStart(2)}. rerank ${h.score.toFixed(4)}  retrieve ${h.retrieval_score.toFixed(4)}  [${h.corpus_id}] ${h.text}`);
}
biEncoder.dispose();
crossEncoder.dispose();
