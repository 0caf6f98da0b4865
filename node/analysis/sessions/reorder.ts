/**
 * Observations from several analysis threads back in capture order: each thread's come in its
 * own order, up to that thread's clock; `release(watermark)` hands on, in timestamp order, every
 * observation at or before the slowest thread's clock, so the SessionBook sees one time-ordered
 * stream, as on a single thread. Holds at most what the threads analysed ahead of the slowest
 * one (their queues are bounded: node/workers/pool.ts).
 */
import { MinHeap } from '../min-heap';
import type { SessionObservation } from './book';

export class ObservationReorder {
  private readonly heap = new MinHeap<SessionObservation>((a, b) => a.ts - b.ts);

  get size(): number {
    return this.heap.size;
  }

  push(o: SessionObservation): void {
    this.heap.push(o);
  }

  /** Hands on every held observation with ts <= `watermark` (all of them: Infinity), earliest first. */
  release(watermark: number, each: (o: SessionObservation) => void): void {
    const h = this.heap;
    while (h.size > 0 && h.peek()!.ts <= watermark) each(h.pop());
  }
}
