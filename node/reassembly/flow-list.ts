import type { Flow } from './flow';

/** What a FlowList links: each element keeps its neighbours. */
export interface Linked<T> {
  prev: T | null;
  next: T | null;
}

/**
 * Doubly linked list through each element's prev/next, least recently active at the head: the
 * reassembler's flows, and the open API sessions (node/analysis/sessions/book.ts).
 */
export class FlowList<T extends Linked<T> = Flow> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  push(f: T): void {
    f.prev = this.tail;
    f.next = null;
    if (this.tail === null) this.head = f;
    else this.tail.next = f;
    this.tail = f;
    this.size++;
  }

  remove(f: T): void {
    if (f.prev === null) this.head = f.next;
    else f.prev.next = f.next;
    if (f.next === null) this.tail = f.prev;
    else f.next.prev = f.prev;
    f.prev = f.next = null;
    this.size--;
  }

  touch(f: T): void {
    if (this.tail === f) return;
    this.remove(f);
    this.push(f);
  }
}
