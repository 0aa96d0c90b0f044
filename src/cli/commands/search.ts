// `sbert search`: semantic search. Over a corpus file (--corpus): the reference's semantic_search
// (cosine, top-k per query), with the corpus embeddings cached between calls. Over an embedding
// store that `sbert index` built (--db): exact by default, or with its ANN index (--ann).
import { ArgumentError } from '../../errors.js';
import { defaultCacheDir } from '../../hub/node_cache.js';
import { EmbeddingStore } from '../../store/index.js';
import { quantizationRanges, quantizeEmbeddings, type QuantizedRow } from '../../util/quantization.js';
import { semanticSearch } from '../../util/semantic_search.js';
import { intOption, option, parseArgs, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { EMBED_HELP, EMBED_SPEC, encodeOptionsOf, formatOption, parseEmbedFlags, scoringRows, type EmbedFlags } from '../embed_flags.js';
import { embeddingCachePath, readCachedEmbeddings, writeCachedEmbeddings } from '../embedding_cache.js';
import { writeResult } from '../output.js';
import { cliModelName, loadCliModel, MODEL_HELP, MODEL_SPEC, progressBar, readTexts } from './encode.js';
import { modelIdentity } from './index_corpus.js';

const HELP = `Usage: sbert search (--corpus FILE | --db DIR) (--query TEXT... | --queries FILE) [--top-k K] [--json]

Prints, for each query, the top-k corpus entries by cosine similarity.
  --corpus FILE: embeds the corpus (cached: the next search over the same corpus and model embeds
                 only the queries) and ranks it like sentence-transformers util.semantic_search.
  --db DIR:      searches the embedding store \`sbert index\` built (a LanceDB table): an exact
                 scan by default, the ANN index with --ann. The store's model is the default;
                 another model is refused.

Options:
${MODEL_HELP}
  --corpus FILE        .txt (one text per line) or .jsonl (one JSON string per line); \`-\`: stdin
  --db DIR             an embedding store folder (see \`sbert index --help\`)
  --table NAME         the store's table (default embeddings)
  --query TEXT         a query; may be repeated (TEXT arguments are queries too)
  --queries FILE       queries from a .txt or .jsonl file; \`-\`: stdin
  --top-k K            hits per query (default 5)
  --batch-size N       texts per forward pass (default 32)
  --json               = --format jsonl
  --format F           text (default) or jsonl: one line per query, {"query", "hits": [...]} with
                       hits {"corpus_id", "score", "text"} (--corpus) or {"id", "score", "text"} (--db)
${EMBED_HELP}
                       --prompt / --prompt-name apply to the queries; the corpus gets the model's
                       default prompt (--corpus) or the prompt the store recorded (--db).
                       --precision (--corpus only): int8 / uint8 quantize corpus and queries with
                       the corpus's ranges; binary / ubinary score 1 - 2 * hamming / dims
  --no-cache           --corpus: embed the corpus again and do not write the cache
  --ann                --db: use the store's ANN index (approximate; exact without it)
  --nprobes N          --ann: IVF partitions probed per query (default 20)
  --refine-factor R    --ann: re-rank R * K candidates with the full vectors (default 5 for the
                       hnsw_sq index, 10 for ivf_pq)
  --ef N               --ann, hnsw_sq: candidates the graph search keeps (LanceDB's default)

Examples:
  sbert search --corpus corpus.txt --query "A man is eating pasta." --top-k 3
  sbert index --corpus corpus.txt --db ./corpus.lance && sbert search --db ./corpus.lance --queries q.txt --json
`;

interface Hit {
  key: string | number;
  score: number;
  text: string;
}

function render(queries: readonly string[], hits: readonly Hit[][], format: 'text' | 'jsonl', keyName: 'corpus_id' | 'id'): string {
  const lines: string[] = [];
  hits.forEach((list, q) => {
    if (format === 'jsonl') {
      lines.push(JSON.stringify({ query: queries[q], hits: list.map((h) => ({ [keyName]: h.key, score: h.score, text: h.text })) }));
      return;
    }
    lines.push(`Query: ${queries[q]}`);
    list.forEach((h, r) => lines.push(`  ${String(r + 1).padStart(2)}. ${h.score.toFixed(4)}  [${h.key}] ${h.text}`));
  });
  return `${lines.join('\n')}\n`;
}

async function searchStore(args: ParsedArgs, db: string, queries: readonly string[], flags: EmbedFlags, topK: number, batchSize: number): Promise<Hit[][]> {
  if (flags.precision !== 'float32') throw new ArgumentError('--precision', `a store holds float32 vectors; --precision ${flags.precision} applies to --corpus only`);
  const table = option(args, 'table');
  const store = await EmbeddingStore.open(db, table === undefined ? {} : { table });
  try {
    const given = option(args, 'model');
    if (given !== undefined) store.assertCompatible({ model: await modelIdentity(given) });
    if (flags.truncateDim !== undefined) store.assertCompatible({ dimension: flags.truncateDim });
    const model = await loadCliModel(args, given ?? store.info.model);
    try {
      if (model.embeddingDimension < store.info.dimension) store.assertCompatible({ dimension: model.embeddingDimension });
      const q = (await model.encode(queries, {
        ...encodeOptionsOf(flags), batchSize, truncateDim: store.info.dimension, normalizeEmbeddings: store.info.normalized,
      })) as Float32Array[];
      const nprobes = option(args, 'nprobes') === undefined ? undefined : intOption(args, 'nprobes', 1);
      const refine = option(args, 'refine-factor') === undefined ? undefined : intOption(args, 'refine-factor', 1);
      const ef = option(args, 'ef') === undefined ? undefined : intOption(args, 'ef', 1);
      const hits = await store.search(q, {
        topK, ann: args.flags.has('ann'), ...(nprobes === undefined ? {} : { nprobes }), ...(refine === undefined ? {} : { refineFactor: refine }),
        ...(ef === undefined ? {} : { ef }),
      });
      return hits.map((list) => list.map((h) => ({ key: h.id, score: h.score, text: h.text })));
    } finally {
      model.dispose();
    }
  } finally {
    store.close();
  }
}

async function searchCorpus(args: ParsedArgs, corpusFile: string, queries: readonly string[], flags: EmbedFlags, topK: number, batchSize: number): Promise<Hit[][]> {
  for (const f of ['ann', 'nprobes', 'refine-factor', 'ef', 'table']) {
    if (args.flags.has(f) || option(args, f) !== undefined) throw new ArgumentError(`--${f}`, 'applies to --db only');
  }
  const corpus = await readTexts(corpusFile, '--corpus');
  if (corpus.length === 0) throw new ArgumentError('--corpus', `${corpusFile} holds no texts`);
  const model = await loadCliModel(args);
  try {
    const truncate = flags.truncateDim === undefined ? {} : { truncateDim: flags.truncateDim };
    const quiet = args.flags.has('quiet');
    const cachePath = args.flags.has('no-cache') ? undefined : await embeddingCachePath(defaultCacheDir(), {
      model: cliModelName(args),
      source: model.source,
      settings: { prompt: model.resolvePrompt() ?? null, ...truncate, backend: option(args, 'backend', 'wasm'), stockKernels: args.flags.has('stock-kernels') },
      texts: corpus,
    });
    let corpusEmb = cachePath === undefined ? undefined : await readCachedEmbeddings(cachePath, corpus.length);
    if (corpusEmb !== undefined && !quiet) process.stderr.write(`search: corpus embeddings from the cache, ${cachePath}\n`);
    if (corpusEmb === undefined) {
      const bar = progressBar(args, 'encode corpus');
      corpusEmb = (await model.encode(corpus, { ...truncate, batchSize, ...(bar === undefined || corpus.length <= batchSize ? {} : { onProgress: bar }) })) as Float32Array[];
      if (cachePath !== undefined) await writeCachedEmbeddings(cachePath, corpusEmb);
    }
    const queryEmb = (await model.encode(queries, { ...encodeOptionsOf(flags), batchSize })) as Float32Array[];
    let c: QuantizedRow[] = corpusEmb;
    let q: QuantizedRow[] = queryEmb;
    if (flags.precision !== 'float32') {
      // The reference's recipe: queries quantized with the corpus's ranges (calibration embeddings).
      const ranges = flags.precision === 'int8' || flags.precision === 'uint8' ? { ranges: quantizationRanges(corpusEmb, flags.precision) } : {};
      c = quantizeEmbeddings(corpusEmb, flags.precision, ranges);
      q = quantizeEmbeddings(queryEmb, flags.precision, ranges);
    }
    const dims = corpusEmb[0]!.length;
    const hits = semanticSearch(scoringRows(q, flags.precision, dims), scoringRows(c, flags.precision, dims), { topK });
    return hits.map((list) => list.map((h) => ({ key: h.corpus_id, score: h.score, text: corpus[h.corpus_id]! })));
  } finally {
    model.dispose();
  }
}

export const command: Command = {
  name: 'search',
  summary: 'semantic search: top-k corpus lines (or embedding store rows) for each query',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, ...EMBED_SPEC, corpus: { kind: 'string' }, db: { kind: 'string' }, table: { kind: 'string' },
      query: { kind: 'string', repeat: true }, queries: { kind: 'string' },
      'top-k': { kind: 'string' }, 'batch-size': { kind: 'string' }, json: { kind: 'flag' },
      'no-cache': { kind: 'flag' }, ann: { kind: 'flag' }, nprobes: { kind: 'string' }, 'refine-factor': { kind: 'string' }, ef: { kind: 'string' },
    });
    const flags = parseEmbedFlags(args);
    const format = formatOption(args, ['text', 'jsonl'] as const, args.flags.has('json') ? 'jsonl' : 'text');
    const corpusFile = option(args, 'corpus');
    const db = option(args, 'db');
    if (corpusFile === undefined && db === undefined) throw new ArgumentError('--corpus', 'or --db is required (see `sbert search --help`)');
    if (corpusFile !== undefined && db !== undefined) throw new ArgumentError('--db', 'and --corpus are alternatives; give one');
    const queriesFile = option(args, 'queries');
    if (queriesFile === '-' && corpusFile === '-') throw new ArgumentError('--queries', 'and --corpus cannot both read stdin');
    const queries = [...(args.options.get('query') ?? []), ...args.positional, ...(queriesFile === undefined ? [] : await readTexts(queriesFile, '--queries'))];
    if (queries.length === 0) throw new ArgumentError('--query', 'or --queries FILE is required (see `sbert search --help`)');
    const topK = intOption(args, 'top-k', 5);
    const batchSize = intOption(args, 'batch-size', 32);
    const hits = db !== undefined
      ? await searchStore(args, db, queries, flags, topK, batchSize)
      : await searchCorpus(args, corpusFile!, queries, flags, topK, batchSize);
    await writeResult(flags.output, render(queries, hits, format, db !== undefined ? 'id' : 'corpus_id'), false);
    return 0;
  },
};
