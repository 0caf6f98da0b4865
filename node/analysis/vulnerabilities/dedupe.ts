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
  /**
   * Analysis time (µs) of the latest report, when the caller gives one: a later sighting analysed
   * at the same instant is a `tie` (./merge orders sightings of one instant by content).
   */
  reportedAnalysisUs?: number;
}

export type Observation =
  /** `raised`: this sighting's time is past every earlier one's (it moves last seen on). */
  { report: false; raised: boolean; tie: boolean } | { report: true; previousSeenUs: number | null };

/**
 * Findings about the server itself, not one endpoint (a component's version, an internal address
 * in a response header): de-duplicated per host, kind and detail; the record names the endpoint it
 * was first seen on. The reference cloud keys them the same way (cloud/repository.ts).
 */
export function isPerHostFinding(f: { kind: string; detail: string }): boolean {
  return f.kind === 'vulnerable_component' || f.detail.startsWith('internal_ip:header');
}

export function findingKey(k: FindingKey): string {
  return `${k.host}\u0000${k.endpoint}\u0000${k.kind}\u0000${k.detail}`;
}

/**
 * findingKey's text per key, remembered: most findings are the same one seen again (a JWT
 * without expiry on every request of an endpoint), and a new text made of the four parts for each
 * sighting was flattened and hashed again by every lookup of the memory (FindingMemory, the
 * unlisted-path cap, the thread merge). The text met again is the same string, whose hash V8 keeps.
 * Looked up by the parts, in levels (kind, detail, host, template, method), each part a string the
 * node already holds (its hash kept too). Bounded: dropped whole past `maxEntries` texts.
 * docs/performance.md "HTTP, discovery, vulnerabilities, output per transaction (branch i22-stages)".
 */
export class FindingKeyTexts {
  private perHost = new Map<string, Map<string, Map<string, string>>>();
  private perEndpoint = new Map<string, Map<string, Map<string, Map<string, Map<string, string>>>>>();
  private entries = 0;

  constructor(private readonly maxEntries = 4096) {}

  /**
   * findingKey({ host, endpoint, kind, detail }) where `endpoint` is '' for a per-host finding
   * (`perHost`), else `${method} ${template}`.
   */
  text(host: string, perHost: boolean, method: string, template: string, kind: string, detail: string): string {
    if (this.entries >= this.maxEntries) {
      this.perHost = new Map();
      this.perEndpoint = new Map();
      this.entries = 0;
    }
    let at: Map<string, string>;
    if (perHost) at = level(level(this.perHost, kind), detail);
    else at = level(level(level(level(this.perEndpoint, kind), detail), host), template);
    const part = perHost ? host : method;
    let text = at.get(part);
    if (text === undefined) {
      text = findingKey({ host, endpoint: perHost ? '' : `${method} ${template}`, kind, detail });
      at.set(part, text);
      this.entries++;
    }
    return text;
  }
}

/** The map under `part` (made when missing). */
function level<T>(at: Map<string, Map<string, T>>, part: string): Map<string, T> {
  let next = at.get(part);
  if (next === undefined) at.set(part, (next = new Map()));
  return next;
}

/** The parts of a findingKey() string. */
export function findingKeyParts(key: string): FindingKey {
  const [host, endpoint, kind, detail] = key.split('\u0000');
  return { host, endpoint, kind, detail };
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

  /** `k`: the key, or its findingKey() text. */
  has(k: FindingKey | string): boolean {
    return this.entries.has(typeof k === 'string' ? k : findingKey(k));
  }

  /**
   * Records one sighting at capture time `tsUs` (the request's start); whether to report it (and
   * when it was last seen before, for a re-report). `analysisUs`: when it was analysed, for ties.
   * `key`: findingKey(k) when the caller has made it already.
   */
  observe(
    k: FindingKey | string,
    tsUs: number,
    analysisUs?: number,
    key = typeof k === 'string' ? k : findingKey(k),
  ): Observation {
    const e = this.entries.get(key);
    if (e !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, e);
      const quiet = this.rereportAfterUs > 0 && tsUs - e.lastSeenUs >= this.rereportAfterUs;
      const previous = e.lastSeenUs;
      e.count++;
      const raised = tsUs > e.lastSeenUs;
      if (raised) e.lastSeenUs = tsUs;
      if (tsUs < e.firstSeenUs) e.firstSeenUs = tsUs;
      if (!quiet) return { report: false, raised, tie: analysisUs !== undefined && analysisUs === e.reportedAnalysisUs };
      e.reportedUs = tsUs;
      if (analysisUs !== undefined) e.reportedAnalysisUs = analysisUs;
      return { report: true, previousSeenUs: previous };
    }
    const parts = typeof k === 'string' ? findingKeyParts(k) : k;
    const entry: FindingEntry = { ...parts, firstSeenUs: tsUs, lastSeenUs: tsUs, reportedUs: tsUs, count: 1 };
    if (analysisUs !== undefined) entry.reportedAnalysisUs = analysisUs;
    this.insert(key, entry);
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
      if (o.reportedAnalysisUs !== undefined)
        e.reportedAnalysisUs = Math.max(e.reportedAnalysisUs ?? -Infinity, o.reportedAnalysisUs);
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
