import type { Flow } from './flow';

/** Doubly linked list of flows through Flow.prev/next, least recently active at the head. */
export class FlowList {
  head: Flow | null = null;
  tail: Flow | null = null;
  size = 0;

  push(f: Flow): void {
    f.prev = this.tail;
    f.next = null;
    if (this.tail === null) this.head = f;
    else this.tail.next = f;
    this.tail = f;
    this.size++;
  }

  remove(f: Flow): void {
    if (f.prev === null) this.head = f.next;
    else f.prev.next = f.next;
    if (f.next === null) this.tail = f.prev;
    else f.next.prev = f.prev;
    f.prev = f.next = null;
    this.size--;
  }

  touch(f: Flow): void {
    if (this.tail === f) return;
    this.remove(f);
    this.push(f);
  }
}
