/**
 * A binary min-heap by a comparison: what the capture thread holds back from several analysis
 * threads until the slowest one has caught up, released earliest first (session observations:
 * sessions/reorder.ts; finding sightings: vulnerabilities/merge.ts).
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  /** The least item (undefined when empty). */
  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    const h = this.items;
    h.push(x);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.compare(h[parent], h[i]) <= 0) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  /** Removes and returns the least item (the heap must not be empty). */
  pop(): T {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.compare(h[l], h[m]) < 0) m = l;
        if (r < h.length && this.compare(h[r], h[m]) < 0) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}
