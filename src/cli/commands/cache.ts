// `sbert cache list|clear [ENTRY] [--cache-dir DIR]`: the Node model cache (src/hub/node_cache.ts):
// its entries with what each was made from, its size and date; removing all or one.
import { ArgumentError } from '../../errors.js';
import { clearCache, defaultCacheDir, listEntries, type CacheEntry } from '../../hub/node_cache.js';
import { option, parseArgs } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: sbert cache list [--cache-dir DIR]
       sbert cache clear [ENTRY] [--cache-dir DIR]

The cache of converted and downloaded models (default $SBERT_TFJS_CACHE, else ~/.cache/sbert-tfjs).

list           one line per entry: its id (kind/key), size, date, and what it was made from
clear          removes every entry (and temp folders left by killed processes)
clear ENTRY    removes one entry: its id or a prefix of it (at least 4 characters), or its
               source exactly as listed

Options:
  --cache-dir DIR   another cache folder`;

function size(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

function line(e: CacheEntry): string {
  return `${e.kind}/${e.key.slice(0, 16)}  ${size(e.bytes).padStart(9)}  ${e.created.toISOString().slice(0, 19).replace('T', ' ')}  ${e.source}`;
}

export const command: Command = {
  name: 'cache',
  summary: 'list or clear the model cache',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { 'cache-dir': { kind: 'string' } });
    const [action, which, ...extra] = args.positional;
    const cacheDir = option(args, 'cache-dir', defaultCacheDir())!;
    if (action === 'list' && which === undefined) {
      const entries = await listEntries(cacheDir);
      const total = entries.reduce((n, e) => n + e.bytes, 0);
      process.stdout.write(entries.map((e) => `${line(e)}\n`).join('') + `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${size(total)} in ${cacheDir}\n`);
      return 0;
    }
    if (action === 'clear' && extra.length === 0) {
      const removed = await clearCache(cacheDir, which);
      if (which !== undefined && removed.length === 0) {
        throw new ArgumentError('ENTRY', `"${which}" names no entry of ${cacheDir}; see sbert cache list`);
      }
      process.stdout.write(removed.map((e) => `removed ${line(e)}\n`).join('') + `${removed.length} entr${removed.length === 1 ? 'y' : 'ies'} removed from ${cacheDir}\n`);
      return 0;
    }
    throw new ArgumentError('<action>', `expects "list" or "clear [ENTRY]", got "${args.positional.join(' ')}"; see sbert cache --help`);
  },
};
