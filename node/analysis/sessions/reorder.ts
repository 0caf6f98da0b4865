/**
 * Observations from several analysis threads back in capture order: each thread's come in its
 * own order, up to that thread's clock; `release(watermark)` hands on, in timestamp order, every
 * observation at or before the slowest thread's clock, so the SessionBook sees one time-ordered
 * stream, as on a single thread. Holds at most what the threads analysed ahead of the slowest
 * one (their queues are bounded: node/workers/pool.ts).
 */
import type { SessionObservation } from './book';

export class ObservationReorder {
  private readonly heap: SessionObservation[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(o: SessionObservation): void {
    const h = this.heap;
    h.push(o);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (h[parent].ts <= h[i].ts) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  /** Hands on every held observation with ts <= `watermark` (all of them: Infinity), earliest first. */
  release(watermark: number, each: (o: SessionObservation) => void): void {
    const h = this.heap;
    while (h.length > 0 && h[0].ts <= watermark) {
      const top = h[0];
      const last = h.pop()!;
      if (h.length > 0) {
        h[0] = last;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && h[l].ts < h[m].ts) m = l;
          if (r < h.length && h[r].ts < h[m].ts) m = r;
          if (m === i) break;
          [h[m], h[i]] = [h[i], h[m]];
          i = m;
        }
      }
      each(top);
    }
  }
}
