// EmbeddingStore: sentence embeddings in an embedded LanceDB table on disk, for corpora larger
// than memory. One row per text: id, text, text_sha256 (what de-duplication and resuming compare)
// and vector (FixedSizeList<Float32>[dimension]). The model name, dimension, normalization and
// document prompt are the table schema's metadata (keys "sbert.*"), so a store refuses queries
// embedded by another model. Search is exact (a flat scan, cosine) unless asked to use the ANN
// index (IVF-PQ or IVF-HNSW-SQ) that createAnnIndex builds.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { loadLance, type LanceConnection, type LanceIndexConfig, type LanceTable } from './lance.js';

export const DEFAULT_TABLE = 'embeddings';
/** Bumped when the table layout changes; a store of another version is refused. */
export const STORE_FORMAT = '1';

/** What a store records about how its vectors were made. */
export interface StoreInfo {
  /** The model as given (a registry name, hub id or URL) or, for a local folder, its absolute path. */
  model: string;
  dimension: number;
  /** Vectors were L2-normalized before storing. */
  normalized: boolean;
  /** The prompt put before every corpus text (null: none). */
  prompt: string | null;
  /** The similarity the search scores with (scores = 1 - LanceDB's cosine distance). */
  metric: 'cosine';
}

export interface StoreRow {
  id: string;
  text: string;
  vector: ArrayLike<number>;
}

export interface StoreHit {
  id: string;
  text: string;
  score: number;
}

export interface StoreSearchOptions {
  /** Hits per query (default 10). */
  topK?: number;
  /** Use the ANN index (an error when there is none); default false: exact. */
  ann?: boolean;
  /** ANN: IVF partitions probed per query (default 20). */
  nprobes?: number;
  /** ANN: re-rank refineFactor * topK candidates with the full vectors (default 5 for IVF-HNSW-SQ,
   *  10 for IVF-PQ, whose 8-bit / product-quantized distances alone lose recall). */
  refineFactor?: number;
  /** ANN, IVF-HNSW: candidates the graph search keeps (LanceDB's default when absent). */
  ef?: number;
}

export type AnnKind = 'ivf_pq' | 'hnsw_sq';

export interface AnnIndexOptions {
  /** Default hnsw_sq: at 100k vectors it builds in seconds where IVF-PQ takes minutes (bench/store_ann.ts). */
  kind?: AnnKind;
  /** IVF partitions (default: about sqrt(rows)). */
  numPartitions?: number;
  /** IVF-PQ sub-vectors (default dimension / 8, so 8 dimensions per sub-vector). */
  numSubVectors?: number;
}

/** A store that cannot be opened, or that does not fit what is asked of it. Names the folder. */
export class StoreError extends Error {
  constructor(readonly dir: string, detail: string) {
    super(`embedding store ${dir}: ${detail}`);
    this.name = 'StoreError';
  }
}

/** The key de-duplication compares: SHA-256 of the UTF-8 text, hex. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SQL string literal for a LanceDB filter. */
const sql = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function infoFromMetadata(dir: string, m: Map<string, string>): StoreInfo {
  const get = (k: string): string => {
    const v = m.get(`sbert.${k}`);
    if (v === undefined) throw new StoreError(dir, `the table has no "sbert.${k}" schema metadata; it was not written by EmbeddingStore`);
    return v;
  };
  if (get('format') !== STORE_FORMAT) throw new StoreError(dir, `store format ${get('format')}, this version reads ${STORE_FORMAT}`);
  const dimension = Number(get('dimension'));
  const metric = get('metric');
  if (metric !== 'cosine') throw new StoreError(dir, `metric "${metric}" is not supported (cosine)`);
  return { model: get('model'), dimension, normalized: get('normalized') === 'true', prompt: JSON.parse(get('prompt')) as string | null, metric };
}

export class EmbeddingStore {
  private constructor(
    /** The database folder (absolute). */
    readonly dir: string,
    readonly tableName: string,
    private readonly conn: LanceConnection,
    private readonly table: LanceTable,
    readonly info: StoreInfo,
  ) {}

  /** Whether `dir` holds the store's table. */
  static async exists(dir: string, table = DEFAULT_TABLE): Promise<boolean> {
    const { lancedb } = await loadLance();
    const conn = await lancedb.connect(resolvePath(dir));
    try {
      return (await conn.tableNames()).includes(table);
    } finally {
      conn.close();
    }
  }

  /** Opens an existing store. */
  static async open(dir: string, options: { table?: string } = {}): Promise<EmbeddingStore> {
    const abs = resolvePath(dir);
    const name = options.table ?? DEFAULT_TABLE;
    const { lancedb } = await loadLance();
    const conn = await lancedb.connect(abs);
    if (!(await conn.tableNames()).includes(name)) {
      conn.close();
      throw new StoreError(abs, `has no table "${name}" (build one with \`sbert index --corpus FILE --db ${dir}\` or EmbeddingStore.openOrCreate)`);
    }
    const table = await conn.openTable(name);
    return new EmbeddingStore(abs, name, conn, table, infoFromMetadata(abs, (await table.schema()).metadata));
  }

  /** Opens the store, or creates it with `info`; an existing store must match `info` (assertCompatible). */
  static async openOrCreate(dir: string, info: StoreInfo, options: { table?: string } = {}): Promise<EmbeddingStore> {
    const abs = resolvePath(dir);
    const name = options.table ?? DEFAULT_TABLE;
    const { lancedb, arrow } = await loadLance();
    await mkdir(abs, { recursive: true });
    const conn = await lancedb.connect(abs);
    if ((await conn.tableNames()).includes(name)) {
      conn.close();
      const store = await EmbeddingStore.open(abs, { table: name });
      try {
        store.assertCompatible(info);
      } catch (e) {
        store.close();
        throw e;
      }
      return store;
    }
    if (!Number.isInteger(info.dimension) || info.dimension <= 0) throw new StoreError(abs, `dimension must be a positive integer, got ${info.dimension}`);
    const metadata = new Map([
      ['sbert.format', STORE_FORMAT],
      ['sbert.model', info.model],
      ['sbert.dimension', String(info.dimension)],
      ['sbert.normalized', String(info.normalized)],
      ['sbert.prompt', JSON.stringify(info.prompt)],
      ['sbert.metric', info.metric],
    ]);
    const schema = new arrow.Schema([
      new arrow.Field('id', new arrow.Utf8(), false),
      new arrow.Field('text', new arrow.Utf8(), false),
      new arrow.Field('text_sha256', new arrow.Utf8(), false),
      new arrow.Field('vector', new arrow.FixedSizeList(info.dimension, new arrow.Field('item', new arrow.Float32(), true)), false),
    ], metadata);
    const table = await conn.createEmptyTable(name, schema);
    return new EmbeddingStore(abs, name, conn, table, { ...info });
  }

  /** Throws StoreError unless `want` (model, dimension, normalization, prompt) matches the store. */
  assertCompatible(want: Partial<StoreInfo>): void {
    const have = this.info;
    const diffs: string[] = [];
    if (want.model !== undefined && want.model !== have.model) diffs.push(`model "${want.model}" (the store's: "${have.model}")`);
    if (want.dimension !== undefined && want.dimension !== have.dimension) diffs.push(`dimension ${want.dimension} (the store's: ${have.dimension})`);
    if (want.normalized !== undefined && want.normalized !== have.normalized) diffs.push(`normalized ${want.normalized} (the store's: ${have.normalized})`);
    if (want.prompt !== undefined && want.prompt !== have.prompt) diffs.push(`prompt ${JSON.stringify(want.prompt)} (the store's: ${JSON.stringify(have.prompt)})`);
    if (diffs.length > 0) throw new StoreError(this.dir, `was built differently: asked for ${diffs.join(', ')}; use a new folder, or the store's settings`);
  }

  count(): Promise<number> {
    return this.table.countRows();
  }

  /** id -> text_sha256 of every stored row, read batch by batch. */
  async keys(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for await (const batch of this.table.query().select(['id', 'text_sha256'])) {
      const ids = batch.getChild('id')!;
      const shas = batch.getChild('text_sha256')!;
      for (let i = 0; i < batch.numRows; i++) out.set(ids.get(i) as string, shas.get(i) as string);
    }
    return out;
  }

  /** Appends rows (one commit: after a crash the rows are all there or none is). */
  async add(rows: readonly StoreRow[]): Promise<void> {
    if (rows.length === 0) return;
    const d = this.info.dimension;
    await this.table.add(rows.map((r) => {
      if (r.vector.length !== d) throw new StoreError(this.dir, `row "${r.id}" has a ${r.vector.length}-d vector, the store holds ${d}-d`);
      return { id: r.id, text: r.text, text_sha256: textSha256(r.text), vector: Array.from(r.vector) };
    }));
  }

  /** Removes the rows with these ids. */
  async delete(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) await this.table.delete(`id IN (${ids.slice(i, i + 500).map(sql).join(', ')})`);
  }

  /** The vector index on the vector column, if one was built. */
  async annIndex(): Promise<LanceIndexConfig | undefined> {
    return (await this.table.listIndices()).find((i) => i.columns.includes('vector'));
  }

  /** Builds (or rebuilds) the ANN index over the vectors. */
  async createAnnIndex(options: AnnIndexOptions = {}): Promise<void> {
    const { lancedb } = await loadLance();
    const rows = await this.count();
    const numPartitions = options.numPartitions ?? Math.max(1, Math.round(Math.sqrt(rows)));
    const kind = options.kind ?? 'hnsw_sq';
    const config = kind === 'ivf_pq'
      ? lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions, numSubVectors: options.numSubVectors ?? Math.max(1, Math.floor(this.info.dimension / 8)) })
      : lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions });
    await this.table.createIndex('vector', { config, replace: true });
  }

  /** Merges the small fragments many appends leave (LanceDB optimize). */
  async compact(): Promise<void> {
    await this.table.optimize();
  }

  /** For every query vector, the topK rows by cosine similarity, best first. */
  async search(queries: readonly ArrayLike<number>[], options: StoreSearchOptions = {}): Promise<StoreHit[][]> {
    const topK = options.topK ?? 10;
    if (!Number.isInteger(topK) || topK <= 0) throw new StoreError(this.dir, `topK must be a positive integer, got ${topK}`);
    const ann = options.ann === true ? await this.annIndex() : undefined;
    if (options.ann === true && ann === undefined) throw new StoreError(this.dir, 'has no ANN index; build one with `sbert index --db DIR --ann` or createAnnIndex()');
    const out: StoreHit[][] = [];
    for (const [i, q] of queries.entries()) {
      if (q.length !== this.info.dimension) throw new StoreError(this.dir, `query ${i} has ${q.length} dimensions, the store holds ${this.info.dimension}`);
      let query = this.table.vectorSearch(Float32Array.from(q)).distanceType('cosine').select(['id', 'text', '_distance']).limit(topK);
      if (ann === undefined) query = query.bypassVectorIndex();
      else {
        query = query.nprobes(options.nprobes ?? 20);
        query = query.refineFactor(options.refineFactor ?? (ann.indexType.toUpperCase().includes('PQ') ? 10 : 5));
        if (options.ef !== undefined) query = query.ef(options.ef);
      }
      const rows = await query.toArray();
      out.push(rows.map((r) => ({ id: r['id'] as string, text: r['text'] as string, score: 1 - (r['_distance'] as number) })));
    }
    return out;
  }

  close(): void {
    this.table.close();
    this.conn.close();
  }
}
