/**
 * What is reported of the findings of one or several analysis threads, decided once from all
 * their sightings (docs/api-discovery.md#several-analysis-threads): the single thread and the
 * capture thread with workers both run this, so N workers report the records of one thread.
 *
 * Each thread's detector (./detector, `inspect` with a SightingOutput) hands on a `FindingSighting`
 * per finding it would report itself (new to it, quiet for `rereport_after`, or seen again at the
 * instant of its report), with its record, and per other sighting that moves the finding's last
 * seen on, without one. Here they are put in one order, by the capture time they were analysed at
 * (the frame that completed the transaction; the end of input is +Infinity), then request start,
 * then content (a record before a bare sighting, then flow, evidence, the whole record), held until
 * no thread can send an earlier one (`release(watermark)`: the slowest thread's clock), and fed to
 * one FindingMemory in that order: the first sighting of a key is reported with its record (so
 * `flow`, `evidence`, `first_seen` do not depend on which thread saw what first), and a re-report
 * is decided on every thread's sightings. A thread's own memory only filters what it sends: it
 * reports at least whatever this memory reports (it saw a subset, in the same order), so the
 * record is at hand. Bounded: the memory holds `maxRemembered` keys; the held sightings are what
 * threads analysed ahead of the slowest one.
 */
import { formatTs } from '../../records/format';
import type { VulnerabilityRecord } from '../../records/types';
import { MinHeap } from '../min-heap';
import { FindingMemory } from './dedupe';

/**
 * One sighting: its de-duplication key (./dedupe findingKey), when it was analysed and when its
 * request started (µs), and its record when the sending thread would report it (null otherwise).
 * A worker thread sends the record as its JSON text (node/workers/worker-main.ts: a string crosses
 * to the capture thread as one copy, an object field by field, and all but a few sightings are
 * duplicates whose record is never read); `RecordText` is that text with the endpoint template the
 * capture thread's templater gave it. Either is parsed only when the record is reported or breaks a
 * tie in the order (`recordOf`).
 */
export type FindingSighting = [
  key: string,
  analysisUs: number,
  startUs: number,
  record: VulnerabilityRecord | RecordText | string | null,
];

/** A record's JSON text and the endpoint template it is reported under (null: as in the text). */
export class RecordText {
  private parsed: VulnerabilityRecord | null = null;

  constructor(
    readonly text: string,
    readonly template: string | null,
  ) {}

  get record(): VulnerabilityRecord {
    if (this.parsed !== null) return this.parsed;
    const r = JSON.parse(this.text) as VulnerabilityRecord;
    // In place: the endpoint keeps its position among the record's keys, as a spread would.
    if (this.template !== null && r.endpoint !== undefined) r.endpoint = { method: r.endpoint.method, template: this.template };
    return (this.parsed = r);
  }
}

/** A sighting's record as an object (parsed from its text when it came as text), or null. */
export function recordOf(r: FindingSighting[3]): VulnerabilityRecord | null {
  if (r === null || (typeof r === 'object' && !(r instanceof RecordText))) return r;
  return typeof r === 'string' ? (JSON.parse(r) as VulnerabilityRecord) : r.record;
}

export interface VulnerabilityMergeCounters {
  /** Findings reported (re-reports included). */
  vulnerabilities: number;
  vulnerabilitiesRereported: number;
  /** Distinct findings forgotten because max_vulnerabilities was reached (may be reported again). */
  dedupeEvicted: number;
  /**
   * Findings to report of which no thread sent the record: the merged memory had forgotten a key
   * (max_vulnerabilities) that the seeing thread still remembered. Not reported.
   */
  vulnerabilitiesWithoutRecord: number;
  /** The most sightings held at once, waiting for slower threads. */
  findingSightingsHeldPeak: number;
}

function flowText(r: VulnerabilityRecord): string {
  const f = r.flow;
  return f === undefined ? '' : `${f.src} ${f.dst} ${f.vlan?.join('.') ?? ''} ${f.vni ?? ''}`;
}

/**
 * The counters of what was reported, for the summary and metrics: the merge's decisions, and
 * `duplicates` every sighting (the threads' detectors counted them all) not reported.
 */
export function reportedCounters(
  detectors: { vulnerabilities: number; duplicates: number },
  merge: VulnerabilityMerge,
): VulnerabilityMergeCounters & { duplicates: number } {
  const c = merge.counters;
  return {
    ...c,
    duplicates: detectors.vulnerabilities + detectors.duplicates - c.vulnerabilities - c.vulnerabilitiesWithoutRecord,
  };
}

/** The order sightings are decided in: analysis time, request start, then content. */
export function compareSightings(a: FindingSighting, b: FindingSighting): number {
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] < b[2] ? -1 : 1;
  if (a[3] === null || b[3] === null) return a[3] === b[3] ? 0 : a[3] === null ? 1 : -1;
  const ra = recordOf(a[3])!;
  const rb = recordOf(b[3])!;
  const fa = flowText(ra);
  const fb = flowText(rb);
  if (fa !== fb) return fa < fb ? -1 : 1;
  if (ra.evidence !== rb.evidence) return ra.evidence < rb.evidence ? -1 : 1;
  const ja = JSON.stringify(ra);
  const jb = JSON.stringify(rb);
  return ja === jb ? 0 : ja < jb ? -1 : 1;
}

export class VulnerabilityMerge {
  readonly counters: VulnerabilityMergeCounters = {
    vulnerabilities: 0,
    vulnerabilitiesRereported: 0,
    dedupeEvicted: 0,
    vulnerabilitiesWithoutRecord: 0,
    findingSightingsHeldPeak: 0,
  };
  private readonly memory: FindingMemory;
  /** Held sightings, earliest (compareSightings) first. */
  private readonly heap = new MinHeap<FindingSighting>(compareSightings);

  constructor(maxRemembered: number, rereportAfterUs: number) {
    this.memory = new FindingMemory(maxRemembered, rereportAfterUs);
  }

  get held(): number {
    return this.heap.size;
  }

  push(s: FindingSighting): void {
    this.heap.push(s);
    if (this.heap.size > this.counters.findingSightingsHeldPeak) this.counters.findingSightingsHeldPeak = this.heap.size;
  }

  /**
   * Decides every held sighting analysed before `watermark` (strictly: more of that instant may
   * come; Infinity releases all), in order; `emit` gets the records to report.
   */
  release(watermark: number, emit: (r: VulnerabilityRecord) => void): void {
    const h = this.heap;
    while (h.size > 0 && (h.peek()![1] < watermark || watermark === Infinity)) this.decide(h.pop(), emit);
  }

  private decide([key, , startUs, record]: FindingSighting, emit: (r: VulnerabilityRecord) => void): void {
    const evictedBefore = this.memory.evicted;
    const seen = this.memory.observe(key, startUs);
    this.counters.dedupeEvicted += this.memory.evicted - evictedBefore;
    if (!seen.report) return;
    if (record === null) {
      this.counters.vulnerabilitiesWithoutRecord++;
      return;
    }
    this.counters.vulnerabilities++;
    if (seen.previousSeenUs !== null) this.counters.vulnerabilitiesRereported++;
    emit(withPreviousSeen(recordOf(record)!, seen.previousSeenUs === null ? undefined : formatTs(seen.previousSeenUs)));
  }
}

/** The record with `previous_seen` as decided here (the sender's own decision replaced), right after first_seen. */
function withPreviousSeen(r: VulnerabilityRecord, previous: string | undefined): VulnerabilityRecord {
  if (r.previous_seen === previous) return r;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'previous_seen') continue;
    out[k] = v;
    if (k === 'first_seen' && previous !== undefined) out.previous_seen = previous;
  }
  return out as unknown as VulnerabilityRecord;
}
