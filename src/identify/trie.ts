// A character trie from literal prefixes to entry numbers, walked along a reply without allocating.

interface TrieNode {
  /** Position in the trie's node list (a key for per-node caches). */
  id: number;
  children: Map<number, TrieNode>;
  values: number[];
}

/** Maps literal prefixes to the numbers of the entries that need them. */
export class PrefixTrie {
  private readonly root: TrieNode = { id: 0, children: new Map(), values: [] };
  private nodes = 1;
  /** How many values were inserted. */
  size = 0;

  /** How many nodes the trie has (node ids are 0 .. count-1). */
  get nodeCount(): number {
    return this.nodes;
  }

  /** Register `value` under `text` (already lowercased when the trie is case-folding). */
  insert(text: string, value: number): void {
    let node = this.root;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = node.children.get(code);
      if (!next) {
        next = { id: this.nodes++, children: new Map(), values: [] };
        node.children.set(code, next);
      }
      node = next;
    }
    node.values.push(value);
    this.size++;
  }

  /** Call `visit` with every value whose prefix occurs in `s` at `start` (ASCII-lowercasing `s` when `fold`). */
  collect(s: string, start: number, fold: boolean, visit: (value: number) => void): void {
    let node: TrieNode | undefined = this.root;
    for (let i = start; ; i++) {
      for (const v of node.values) visit(v);
      if (i >= s.length) return;
      let code = s.charCodeAt(i);
      if (fold && code >= 65 && code <= 90) code += 32;
      node = node.children.get(code);
      if (!node) return;
    }
  }

  /**
   * The id of the deepest node `s` reaches from `start`: the values `collect` would visit are exactly
   * those on the path from the root to it (see `pathValues`).
   */
  deepest(s: string, start: number, fold: boolean): number {
    let node = this.root;
    for (let i = start; i < s.length; i++) {
      let code = s.charCodeAt(i);
      if (fold && code >= 65 && code <= 90) code += 32;
      const next = node.children.get(code);
      if (!next) break;
      node = next;
    }
    return node.id;
  }

  /** The values on the path from the root to each node, by node id. */
  pathValues(): number[][] {
    const out: number[][] = new Array<number[]>(this.nodes);
    const walk = (node: TrieNode, above: number[]): void => {
      const here = node.values.length > 0 ? [...above, ...node.values] : above;
      out[node.id] = here;
      for (const child of node.children.values()) walk(child, here);
    };
    walk(this.root, []);
    return out;
  }
}
