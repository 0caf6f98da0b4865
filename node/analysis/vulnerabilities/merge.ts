/**
 * De-duplication of findings across analysis threads: each worker thread de-duplicates its own
 * findings (./detector) and sends the new ones with their key (./dedupe findingKey); the capture
 * thread reports a key once, whichever worker found it first. The memory holds `maxRemembered` keys,
 * oldest forgotten first (counted: such a finding may be reported again), like a detector's.
 */
import type { VulnerabilityRecord } from '../../records/types';

export interface VulnerabilityMergeCounters {
  /** Findings reported by one worker that another had already reported. */
  duplicatesAcrossWorkers: number;
  dedupeEvictedAcrossWorkers: number;
}

export class VulnerabilityMerge {
  readonly counters: VulnerabilityMergeCounters = { duplicatesAcrossWorkers: 0, dedupeEvictedAcrossWorkers: 0 };
  private readonly seen = new Set<string>();

  constructor(private readonly maxRemembered: number) {}

  /**
   * The record to report, or null when the key was reported already. A worker's re-report
   * (`previous_seen`: quiet on that worker for `vulnerability_rereport_after`) is passed on.
   */
  add(key: string, record: VulnerabilityRecord): VulnerabilityRecord | null {
    if (this.seen.has(key) && record.previous_seen === undefined) {
      this.counters.duplicatesAcrossWorkers++;
      return null;
    }
    if (this.seen.size >= this.maxRemembered) {
      this.seen.delete(this.seen.values().next().value as string);
      this.counters.dedupeEvictedAcrossWorkers++;
    }
    this.seen.add(key);
    return record;
  }
}
