// A child process for the crash-safety and concurrency tests (test/hub/kill.test.ts,
// test/hub/convert_output.test.ts, bench/kill_writes.ts): prints "ready" once its imports are
// done, then does one write and prints "done <folder>", or the error and exits 1.
//   convert <input> <out-dir> [--force]       convertPath (what `sbert convert` runs)
//   cache <name or path> <cache-dir> [endpoint] resolveModelDir: download / convert / install
import { convertPath } from '../../../src/convert/node.js';
import { resolveModelDir } from '../../../src/hub/node_resolve.js';

const [mode, a, b, c] = process.argv.slice(2);
process.stdout.write('ready\n');
try {
  if (mode === 'convert') {
    convertPath(a!, b!, { force: c === '--force' });
    process.stdout.write(`done ${b}\n`);
  } else if (mode === 'cache') {
    const dir = await resolveModelDir(a!, { cacheDir: b!, ...(c === undefined ? {} : { endpoint: c }), retryDelayMs: 10 });
    process.stdout.write(`done ${dir}\n`);
  } else {
    throw new Error(`unknown mode "${mode}"`);
  }
} catch (e) {
  process.stderr.write(`${(e as Error).name}: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
