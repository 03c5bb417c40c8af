/**
 * Every occurrence of a set of ASCII literals in one pass, case-insensitive: an Aho-Corasick automaton
 * compiled to a dense table (one lookup per character). It replaces the rules' prefilter regex, an alternation
 * of ~400 literals that V8's backtracking engine tried one by one at every position: ~38 ns per character on
 * 4 KB of prose, against a few here (BENCHMARKS.md, detectors). Hand-written because the npm Aho-Corasick
 * packages build per-node maps or objects, which is the slow part this avoids, and none folds case.
 *
 * Case folding matches the regex's `i` flag without `u`: ASCII letters only, since no other character
 * canonicalises to one of them there. Characters that occur in no literal reset the automaton.
 */
export class AnchorAutomaton {
  /** ASCII code -> character class; 0 for characters in no literal (and every non-ASCII one). */
  readonly #classOf = new Uint8Array(128);
  readonly #classes: number;
  /** delta[state * classes + class] -> next state. */
  readonly #delta: Uint16Array | Uint32Array;
  /** Per state, the literals that end there (its own and those of its suffixes), or undefined. */
  readonly #ends: (readonly number[] | undefined)[];

  constructor(literals: readonly string[]) {
    let classes = 1;
    for (const literal of literals) {
      for (const ch of literal.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (code >= 128) throw new Error(`anchor literal '${literal}' is not ASCII`);
        if (this.#classOf[code] === 0) this.#classOf[code] = classes++;
      }
    }
    for (let code = 65; code <= 90; code++) this.#classOf[code] = this.#classOf[code + 32]!;
    this.#classes = classes;

    // The trie, then breadth-first failure links folded into a complete transition table.
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    literals.forEach((literal, index) => {
      let state = 0;
      for (const ch of literal.toLowerCase()) {
        const cls = this.#classOf[ch.charCodeAt(0)]!;
        let next = children[state]!.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          own.push([]);
          children[state]!.set(cls, next);
        }
        state = next;
      }
      own[state]!.push(index);
    });
    const states = children.length;
    const delta = states < 0xffff ? new Uint16Array(states * classes) : new Uint32Array(states * classes);
    const ends: (number[] | undefined)[] = new Array(states).fill(undefined);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [cls, next] of children[0]!) {
      delta[cls] = next;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = ends[fail[state]!];
      const mine = own[state]!;
      ends[state] = mine.length === 0 ? inherited : inherited ? [...mine, ...inherited] : mine;
      for (let cls = 0; cls < classes; cls++) {
        const next = children[state]!.get(cls);
        if (next === undefined) {
          delta[state * classes + cls] = delta[fail[state]! * classes + cls]!;
        } else {
          fail[next] = delta[fail[state]! * classes + cls]!;
          delta[state * classes + cls] = next;
          queue.push(next);
        }
      }
    }
    this.#delta = delta;
    this.#ends = ends;
  }

  /**
   * Calls found(literal index, offset just past it) for every occurrence of every literal in text, overlapping
   * ones included.
   */
  scan(text: string, found: (literal: number, end: number) => void): void {
    const classOf = this.#classOf;
    const delta = this.#delta;
    const ends = this.#ends;
    const classes = this.#classes;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = delta[state * classes + (code < 128 ? classOf[code]! : 0)]!;
      const literals = ends[state];
      if (literals !== undefined) for (const literal of literals) found(literal, i + 1);
    }
  }
}
