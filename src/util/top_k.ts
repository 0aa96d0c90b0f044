// Top-k over a row of scores in plain JS, and a min-heap like Python's heapq on tuples. Ties are
// broken by the lower index first: deterministic, where torch.topk leaves the order of equal
// values unspecified.

function better(row: ArrayLike<number>, a: number, b: number): boolean {
  return row[a]! > row[b]! || (row[a]! === row[b]! && a < b);
}

/** Indices of the k largest values of `row` (descending score; ties: lower index first).
 *  O(n log k): a bounded min-heap of the best k seen. */
export function topKIndices(row: ArrayLike<number>, k: number): number[] {
  const n = row.length;
  const kk = Math.min(k, n);
  if (kk <= 0) return [];
  const worse = (a: number, b: number): boolean => better(row, b, a);
  const heap = new MinHeap<number>(worse);
  for (let i = 0; i < n; i++) {
    if (heap.size < kk) heap.push(i);
    else if (better(row, i, heap.peek()!)) heap.replaceTop(i);
  }
  const out = heap.drain(); // worst first
  return out.reverse();
}

/** A binary min-heap under `less`. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  /** Replaces the smallest item with `x` and returns the smallest (heapq.heapreplace). */
  replaceTop(x: T): T {
    const a = this.items;
    const top = a[0]!;
    a[0] = x;
    this.siftDown(0);
    return top;
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.siftDown(0);
    }
    return top;
  }
  /** All items, smallest first; empties the heap. */
  drain(): T[] {
    const out: T[] = [];
    while (this.items.length > 0) out.push(this.pop()!);
    return out;
  }
  private siftDown(i: number): void {
    const a = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}
