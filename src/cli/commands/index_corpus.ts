// `sbert index --corpus FILE --db DIR`: embeds a corpus once into an embedding store (an
// embedded LanceDB table, src/store/), incrementally; `sbert search --db DIR` queries it.
import { stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { defaultModelName } from '../../hub/registry.js';
import { EmbeddingStore, indexCorpus, readCorpus, type AnnKind, type StoreInfo } from '../../store/index.js';
import { intOption, option, parseArgs, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { loadCliModel, MODEL_HELP, MODEL_SPEC, progressBar, readStdin } from './encode.js';

/** How a store records a model: a local folder by its absolute path, anything else as given. */
export async function modelIdentity(name: string): Promise<string> {
  const local = await stat(name).then(() => true, () => false);
  return local ? resolvePath(name) : name;
}

/** The ANN flags of `sbert index`. */
export const ANN_SPEC = {
  ann: { kind: 'flag' },
  'ann-threshold': { kind: 'string' },
  'ann-kind': { kind: 'string' },
  'ann-partitions': { kind: 'string' },
} as const;

export const DEFAULT_ANN_THRESHOLD = 100_000;

function annKind(args: ParsedArgs): AnnKind {
  const k = option(args, 'ann-kind', 'hnsw_sq')!;
  if (k !== 'ivf_pq' && k !== 'hnsw_sq') throw new ArgumentError('--ann-kind', `must be ivf_pq or hnsw_sq, got "${k}"`);
  return k;
}

const HELP = `Usage: sbert index --corpus FILE --db DIR [--model M] [options]

Embeds the corpus into an embedding store: a LanceDB table in DIR (created when absent) with one
row per text (id, text, text_sha256, vector). Incremental: an id already stored with the same
text is skipped, so an interrupted run resumes where its last commit ended; an id whose text
changed is re-embedded; a text already stored under another id is skipped as a duplicate. The
store records the model, the dimension, the normalization and the prompt, and refuses another.
Search it with \`sbert search --db DIR --query TEXT\`.

Options:
  --corpus FILE       .txt: one text per line, id = 0-based line number (empty lines skipped);
                      .jsonl: per line a JSON string (id = line number) or {"id": ..., "text": ...};
                      \`-\` reads stdin as .txt
  --db DIR            the database folder
  --table NAME        the table in DIR (default embeddings)
${MODEL_HELP}
                      An existing store's model is the default; another --model is refused.
  --normalize         store unit-length vectors (recorded; cosine scores are the same either way)
  --prompt TEXT       a prompt put before every corpus text (recorded)
  --prompt-name NAME  a prompt of the model's config_sentence_transformers.json (recorded)
  --truncate-dim N    store the first N dimensions (recorded as the store's dimension)
  --batch-size N      texts per forward pass (default 32)
  --commit-every N    texts embedded between two commits to the table (default 512)
  --ann               build the ANN index now (whatever the size)
  --ann-threshold N   build it when the table holds at least N rows (default ${DEFAULT_ANN_THRESHOLD})
  --ann-kind K        hnsw_sq (default: IVF with an HNSW graph per partition over 8-bit vectors) or
                      ivf_pq (IVF with product quantization: smaller, much slower to build)
  --ann-partitions N  IVF partitions (default about sqrt(rows))

Prints a summary line, then one JSON line {"db", "table", "model", "dimension", "entries",
"added", "replaced", "already_indexed", "duplicates", "rows", "ann_index"}.

Example:
  sbert index --corpus corpus.txt --db ./corpus.lance
  sbert index --db ./corpus.lance --ann          # build the ANN index of an existing store
`;

export const command: Command = {
  name: 'index',
  summary: 'embed a corpus once into an embedding store (LanceDB) for `sbert search --db`',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, ...ANN_SPEC,
      corpus: { kind: 'string' }, db: { kind: 'string' }, table: { kind: 'string' },
      normalize: { kind: 'flag' }, prompt: { kind: 'string' }, 'prompt-name': { kind: 'string' },
      'truncate-dim': { kind: 'string' }, 'batch-size': { kind: 'string' }, 'commit-every': { kind: 'string' },
    });
    const db = option(args, 'db');
    if (db === undefined) throw new ArgumentError('--db', 'is required: the database folder (see `sbert index --help`)');
    const table = option(args, 'table');
    const corpusFile = option(args, 'corpus');
    if (corpusFile === undefined && !args.flags.has('ann')) throw new ArgumentError('--corpus', 'is required unless --ann builds the index of an existing store (see `sbert index --help`)');
    if (args.positional.length > 0) throw new ArgumentError(args.positional[0]!, 'is not an option of `sbert index`; the texts come from --corpus FILE');
    const batchSize = intOption(args, 'batch-size', 32);
    const commitEvery = intOption(args, 'commit-every', 512);
    const threshold = intOption(args, 'ann-threshold', DEFAULT_ANN_THRESHOLD);
    const kind = annKind(args);
    const partitions = option(args, 'ann-partitions') === undefined ? undefined : intOption(args, 'ann-partitions', 1);
    const tableOpt = table === undefined ? {} : { table };
    const existing = await EmbeddingStore.exists(db, table);

    let store: EmbeddingStore;
    let report: Record<string, unknown> = {};
    if (corpusFile === undefined) {
      if (!existing) throw new ArgumentError('--db', `${db} holds no store yet; give --corpus FILE to build one`);
      store = await EmbeddingStore.open(db, tableOpt);
    } else {
      const entries = await readCorpus(corpusFile, '--corpus', readStdin);
      const old = existing ? await EmbeddingStore.open(db, tableOpt) : undefined;
      const given = option(args, 'model');
      if (old !== undefined && given !== undefined) {
        try {
          old.assertCompatible({ model: await modelIdentity(given) });
        } catch (e) {
          old.close();
          throw e;
        }
      }
      const name = given ?? old?.info.model ?? defaultModelName();
      const model = await loadCliModel(args, name);
      try {
        const truncate = option(args, 'truncate-dim') === undefined ? undefined : intOption(args, 'truncate-dim', 1);
        const promptGiven = option(args, 'prompt') !== undefined || option(args, 'prompt-name') !== undefined;
        const info: StoreInfo = {
          model: await modelIdentity(name),
          dimension: Math.min(truncate ?? model.embeddingDimension, model.embeddingDimension),
          normalized: old !== undefined && !args.flags.has('normalize') ? old.info.normalized : args.flags.has('normalize'),
          prompt: old !== undefined && !promptGiven ? old.info.prompt : model.resolvePrompt(option(args, 'prompt'), option(args, 'prompt-name')) ?? null,
          metric: 'cosine',
        };
        old?.close();
        store = await EmbeddingStore.openOrCreate(db, info, tableOpt);
        const bar = progressBar(args, 'index');
        const r = await indexCorpus(store, model, entries, { batchSize, commitEvery, ...(bar === undefined ? {} : { onProgress: bar }) });
        if (r.added + r.replaced > 0) await store.compact();
        report = { entries: r.entries, added: r.added, replaced: r.replaced, already_indexed: r.alreadyIndexed, duplicates: r.duplicates };
        process.stdout.write(`indexed ${corpusFile}: ${r.entries} entries, ${r.added} added, ${r.replaced} replaced, ${r.alreadyIndexed} already indexed, ${r.duplicates} duplicates; ${r.rows} rows in ${store.dir}\n`);
      } finally {
        model.dispose();
      }
    }
    try {
      const rows = await store.count();
      if (args.flags.has('ann') || (rows >= threshold && (await store.annIndex()) === undefined)) {
        const bar = progressBar(args, 'ann index');
        bar?.(0, undefined);
        await store.createAnnIndex({ kind, ...(partitions === undefined ? {} : { numPartitions: partitions }) });
        process.stdout.write(`built the ${kind} ANN index over ${rows} rows\n`);
      }
      const ann = await store.annIndex();
      process.stdout.write(`${JSON.stringify({
        db: store.dir, table: store.tableName, model: store.info.model, dimension: store.info.dimension, ...report, rows, ann_index: ann?.indexType ?? null,
      })}\n`);
    } finally {
      store.close();
    }
    return 0;
  },
};
