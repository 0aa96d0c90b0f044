// `sbert search --corpus FILE --query TEXT`: semantic search of a corpus (one text per line) with
// the reference's semantic_search (cosine, top-k per query).
import { ArgumentError } from '../../errors.js';
import { semanticSearch } from '../../util/semantic_search.js';
import { intOption, option, parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { loadCliModel, MODEL_HELP, MODEL_SPEC, progressBar, readTexts } from './encode.js';

const HELP = `Usage: sbert search [--model M] --corpus FILE --query TEXT [--query TEXT...] [--top-k K] [--json]

Embeds the corpus and the queries and prints, for each query, the top-k corpus entries by cosine
similarity (sentence-transformers util.semantic_search).

Options:
${MODEL_HELP}
  --corpus FILE    the corpus: .txt (one text per line) or .jsonl (one JSON string per line)
  --query TEXT     a query; may be repeated
  --top-k K        hits per query (default 5)
  --batch-size N   texts per forward pass (default 32)
  --json           one JSON line per query: {"query", "hits": [{"corpus_id", "score", "text"}]}

Example:
  sbert search --corpus corpus.txt --query "A man is eating pasta." --top-k 3
`;

export const command: Command = {
  name: 'search',
  summary: 'semantic search: top-k corpus lines for each query',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, corpus: { kind: 'string' }, query: { kind: 'string', repeat: true },
      'top-k': { kind: 'string' }, 'batch-size': { kind: 'string' }, json: { kind: 'flag' },
    });
    const corpusFile = option(args, 'corpus');
    if (corpusFile === undefined) throw new ArgumentError('--corpus', 'is required (see `sbert search --help`)');
    const queries = [...(args.options.get('query') ?? []), ...args.positional];
    if (queries.length === 0) throw new ArgumentError('--query', 'is required (see `sbert search --help`)');
    const topK = intOption(args, 'top-k', 5);
    const batchSize = intOption(args, 'batch-size', 32);
    const corpus = await readTexts(corpusFile);
    if (corpus.length === 0) throw new ArgumentError('--corpus', `${corpusFile} holds no texts`);
    const model = await loadCliModel(args);
    const bar = progressBar(args, 'encode corpus');
    const corpusEmb = await model.encode(corpus, { batchSize, ...(bar === undefined || corpus.length <= batchSize ? {} : { onProgress: bar }) });
    const queryEmb = await model.encode(queries, { batchSize });
    const hits = semanticSearch(queryEmb, corpusEmb, { topK });
    const lines: string[] = [];
    hits.forEach((list, q) => {
      if (args.flags.has('json')) {
        lines.push(JSON.stringify({ query: queries[q], hits: list.map((h) => ({ ...h, text: corpus[h.corpus_id] })) }));
        return;
      }
      lines.push(`Query: ${queries[q]}`);
      list.forEach((h, r) => lines.push(`  ${String(r + 1).padStart(2)}. ${h.score.toFixed(4)}  [${h.corpus_id}] ${corpus[h.corpus_id]}`));
    });
    process.stdout.write(`${lines.join('\n')}\n`);
    model.dispose();
    return 0;
  },
};
