// Measures one conversion: wall time and peak resident memory (not asserted anywhere; the numbers
// go into the converter's notes). Usage: npx tsx converters/measure.ts <input> [float32|float16]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertPath } from './node.js';

const [input, dtype = 'float32'] = process.argv.slice(2);
if (input === undefined || (dtype !== 'float32' && dtype !== 'float16')) {
  process.stderr.write('usage: tsx converters/measure.ts <input> [float32|float16]\n');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'sbert-measure-'));
try {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const result = convertPath(input, join(work, 'out'), { dtype });
  const seconds = (performance.now() - started) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
  const parameters = result.weights.reduce((s, w) => s + w.parameters, 0);
  const bytes = [...result.files.values()].reduce((s, b) => s + b.byteLength, 0);
  process.stdout.write(
    `${input} (${result.input}, ${dtype}): ${seconds.toFixed(2)} s, peak RSS ${peakMiB.toFixed(0)} MiB ` +
      `(RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MiB), ${parameters} parameters, ${result.files.size} files, ${(bytes / 2 ** 20).toFixed(1)} MiB written\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
