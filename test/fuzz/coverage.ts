/**
 * Block coverage of the product code (node/) from V8's precise coverage, read in-process through
 * the inspector. This is the feedback of the in-repo engine (`npm run fuzz -- --engine builtin`),
 * which needs no native addon; the default engine is Jazzer.js (test/fuzz/jazzer/).
 */
import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: Array<{ ranges: CoverageRange[] }>;
}

/** Hit counts are bucketed like libFuzzer's: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+. */
function bucket(count: number): number {
  if (count <= 3) return count;
  if (count < 8) return 4;
  if (count < 16) return 5;
  if (count < 32) return 6;
  if (count < 128) return 7;
  return 8;
}

/**
 * One session for the process, started when this module loads (before the targets' code compiles)
 * and never stopped: V8 does not re-instrument functions compiled while coverage was off, so a
 * second start would see whole functions only.
 */
let shared: Session | null = null;

function post(session: Session, method: string, params?: object): unknown {
  // The in-process inspector session answers synchronously.
  let out: unknown;
  let failure: Error | null = null;
  session.post(method, params ?? {}, (err, res) => {
    failure = err;
    out = res;
  });
  if (failure) throw failure;
  return out;
}

function sharedSession(): Session {
  if (shared === null) {
    shared = new Session();
    shared.connect();
    post(shared, 'Profiler.enable');
    post(shared, 'Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }
  return shared;
}
sharedSession();

export class CoverageTracker {
  private readonly session = sharedSession();
  private readonly prefix = pathToFileURL(resolve(__dirname, '../../node')).href + '/';
  /** Every (script, block, bucket) feature seen so far. */
  private readonly seen = new Set<string>();
  /** Distinct blocks (without buckets) ever hit, for reporting. */
  private readonly blocks = new Set<string>();
  /** Every block range V8 ever reported inside each function (as not run, or run a different number of times). */
  private readonly knownRanges = new Map<string, Set<string>>();

  /** Starts from zero: counts accumulated before (another target's run) are dropped. */
  constructor() {
    this.post('Profiler.takePreciseCoverage');
  }

  /**
   * Counts since the last call are read and reset; returns how many features were new.
   * blocksOnly: only never-hit blocks count and nothing is recorded (a batch of inputs sums its
   * hit counts, which no single input reproduces).
   */
  collect(blocksOnly = false): number {
    const result = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    let fresh = 0;
    const visit = (block: string, count: number): void => {
      if (blocksOnly) {
        if (!this.blocks.has(block)) fresh++;
        return;
      }
      const feature = `${block}:${bucket(count)}`;
      if (this.seen.has(feature)) return;
      this.seen.add(feature);
      this.blocks.add(block);
      fresh++;
    };
    for (const script of result.result) {
      if (!script.url.startsWith(this.prefix)) continue;
      for (const fn of script.functions) {
        const whole = fn.ranges[0];
        if (whole === undefined || whole.count === 0) continue;
        // V8 omits a block whose count equals its parent's, so a block that ran is either listed
        // with its own count or missing: a known block missing from a run function ran too.
        const fnKey = `${script.scriptId}:${whole.startOffset}`;
        let known = this.knownRanges.get(fnKey);
        if (known === undefined) this.knownRanges.set(fnKey, (known = new Set()));
        const listed = new Set<string>();
        visit(`${fnKey}:${whole.endOffset}`, whole.count);
        for (let i = 1; i < fn.ranges.length; i++) {
          const r = fn.ranges[i];
          const block = `${script.scriptId}:${r.startOffset}:${r.endOffset}`;
          known.add(block);
          listed.add(block);
          if (r.count > 0) visit(block, r.count);
        }
        for (const block of known) if (!listed.has(block)) visit(block, whole.count);
      }
    }
    return fresh;
  }

  get features(): number {
    return this.seen.size;
  }

  get coveredBlocks(): number {
    return this.blocks.size;
  }

  private post(method: string, params?: object): unknown {
    return post(this.session, method, params);
  }
}
