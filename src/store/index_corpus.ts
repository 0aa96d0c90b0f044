// Filling an EmbeddingStore from a corpus, incrementally: rows are keyed by id; an id already
// stored with the same text is skipped (so a run that was killed resumes where its last commit
// ended, without duplicates), an id stored with another text is re-embedded and replaced, and a
// text already stored (or seen earlier in the corpus) under another id is skipped as a duplicate.
// Vectors are committed every `commitEvery` texts; each commit is atomic in LanceDB.
import { readFile } from 'node:fs/promises';
import { ArgumentError } from '../errors.js';
import type { EncodeOptions, TextEmbedder } from '../pipeline/encode_options.js';
import { textSha256, type EmbeddingStore } from './embedding_store.js';

export interface CorpusEntry {
  id: string;
  text: string;
}


export interface IndexCorpusOptions {
  /** Texts per forward pass (default 32). */
  batchSize?: number;
  /** Texts embedded between two commits to the store (default 512). */
  commitEvery?: number;
  /** Called after each commit with the corpus entries handled so far and their total. */
  onProgress?: (done: number, total: number) => void;
}

export interface IndexReport {
  /** Corpus entries read. */
  entries: number;
  /** New ids embedded and stored. */
  added: number;
  /** Ids whose text changed: re-embedded, the old row replaced. */
  replaced: number;
  /** Ids already stored with the same text (skipped: the resume case). */
  alreadyIndexed: number;
  /** Texts already stored or seen under another id (skipped, not stored twice). */
  duplicates: number;
  /** Rows in the store afterwards. */
  rows: number;
}

/**
 * Corpus entries of a file: .txt, one text per line, id = the 0-based line number (empty lines
 * skipped, numbering kept); .jsonl, per line a JSON string (id = line number) or
 * {"id": string | number, "text": string}. `-` reads stdin as .txt. `flag` names the option in errors.
 */
export async function readCorpus(path: string, flag = '--corpus', readStdin?: () => Promise<string>): Promise<CorpusEntry[]> {
  let raw: string;
  if (path === '-') {
    if (readStdin === undefined) throw new ArgumentError(flag, '`-` (stdin) is not available here');
    raw = await readStdin();
  } else {
    raw = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new ArgumentError(flag, `cannot read ${path}: ${e.code ?? e.message}`);
    });
  }
  const lines = raw.split(/\r?\n/);
  const jsonl = path.endsWith('.jsonl');
  const out: CorpusEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (!jsonl) {
      out.push({ id: String(i), text: line });
      return;
    }
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ArgumentError(flag, `${path}:${i + 1} is not JSON: ${(e as Error).message}`);
    }
    if (typeof v === 'string') {
      out.push({ id: String(i), text: v });
      return;
    }
    const o = v as { id?: unknown; text?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.text !== 'string') {
      throw new ArgumentError(flag, `${path}:${i + 1} must be a JSON string or {"id": ..., "text": "..."}`);
    }
    if (o.id !== undefined && typeof o.id !== 'string' && typeof o.id !== 'number') {
      throw new ArgumentError(flag, `${path}:${i + 1}: "id" must be a string or a number, got ${JSON.stringify(o.id)}`);
    }
    out.push({ id: o.id === undefined ? String(i) : String(o.id), text: o.text });
  });
  return out;
}

/**
 * Embeds the entries the store lacks and commits them in chunks. Texts get the store's prompt and
 * normalization, truncated to its dimension, so they match what it records.
 */
export async function indexCorpus(store: EmbeddingStore, model: TextEmbedder, entries: readonly CorpusEntry[], options: IndexCorpusOptions = {}): Promise<IndexReport> {
  const commitEvery = options.commitEvery ?? 512;
  if (!Number.isInteger(commitEvery) || commitEvery <= 0) throw new ArgumentError('commitEvery', `must be a positive integer, got ${commitEvery}`);
  const stored = await store.keys();
  const storedHashes = new Set(stored.values());
  const seenIds = new Map<string, string>();
  const seenHashes = new Set<string>();
  const todo: { entry: CorpusEntry; replaces: boolean; index: number }[] = [];
  let alreadyIndexed = 0;
  let duplicates = 0;
  entries.forEach((entry, index) => {
    const h = textSha256(entry.text);
    const earlier = seenIds.get(entry.id);
    if (earlier !== undefined) {
      if (earlier !== h) throw new ArgumentError('corpus', `id "${entry.id}" appears twice with different texts (entry ${index})`);
      duplicates++;
      return;
    }
    seenIds.set(entry.id, h);
    const prev = stored.get(entry.id);
    if (prev === h) {
      alreadyIndexed++;
      seenHashes.add(h);
      return;
    }
    if (seenHashes.has(h) || storedHashes.has(h)) {
      duplicates++;
      return;
    }
    seenHashes.add(h);
    todo.push({ entry, replaces: prev !== undefined, index });
  });

  const { prompt, normalized, dimension } = store.info;
  const encodeOptions: EncodeOptions = {
    batchSize: options.batchSize ?? 32,
    normalizeEmbeddings: normalized,
    truncateDim: dimension,
    ...(prompt === null ? {} : { prompt }),
  };
  let added = 0;
  let replaced = 0;
  const total = entries.length;
  // Progress counts corpus entries handled: skipped ones before the next pending one count as done.
  for (let start = 0; start < todo.length; start += commitEvery) {
    const chunk = todo.slice(start, start + commitEvery);
    const vectors = (await model.encode(chunk.map((c) => c.entry.text), encodeOptions)) as Float32Array[];
    const stale = chunk.filter((c) => c.replaces).map((c) => c.entry.id);
    if (stale.length > 0) await store.delete(stale);
    await store.add(chunk.map((c, i) => ({ id: c.entry.id, text: c.entry.text, vector: vectors[i]! })));
    added += chunk.length - stale.length;
    replaced += stale.length;
    const next = todo[start + commitEvery];
    if (next !== undefined) options.onProgress?.(next.index, total);
  }
  options.onProgress?.(total, total);
  return { entries: total, added, replaced, alreadyIndexed, duplicates, rows: await store.count() };
}
