/**
 * Where an analysis thread's time goes, per stage of the pipeline (docs/operations.md, "Time per
 * stage"): cheap enough to leave on. Reading the clock costs ~50-200 ns here, as much as decoding a
 * frame, so it is read only inside sampled frames: about one frame in `SAMPLE_EVERY` (a random
 * interval, so periodic traffic does not line up with it) is timed from its first byte to its
 * last record, every stage boundary inside it is read, and each stage's sum is scaled by frames /
 * sampled frames. A frame completes at most a few transactions, so the analyses' shares come from
 * the transactions that sampled frames complete. `capture` is the time between a sampled frame and
 * the next one (the capture source reading its next record), counted only when shorter than
 * `CAPTURE_GAP_MS` (longer: the source waited for traffic, which is no work).
 *
 * The stage boundaries are read on the wall clock, which also runs while the thread waits for a
 * core; where node has a per-thread CPU clock (process.threadCpuUsage: node 22, the shipped
 * runtime), each sampled frame's stage times are scaled by its CPU time / wall time, so the
 * figures are CPU seconds; on node 20 they are wall seconds (docs/operations.md).
 */
import { performance } from 'node:perf_hooks';

/** The stages, in pipeline order; `Stage` values index them. */
export const STAGES = [
  'capture',
  'decode',
  'reassembly',
  'http',
  'attacks',
  'discovery',
  'vulnerabilities',
  'sessions',
  'output',
] as const;
export type StageName = (typeof STAGES)[number];

/** Stage numbers (indexes into STAGES). */
export const Stage = {
  capture: 0,
  decode: 1,
  reassembly: 2,
  http: 3,
  attacks: 4,
  discovery: 5,
  vulnerabilities: 6,
  sessions: 7,
  output: 8,
} as const satisfies Record<StageName, number>;

/** Mean frames per sampled frame. */
export const SAMPLE_EVERY = 64;
const CAPTURE_GAP_MS = 1;
/** Not inside a sampled frame: transitions are not timed. */
const UNTIMED = -1;

type ThreadCpu = () => { user: number; system: number };
const threadCpuUsage = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage?.bind(process) ?? null;
/** This thread's CPU time in ms, or NaN where node has no per-thread clock. */
function threadCpuMs(): number {
  if (threadCpuUsage === null) return Number.NaN;
  const u = threadCpuUsage();
  return (u.user + u.system) / 1000;
}

export class StageClock {
  /** Milliseconds measured per stage on sampled frames (unscaled; `seconds()` scales). */
  private readonly sampledMs = new Float64Array(STAGES.length);
  /** The current sampled frame's wall milliseconds per stage, until frameEnd scales them to CPU time. */
  private readonly frameMs = new Float64Array(STAGES.length);
  private frameWall0 = 0;
  private frameCpu0 = 0;
  private gapCpu0 = 0;
  /** Frames seen, and how many of them were timed. */
  frames = 0;
  sampledFrames = 0;
  /** The stage the thread is in while a sampled frame runs; UNTIMED otherwise. */
  private current: number = UNTIMED;
  private last = 0;
  /** Frames until the next sampled one. */
  private countdown = 1;
  /** End of the last sampled frame, to time the capture gap after it (0: none pending). */
  private gapFrom = 0;
  private seed = 0x9e3779b9;

  /**
   * Disabled: every call returns at once (benches that want no clock reads). `clocks`: the wall
   * clock and this thread's CPU clock, in ms (tests give their own).
   */
  constructor(
    readonly enabled = true,
    private readonly clocks: { wall: () => number; cpu: () => number } = { wall: () => performance.now(), cpu: threadCpuMs },
  ) {}

  /** A frame begins; returns whether it is timed (then frameEnd must follow). */
  frameStart(): boolean {
    if (!this.enabled) return false;
    this.frames++;
    if (this.gapFrom !== 0) this.endGap();
    if (--this.countdown > 0) return false;
    this.countdown = this.nextInterval();
    this.sampledFrames++;
    this.current = Stage.decode;
    this.frameCpu0 = this.clocks.cpu();
    this.last = this.frameWall0 = this.clocks.wall();
    return true;
  }

  /** The end of a timed frame: its stage times, as CPU time where the thread's CPU clock is known. */
  frameEnd(): void {
    const now = this.clocks.wall();
    const cpu = this.clocks.cpu();
    if (this.current !== UNTIMED) this.frameMs[this.current] += now - this.last;
    this.current = UNTIMED;
    const wall = now - this.frameWall0;
    // No per-thread clock (NaN), or a frame too short to read: wall time as it is.
    const scale = cpu >= this.frameCpu0 && wall > 0 ? (cpu - this.frameCpu0) / wall : 1;
    for (let i = 0; i < this.frameMs.length; i++) {
      this.sampledMs[i] += this.frameMs[i] * scale;
      this.frameMs[i] = 0;
    }
    this.gapFrom = now;
    this.gapCpu0 = cpu;
  }

  /** The capture source's time between a sampled frame and the next frame, when it did not wait for traffic. */
  private endGap(): void {
    const now = this.clocks.wall();
    const gap = now - this.gapFrom;
    if (gap < CAPTURE_GAP_MS) {
      const cpu = this.clocks.cpu() - this.gapCpu0;
      this.sampledMs[Stage.capture] += cpu >= 0 ? cpu : gap;
    }
    this.gapFrom = 0;
  }

  /** Enters `stage`; returns the stage to give back to `leave`. Free outside sampled frames. */
  enter(stage: number): number {
    const prev = this.current;
    if (prev === UNTIMED || prev === stage) return prev;
    const now = this.clocks.wall();
    this.frameMs[prev] += now - this.last;
    this.last = now;
    this.current = stage;
    return prev;
  }

  /** Back to the stage `enter` returned. */
  leave(prev: number): void {
    const cur = this.current;
    if (cur === UNTIMED || cur === prev) return;
    const now = this.clocks.wall();
    this.frameMs[cur] += now - this.last;
    this.last = now;
    this.current = prev;
  }

  /** Estimated seconds per stage since the start: sampled time scaled by frames / sampled frames. */
  seconds(): Record<StageName, number> {
    const scale = this.sampledFrames === 0 ? 0 : this.frames / this.sampledFrames / 1000;
    const out = {} as Record<StageName, number>;
    for (let i = 0; i < STAGES.length; i++) out[STAGES[i]] = this.sampledMs[i] * scale;
    return out;
  }

  /** A random interval with mean SAMPLE_EVERY (1 .. 2*SAMPLE_EVERY-1; xorshift32). */
  private nextInterval(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return 1 + (this.seed % (2 * SAMPLE_EVERY - 1));
  }
}

/** The clock of code built without one: disabled. */
export const NO_CLOCK = new StageClock(false);
