// The committed kernel bytes (src/kernels/generated/) must be what the committed AssemblyScript
// source compiles to with the pinned assemblyscript: otherwise someone edited one without the
// other. Fix by running `npm run build:kernels`.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileKernel, KERNELS, renderModule } from '../../src/kernels/assembly/build.js';

describe('generated kernels', () => {
  for (const k of KERNELS) {
    it(`src/kernels/generated/${k.out} is the build of assembly/${k.source}`, () => {
      const committed = readFileSync(new URL(`../../src/kernels/generated/${k.out}`, import.meta.url), 'utf8');
      const fresh = renderModule(k.source, k.constName, compileKernel(k.source));
      expect(committed, 'stale generated kernel: run `npm run build:kernels`').toBe(fresh);
    });
  }
});
