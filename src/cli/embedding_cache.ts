// Corpus embeddings of `sbert search --corpus`, cached so a second search over the same corpus
// embeds only its queries. One .npy file per (model, model files, encode settings, corpus
// texts): <cache>/embeddings/<sha256>.npy, float32 [N, D], readable with numpy.load. The key
// takes the model folder's file names, sizes and mtimes, so weights overwritten in place miss.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { decodeNpyFloat32, encodeNpy } from './npy.js';
import { writeFileAtomic } from './output.js';

/** (relative path, size, mtime) of every file under `dir`; empty when it is not a folder. */
async function folderFingerprint(dir: string): Promise<string[]> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    const s = await stat(p);
    out.push(`${relative(dir, p)}:${s.size}:${s.mtimeMs}`);
  }
  return out.sort();
}

export interface EmbeddingCacheKey {
  model: string;
  /** Where the model was loaded from (SentenceTransformer.source). */
  source: string;
  /** Everything else that changes the vectors: prompt, truncation, backend. */
  settings: Record<string, unknown>;
  texts: readonly string[];
}

export async function embeddingCachePath(cacheDir: string, key: EmbeddingCacheKey): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ model: key.model, source: key.source, files: await folderFingerprint(key.source), settings: key.settings }));
  for (const t of key.texts) h.update(`${t.length}:${t}`);
  return join(cacheDir, 'embeddings', `${h.digest('hex')}.npy`);
}

/** The cached rows, or undefined when absent or unreadable (a bad file is treated as a miss). */
export async function readCachedEmbeddings(path: string, rows: number): Promise<Float32Array[] | undefined> {
  const bytes = await readFile(path).catch(() => undefined);
  if (bytes === undefined) return undefined;
  try {
    const { shape, data } = decodeNpyFloat32(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
    if (shape[0] !== rows) return undefined;
    return Array.from({ length: rows }, (_, i) => data.slice(i * shape[1], (i + 1) * shape[1]));
  } catch {
    return undefined;
  }
}

export async function writeCachedEmbeddings(path: string, rows: readonly Float32Array[]): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFileAtomic(path, encodeNpy(rows, rows[0]?.length ?? 0, '<f4'), 'cache');
}
