// The package version for `sbert --version`: read from the package.json above this file (src/cli/
// in a checkout, dist/src/cli/ in the installed package).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageVersion(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'sbert-tfjs' && typeof pkg.version === 'string') return { name: pkg.name, version: pkg.version };
    } catch {
      // not here: look one folder up
    }
    dir = dirname(dir);
  }
  return { name: 'sbert-tfjs', version: 'unknown' };
}
