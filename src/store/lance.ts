// The parts of @lancedb/lancedb (and of the apache-arrow it uses) that the store calls, typed here
// so the library builds and type-checks where the optional package did not install. The package
// is imported only on first use, by the Node store code; the browser entry never reaches it.

export interface LanceRecordBatch {
  numRows: number;
  getChild(name: string): { get(i: number): unknown } | null;
}

export interface LanceQuery {
  select(columns: string[]): LanceQuery;
  limit(n: number): LanceQuery;
  toArray(): Promise<Record<string, unknown>[]>;
  [Symbol.asyncIterator](): AsyncIterator<LanceRecordBatch>;
}

export interface LanceVectorQuery {
  distanceType(d: 'cosine' | 'l2' | 'dot'): LanceVectorQuery;
  bypassVectorIndex(): LanceVectorQuery;
  nprobes(n: number): LanceVectorQuery;
  refineFactor(n: number): LanceVectorQuery;
  ef(n: number): LanceVectorQuery;
  select(columns: string[]): LanceVectorQuery;
  limit(n: number): LanceVectorQuery;
  toArray(): Promise<Record<string, unknown>[]>;
}

export interface LanceIndexConfig {
  name: string;
  indexType: string;
  columns: string[];
}

export interface LanceTable {
  add(rows: Record<string, unknown>[]): Promise<unknown>;
  countRows(filter?: string): Promise<number>;
  delete(predicate: string): Promise<unknown>;
  schema(): Promise<{ metadata: Map<string, string> }>;
  query(): LanceQuery;
  vectorSearch(v: Float32Array | number[]): LanceVectorQuery;
  createIndex(column: string, options: { config: unknown; replace?: boolean }): Promise<void>;
  listIndices(): Promise<LanceIndexConfig[]>;
  optimize(options?: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

export interface LanceConnection {
  tableNames(): Promise<string[]>;
  openTable(name: string): Promise<LanceTable>;
  createEmptyTable(name: string, schema: unknown, options?: { mode?: 'create' | 'overwrite'; existOk?: boolean }): Promise<LanceTable>;
  close(): void;
}

export interface LanceModule {
  connect(uri: string): Promise<LanceConnection>;
  Index: {
    ivfPq(o: { distanceType?: string; numPartitions?: number; numSubVectors?: number; numBits?: number; sampleRate?: number; maxIterations?: number }): unknown;
    hnswSq(o: { distanceType?: string; numPartitions?: number; m?: number; efConstruction?: number; sampleRate?: number }): unknown;
  };
}

/** The arrow classes the store's schema needs. */
export interface ArrowModule {
  Schema: new (fields: unknown[], metadata?: Map<string, string>) => unknown;
  Field: new (name: string, type: unknown, nullable?: boolean) => unknown;
  Utf8: new () => unknown;
  Float32: new () => unknown;
  FixedSizeList: new (size: number, child: unknown) => unknown;
}

export const LANCEDB_PACKAGE = '@lancedb/lancedb';

let loaded: Promise<{ lancedb: LanceModule; arrow: ArrowModule }> | undefined;

/** Thrown when the optional @lancedb/lancedb package (or its apache-arrow) is not installed. */
export class StoreUnavailableError extends Error {
  constructor(detail: string) {
    super(`the embedding store needs the optional package ${LANCEDB_PACKAGE} (npm install ${LANCEDB_PACKAGE}@0.31.0): ${detail}`);
    this.name = 'StoreUnavailableError';
  }
}

/** @lancedb/lancedb and apache-arrow, imported once. Specifiers are variables so that bundlers
 *  and the type checker do not follow them. */
export function loadLance(): Promise<{ lancedb: LanceModule; arrow: ArrowModule }> {
  loaded ??= (async () => {
    const names = [LANCEDB_PACKAGE, 'apache-arrow'];
    try {
      const [lancedb, arrow] = await Promise.all(names.map((n) => import(n) as Promise<unknown>));
      return { lancedb: lancedb as LanceModule, arrow: arrow as ArrowModule };
    } catch (e) {
      loaded = undefined;
      throw new StoreUnavailableError((e as Error).message.split('\n')[0]!);
    }
  })();
  return loaded;
}

/** Whether the store can run here (the optional package imports). */
export async function storeAvailable(): Promise<boolean> {
  return loadLance().then(() => true, () => false);
}
