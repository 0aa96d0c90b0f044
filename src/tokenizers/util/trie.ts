// Prefix trie over code points: which vocabulary pieces start at a position of a text.

interface Node {
  next: Map<string, Node>;
  /** Id of the piece that ends here, or -1. */
  id: number;
}

export class Trie {
  private readonly root: Node = { next: new Map(), id: -1 };

  /** Later inserts of the same piece overwrite the id (a JS Map, like tokenizers' HashMap). */
  insert(piece: string, id: number): void {
    let node = this.root;
    for (const c of piece) {
      let child = node.next.get(c);
      if (child === undefined) {
        child = { next: new Map(), id: -1 };
        node.next.set(c, child);
      }
      node = child;
    }
    node.id = id;
  }

  /** Calls `visit(id, length)` for every piece that is a prefix of chars[from..], shortest first. */
  commonPrefixes(chars: readonly string[], from: number, visit: (id: number, length: number) => void): void {
    let node: Node | undefined = this.root;
    for (let k = from; k < chars.length; k++) {
      node = node.next.get(chars[k]!);
      if (node === undefined) return;
      if (node.id >= 0) visit(node.id, k + 1 - from);
    }
  }
}
