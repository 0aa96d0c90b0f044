// Node: a download streamed into a file (download.ts does the checks), hashed as it is written,
// so a 1 GB checkpoint is never held in memory. The file is truncated at each retry.
import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { downloadTo, type ByteSink, type DownloadInfo, type DownloadOptions } from './download.js';
import { writeError } from './node_fs.js';

class FileSink implements ByteSink {
  handle: FileHandle | undefined;
  private hash: Hash = createHash('sha256');
  constructor(private readonly path: string) {}
  async reset(): Promise<void> {
    await this.handle?.close();
    try {
      this.handle = await open(this.path, 'w');
    } catch (e) {
      throw writeError(this.path, 'cannot create the download file', e);
    }
    this.hash = createHash('sha256');
  }
  async write(chunk: Uint8Array): Promise<void> {
    try {
      await this.handle!.write(chunk);
    } catch (e) {
      throw writeError(this.path, 'cannot write the download', e);
    }
    this.hash.update(chunk);
  }
  async sha256(): Promise<string> {
    return this.hash.copy().digest('hex');
  }
}

/** Downloads `url` into the file `path` (a temp file of the caller's). Null for an optional 404. */
export async function downloadToFile(url: string, file: string, optional: boolean, path: string, options: DownloadOptions = {}): Promise<DownloadInfo | null> {
  const sink = new FileSink(path);
  try {
    return await downloadTo(url, file, optional, sink, options);
  } finally {
    await sink.handle?.close();
  }
}
