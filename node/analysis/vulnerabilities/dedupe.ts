/**
 * What the vulnerability detector has reported, per host, endpoint template, kind and detail, with
 * the capture times it was first and last seen (docs/vulnerabilities.md#de-duplication). A finding
 * is reported when its key is new, and again when it had not been seen for `rereportAfterUs` (the
 * endpoint was fixed and leaks again). Bounded: past `maxEntries` the least recently seen entry is
 * forgotten (counted by the caller).
 *
 * The entries are plain data (`FindingEntry`) and `merge` combines two memories by the same rules
 * as `observe` (first_seen the minimum, last_seen the maximum), so memories kept per worker thread
 * can be merged into one (issue 23) without knowing how they were filled.
 */

export interface FindingKey {
  host: string;
  /** `METHOD /template`, or '' for findings about the host itself (banners, header addresses). */
  endpoint: string;
  kind: string;
  detail: string;
}

export interface FindingEntry extends FindingKey {
  /** Capture times in µs. */
  firstSeenUs: number;
  lastSeenUs: number;
  /** When it was last reported (first_seen of its latest record). */
  reportedUs: number;
  /** Times seen. */
  count: number;
}

export type Observation = { report: false } | { report: true; previousSeenUs: number | null };

export function findingKey(k: FindingKey): string {
  return `${k.host}\u0000${k.endpoint}\u0000${k.kind}\u0000${k.detail}`;
}

export class FindingMemory {
  /** In least-recently-seen order (an entry seen again moves to the end). */
  private readonly entries = new Map<string, FindingEntry>();
  evicted = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly rereportAfterUs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(k: FindingKey): boolean {
    return this.entries.has(findingKey(k));
  }

  /** Records one sighting at capture time `tsUs`; whether to report it (and when it was last seen before, for a re-report). */
  observe(k: FindingKey, tsUs: number): Observation {
    const key = findingKey(k);
    const e = this.entries.get(key);
    if (e !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, e);
      const quiet = this.rereportAfterUs > 0 && tsUs - e.lastSeenUs >= this.rereportAfterUs;
      const previous = e.lastSeenUs;
      e.count++;
      if (tsUs > e.lastSeenUs) e.lastSeenUs = tsUs;
      if (tsUs < e.firstSeenUs) e.firstSeenUs = tsUs;
      if (!quiet) return { report: false };
      e.reportedUs = tsUs;
      return { report: true, previousSeenUs: previous };
    }
    this.insert(key, { ...k, firstSeenUs: tsUs, lastSeenUs: tsUs, reportedUs: tsUs, count: 1 });
    return { report: true, previousSeenUs: null };
  }

  /** Every entry (a copy), least recently seen first. */
  snapshot(): FindingEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /** Folds another memory's entries in: counts add, first seen the minimum, last seen and reported the maximum. */
  merge(entries: Iterable<FindingEntry>): void {
    for (const o of entries) {
      const key = findingKey(o);
      const e = this.entries.get(key);
      if (e === undefined) {
        this.insert(key, { ...o });
        continue;
      }
      e.count += o.count;
      e.firstSeenUs = Math.min(e.firstSeenUs, o.firstSeenUs);
      e.lastSeenUs = Math.max(e.lastSeenUs, o.lastSeenUs);
      e.reportedUs = Math.max(e.reportedUs, o.reportedUs);
    }
  }

  private insert(key: string, e: FindingEntry): void {
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
      this.evicted++;
    }
    this.entries.set(key, e);
  }
}
