// Converting a user-picked checkpoint in the page with the TypeScript converter: no server
// work. Input: one .zip of a model folder, one checkpoint file, or the files of a model folder
// (directory picker: paths come from webkitRelativePath). Output: an in-memory FileSource the
// pipeline loads exactly like a served folder.
import { convertModel, type ConvertResult } from '../../src/convert/convert.js';
import type { Inflate } from '../../src/checkpoint/zip.js';
import { readZip } from '../../src/checkpoint/zip.js';
import { memorySource, type FileSource } from '../../src/io/file_source.js';

export interface PageConversion {
  name: string;
  source: FileSource;
  result: ConvertResult;
  summary: string;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The converter's Inflate hook is synchronous (node:zlib in the CLI), the browser's
 * DecompressionStream is not. So: one dry pass over the zip records every compressed entry
 * (by its byte offset in the archive), they are inflated asynchronously, and the real pass
 * looks the results up.
 */
async function preinflate(bytes: Uint8Array, name: string): Promise<Inflate> {
  const wanted = new Map<number, Uint8Array>();
  const record: Inflate = (data, size) => {
    wanted.set(data.byteOffset, data);
    return new Uint8Array(size); // placeholder; fails the CRC check, which this pass ignores
  };
  const zip = readZip(bytes, name, { inflate: record });
  for (const entry of zip.entries) {
    try {
      zip.read(entry);
    } catch {
      /* placeholder data; the real pass reports real errors */
    }
  }
  const done = new Map<number, Uint8Array>();
  await Promise.all([...wanted].map(async ([offset, data]) => done.set(offset, await inflateRaw(data))));
  return (data) => {
    const out = done.get(data.byteOffset);
    if (out === undefined) throw new Error(`no inflated data for the zip entry at byte ${data.byteOffset}`);
    return out;
  };
}

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** Path of a picked file inside the picked folder (drops the folder's own name). */
function relativePath(file: File): string {
  const rel = file.webkitRelativePath !== '' ? file.webkitRelativePath : file.name;
  const parts = rel.split('/');
  return parts.length > 1 ? parts.slice(1).join('/') : rel;
}

function describe(result: ConvertResult, name: string): string {
  let bytes = 0;
  for (const b of result.files.values()) bytes += b.byteLength;
  const modules = result.modules.map((m) => m.kind).join(' → ');
  return `${result.files.size} files, ${(bytes / 1e6).toFixed(1)} MB (${result.input}${modules === '' ? '' : ': ' + modules}) from ${name}`;
}

export async function convertPickedFiles(files: readonly File[]): Promise<PageConversion> {
  if (files.length === 0) throw new Error('no files picked');
  let result: ConvertResult;
  let name: string;
  const only = files.length === 1 ? files[0] : undefined;
  if (only !== undefined && only.webkitRelativePath === '') {
    // One file: a zipped model folder or a single checkpoint.
    name = only.name.replace(/\.(zip|safetensors|bin|pt|pth)$/i, '');
    const bytes = await bytesOf(only);
    const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
    result = convertModel(bytes, only.name, isZip ? { inflate: await preinflate(bytes, only.name) } : {});
  } else {
    const folder = new Map<string, Uint8Array>();
    for (const f of files) folder.set(relativePath(f), await bytesOf(f));
    const top = files[0]!.webkitRelativePath.split('/')[0];
    name = top !== undefined && top !== '' ? top : 'picked-model';
    result = convertModel(folder, name);
  }
  return { name, source: memorySource(`picked:${name}`, result.files), result, summary: describe(result, name) };
}
