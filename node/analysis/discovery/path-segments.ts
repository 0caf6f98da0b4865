/**
 * A URL path's segments as the server resolves them (`segments`), and the same segments read in
 * place (`PathSegments`): the template trie walks every request's path one segment at a time, and
 * most of its segments are the names it met last time at the same node (`api`, `v1`, `users`),
 * which are compared in the path's text without a string made or hashed for them
 * (docs/performance.md "The discovery stage per transaction (branch i22-disc)").
 */
import { asciiDigits } from '../shared/digits';

/**
 * Path segments as the server resolves them: empty and `.` segments dropped, `..` pops (never above
 * the root). The same as splitting at every `/` (`path.split('/')` then each piece), read in one
 * pass with no array of the pieces and no string for an empty one (85-92 against 123-125 ns on API
 * paths: docs/performance.md "Response JSON and the sessions' path split (branch i22-json2)").
 */
export function segments(path: string): string[] {
  const out: string[] = [];
  const n = path.length;
  for (let i = 0; i < n;) {
    let j = path.indexOf('/', i);
    if (j < 0) j = n;
    if (j > i) {
      const s = path.slice(i, j);
      if (s === '..') out.pop();
      else if (s !== '.') out.push(s);
    }
    i = j + 1;
  }
  return out;
}

/**
 * The segments of one path, one at a time, as `segments` gives them: `start`, then `next` before
 * each segment. Read in place (no array, no string per segment until `text` is asked) unless the
 * path has a `.` or `..` segment, which `segments` resolves first. One reader per trie: a walk
 * ends before the next starts.
 */
export class PathSegments {
  private path = '';
  /** `segments(path)` when the path has a dot segment; null while reading in place. */
  private list: string[] | null = null;
  private index = -1;
  /** The current segment's place in `path` (in place): [from, end). */
  private from = 0;
  private end = 0;

  /** Starts on `path`; returns how many segments it has. */
  start(path: string): number {
    this.path = path;
    this.list = null;
    this.index = -1;
    this.from = 0;
    this.end = 0;
    let count = 0;
    for (let i = 0; i < path.length;) {
      let j = path.indexOf('/', i);
      if (j < 0) j = path.length;
      if (j > i) {
        // `.` or `..`: dropped or popped, as `segments` does.
        if (path.charCodeAt(i) === 46 && (j === i + 1 || (j === i + 2 && path.charCodeAt(i + 1) === 46))) {
          this.list = segments(path);
          return this.list.length;
        }
        count++;
      }
      i = j + 1;
    }
    return count;
  }

  /** Moves to the next segment (the first after `start`); only as many times as `start` counted. */
  next(): void {
    this.index++;
    if (this.list !== null) return;
    const path = this.path;
    let i = this.end;
    while (i < path.length && path.charCodeAt(i) === 47 /* / */) i++;
    let j = path.indexOf('/', i);
    if (j < 0) j = path.length;
    this.from = i;
    this.end = j;
  }

  /** Whether the current segment is `raw`, compared in place. */
  is(raw: string): boolean {
    if (this.list !== null) return this.list[this.index] === raw;
    return raw.length === this.end - this.from && this.path.startsWith(raw, this.from);
  }

  /** Whether the current segment is digits only (`12345`: a value met once, not worth remembering by text). */
  digits(): boolean {
    const list = this.list;
    const text = list !== null ? list[this.index] : this.path;
    const from = list !== null ? 0 : this.from;
    const end = list !== null ? text.length : this.end;
    return asciiDigits(text, from, end);
  }

  /** The current segment's text. */
  text(): string {
    return this.list !== null ? this.list[this.index] : this.path.slice(this.from, this.end);
  }

  /** The current segment and every one after it. */
  rest(): string[] {
    return this.list !== null ? this.list.slice(this.index) : segments(this.path.slice(this.from));
  }
}
