// A character trie from literal prefixes to entry numbers, walked along a reply without allocating.

interface TrieNode {
  children: Map<number, TrieNode>;
  values: number[];
}

/** Maps literal prefixes to the numbers of the entries that need them. */
export class PrefixTrie {
  private readonly root: TrieNode = { children: new Map(), values: [] };
  /** How many values were inserted. */
  size = 0;

  /** Register `value` under `text` (already lowercased when the trie is case-folding). */
  insert(text: string, value: number): void {
    let node = this.root;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = node.children.get(code);
      if (!next) {
        next = { children: new Map(), values: [] };
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
}
