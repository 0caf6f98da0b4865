/**
 * Out-of-order bytes of one stream direction, as non-overlapping ranges [start, end) of absolute
 * stream offsets (see HalfStream), kept in a treap so that insert, floor/ceiling search and
 * remove-min are O(log n) expected whatever the arrival order. A plain sorted array would make an
 * adversary sending many tiny segments in decreasing order pay O(n) per insert.
 */
export class Segment {
  left: Segment | null = null;
  right: Segment | null = null;
  constructor(
    /** Absolute stream offset of data[0]. */
    readonly start: number,
    /** Private copy of the bytes (never a view into a capture buffer). */
    readonly data: Buffer,
    /**
     * Absolute offset the peer direction must have delivered before these bytes may be: what the
     * segment's ACK acknowledged (causal order across directions). 0 when unconstrained.
     */
    public need: number,
    readonly priority: number,
  ) {}
  get end(): number {
    return this.start + this.data.length;
  }
}

export class SegmentTree {
  private root: Segment | null = null;
  /**
   * xorshift32 state, randomly seeded: with predictable priorities a sender could pick the
   * insertion order that degenerates the treap into a list (and the recursion into a stack overflow).
   * The tree's shape never shows in the output, so replays stay deterministic.
   */
  private rng = (Math.random() * 0x100000000) | 1;

  get isEmpty(): boolean {
    return this.root === null;
  }

  min(): Segment | null {
    let n = this.root;
    if (n === null) return null;
    while (n.left !== null) n = n.left;
    return n;
  }

  /** The segment with the greatest start <= offset. */
  floor(offset: number): Segment | null {
    let n = this.root;
    let best: Segment | null = null;
    while (n !== null) {
      if (n.start <= offset) {
        best = n;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return best;
  }

  /** The segment with the smallest start >= offset. */
  ceiling(offset: number): Segment | null {
    let n = this.root;
    let best: Segment | null = null;
    while (n !== null) {
      if (n.start >= offset) {
        best = n;
        n = n.left;
      } else {
        n = n.right;
      }
    }
    return best;
  }

  /** Inserts a range that overlaps no stored range (the caller trims first). */
  insert(start: number, data: Buffer, need: number): Segment {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    const node = new Segment(start, data, need, this.rng);
    const [l, r] = split(this.root, start);
    this.root = merge(merge(l, node), r);
    return node;
  }

  removeMin(): Segment | null {
    let parent: Segment | null = null;
    let n = this.root;
    if (n === null) return null;
    while (n.left !== null) {
      parent = n;
      n = n.left;
    }
    if (parent === null) this.root = n.right;
    else parent.left = n.right;
    n.right = null;
    return n;
  }
}

/** Splits into (starts < key, starts >= key). Recursion depth is the treap height, O(log n). */
function split(n: Segment | null, key: number): [Segment | null, Segment | null] {
  if (n === null) return [null, null];
  if (n.start < key) {
    const [l, r] = split(n.right, key);
    n.right = l;
    return [n, r];
  }
  const [l, r] = split(n.left, key);
  n.left = r;
  return [l, n];
}

/** Joins two treaps where every start in `a` is below every start in `b`. */
function merge(a: Segment | null, b: Segment | null): Segment | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return a;
  }
  b.left = merge(a, b.left);
  return b;
}
