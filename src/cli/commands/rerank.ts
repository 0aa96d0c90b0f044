// `sbert rerank --model DIR --query Q --input docs.txt --top-k K`: the documents sorted by a
// cross-encoder's score for the query (CrossEncoder.rank). With --bi-encoder M, retrieve first:
// the bi-encoder's semantic search keeps the best --retrieve-top-k (default 100) documents, and
// only those are reranked.
import { retrieveAndRerank } from '../../cross_encoder/retrieve_rerank.js';
import { ArgumentError } from '../../errors.js';
import { SentenceTransformer } from '../../index.node.js';
import { intOption, option, parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { CROSS_ENCODER_HELP, loadCliCrossEncoder } from './cross_encoder_model.js';
import { MODEL_SPEC, progressBar, readTexts } from './encode.js';

const HELP = `Usage: sbert rerank --model M --query TEXT --input FILE [--top-k K] [--bi-encoder B [--retrieve-top-k N]] [--json]

Scores every (query, document) pair with a cross-encoder and prints the top-k documents, best
first (sentence-transformers CrossEncoder.rank; equal scores keep file order). With --bi-encoder,
retrieve and rerank: the bi-encoder's semantic search (cosine) picks the --retrieve-top-k best
documents and the cross-encoder reranks only those.

Options:
${CROSS_ENCODER_HELP}
  --query TEXT          the query
  --input FILE          the documents: .txt (one per line) or .jsonl (one JSON string or {"text"} per line)
  --top-k K             documents to print (default 10)
  --bi-encoder B        a SentenceTransformer (registry name, folder, .zip, hub id, URL) to retrieve with
  --retrieve-top-k N    candidates the bi-encoder retrieves (default 100)
  --batch-size N        pairs (and texts) per forward pass (default 32)
  --json                one JSON line per document: {"rank", "corpus_id", "score", "text"}
                        (+ "retrieval_score" with --bi-encoder)

Examples:
  sbert rerank --model ./ms-marco-cross-encoder --query "how do tides work" --input passages.txt --top-k 5
  sbert rerank --model ./ms-marco-cross-encoder --bi-encoder all-MiniLM-L6-v2 --query "how do tides work" --input passages.txt
`;

export const command: Command = {
  name: 'rerank',
  summary: 'rerank documents for a query with a cross-encoder (optionally after bi-encoder retrieval)',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, query: { kind: 'string' }, input: { kind: 'string' }, 'top-k': { kind: 'string' }, 'bi-encoder': { kind: 'string' },
      'retrieve-top-k': { kind: 'string' }, 'batch-size': { kind: 'string' }, json: { kind: 'flag' },
    });
    if (args.positional.length > 0) throw new ArgumentError(args.positional[0]!, 'is not an option of `sbert rerank` (see `sbert rerank --help`)');
    const query = option(args, 'query');
    if (query === undefined) throw new ArgumentError('--query', 'is required (see `sbert rerank --help`)');
    const file = option(args, 'input');
    if (file === undefined) throw new ArgumentError('--input', 'is required (see `sbert rerank --help`)');
    const topK = intOption(args, 'top-k', 10);
    const retrieveTopK = intOption(args, 'retrieve-top-k', 100);
    const batchSize = intOption(args, 'batch-size', 32);
    const biName = option(args, 'bi-encoder');
    if (biName === undefined && option(args, 'retrieve-top-k') !== undefined) throw new ArgumentError('--retrieve-top-k', 'needs --bi-encoder');
    const documents = await readTexts(file);
    const crossEncoder = await loadCliCrossEncoder(args);
    let hits: { corpus_id: number; score: number; retrieval_score?: number }[];
    try {
      if (biName === undefined) {
        hits = await crossEncoder.rank(query, documents, { topK, batchSize });
      } else {
        const biEncoder = (await SentenceTransformer.load(biName)) as SentenceTransformer;
        try {
          const bar = progressBar(args, 'encode corpus');
          const corpusEmbeddings = await biEncoder.encode(documents, { batchSize, ...(bar === undefined || documents.length <= batchSize ? {} : { onProgress: bar }) });
          hits = await retrieveAndRerank(biEncoder, crossEncoder, query, documents, { retrieveTopK, topK, batchSize, corpusEmbeddings });
        } finally {
          biEncoder.dispose();
        }
      }
    } finally {
      crossEncoder.dispose();
    }
    const lines = args.flags.has('json')
      ? hits.map((h, r) => JSON.stringify({ rank: r + 1, corpus_id: h.corpus_id, score: h.score, ...(h.retrieval_score === undefined ? {} : { retrieval_score: h.retrieval_score }), text: documents[h.corpus_id] }))
      : [`Query: ${query}`, ...hits.map((h, r) => `  ${String(r + 1).padStart(2)}. ${h.score.toFixed(4)}  [${h.corpus_id}] ${documents[h.corpus_id]}`)];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
