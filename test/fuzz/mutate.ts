// Seeded mutators for the fuzz targets: byte-level (bit flips, truncation, overwrites, boundary
// integers, insertions, deletions, splices from another corpus file) and, for JSON inputs,
// structure-aware (a random node replaced by a hostile value). mulberry32 keeps every run
// reproducible from its seed.

/** mulberry32: small, seeded, reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** One byte-level mutation of `src` (`other` is another corpus input, for splices). */
export function mutateBytes(src: Uint8Array, rand: () => number, other?: Uint8Array): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  const out = src.slice();
  if (out.length === 0) return Uint8Array.from({ length: 1 + int(16) }, () => int(256));
  switch (int(7)) {
    case 0: { // 1-4 bit flips
      for (let k = 1 + int(4); k > 0; k--) { const i = int(out.length); out[i]! ^= 1 << int(8); }
      return out;
    }
    case 1: return out.subarray(0, int(out.length)); // truncation
    case 2: { // random overwrite of a short run
      const at = int(out.length);
      for (let i = at; i < Math.min(out.length, at + 1 + int(16)); i++) out[i] = int(256);
      return out;
    }
    case 3: { // boundary 32-bit integer at a random position
      if (out.length < 4) return out;
      const at = int(out.length - 3);
      new DataView(out.buffer, out.byteOffset).setUint32(at, INTERESTING[int(INTERESTING.length)]!, rand() < 0.5);
      return out;
    }
    case 4: { // insert random bytes
      const at = int(out.length);
      const extra = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      const r = new Uint8Array(out.length + extra.length);
      r.set(out.subarray(0, at)); r.set(extra, at); r.set(out.subarray(at), at + extra.length);
      return r;
    }
    case 5: { // splice: a chunk of another input at a random position
      if (other === undefined || other.length === 0) return out;
      const from = int(other.length);
      const chunk = other.subarray(from, Math.min(other.length, from + 1 + int(256)));
      const at = int(out.length);
      const r = new Uint8Array(out.length + chunk.length);
      r.set(out.subarray(0, at)); r.set(chunk, at); r.set(out.subarray(at), at + chunk.length);
      return r;
    }
    default: { // delete a chunk
      const at = int(out.length);
      const end = Math.min(out.length, at + 1 + int(64));
      const r = new Uint8Array(out.length - (end - at));
      r.set(out.subarray(0, at)); r.set(out.subarray(end), at);
      return r;
    }
  }
}

const HOSTILE: readonly unknown[] = [
  null, true, 0, -1, 1e9, 2 ** 53, -(2 ** 31), 1.5, NaN, '', 'constructor', '__proto__', 'toString', '../x', '%2e%2e',
  'x'.repeat(5000), [], {}, [null], { type: 'constructor' }, { type: 'Sequence', normalizers: [null] }, [[[[[[]]]]]],
];

/** A structure-aware mutation of a JSON text: one node replaced, removed or duplicated. */
export function mutateJson(text: string, rand: () => number): string {
  const int = (n: number): number => Math.floor(rand() * n);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return text;
  }
  // Collect containers and their keys.
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8 || slots.length > 5000 || typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      slots.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
  if (slots.length === 0) return JSON.stringify(HOSTILE[int(HOSTILE.length)]);
  const [parent, key] = slots[int(slots.length)]!;
  const p = parent as Record<string | number, unknown>;
  switch (int(4)) {
    case 0: p[key] = HOSTILE[int(HOSTILE.length)]; break;
    case 1: if (Array.isArray(parent)) parent.splice(key as number, 1); else delete p[key]; break;
    case 2: { // deep nesting in place of the node
      const d = 50 + int(200);
      return JSON.stringify(root).replace(JSON.stringify(p[key]) ?? 'null', '['.repeat(d) + ']'.repeat(d));
    }
    default: if (Array.isArray(parent)) parent.push(parent[key as number]); else p[`${String(key)}_`] = p[key]; break;
  }
  return JSON.stringify(root);
}
