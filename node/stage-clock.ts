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
 * core. Node's per-thread CPU clock (process.threadCpuUsage, node 22) moves in scheduler ticks
 * (milliseconds) and costs ~2 µs a read, too coarse and too dear per frame; it is read when the
 * figures are (`seconds()`, every second or so), and when the stages' estimate for the interval
 * exceeds the CPU time the thread had in it (it waited for a core inside timed frames), the
 * interval's figures are scaled down to that CPU time. On node 20 (no thread clock) they stay wall
 * time (docs/operations.md, "Time per stage").
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The stages, in pipeline order; `Stage` values index them. */
export const STAGES = [
  'capture',
  'decode',
  'handoff',
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
  handoff: 2,
  reassembly: 3,
  http: 4,
  attacks: 5,
  discovery: 6,
  vulnerabilities: 7,
  sessions: 8,
  output: 9,
} as const satisfies Record<StageName, number>;

/** Mean frames per sampled frame. */
export const SAMPLE_EVERY = 64;
const CAPTURE_GAP_MS = 1;
/**
 * A timed frame longer than this is left out (not counted as sampled): the thread was most likely
 * descheduled inside it, and scaled by ~64 one such wait would swamp a stage. Frames that really
 * take longer (a large body decompressed, a garbage collection) are then represented by the others.
 */
const MAX_FRAME_MS = 2;
/** The thread's CPU clock moves in ticks of up to 4-10 ms: shorter intervals are not fitted to it. */
const MIN_FIT_CPU_MS = 50;
/** Not inside a sampled frame: transitions are not timed. */
const UNTIMED = -1;

type ThreadCpu = () => { user: number; system: number };
const threadCpuUsage = (process as unknown as { threadCpuUsage?: ThreadCpu }).threadCpuUsage?.bind(process) ?? null;
/** Linux's clock ticks per second (USER_HZ), the unit of /proc's utime and stime: 100 on every Linux ABI node runs on. */
const USER_HZ = 100;
/**
 * This thread's CPU time in ms: node 22's process.threadCpuUsage, else (node 20) Linux's
 * /proc/thread-self/stat (utime + stime, in 10 ms ticks; ~10-20 µs a read, read only when the
 * figures are), else NaN.
 */
export function threadCpuMs(): number {
  if (threadCpuUsage !== null) {
    const u = threadCpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

export class StageClock {
  /** Milliseconds measured per stage on sampled frames since the last settlement (unscaled). */
  private readonly sampledMs = new Float64Array(STAGES.length);
  /** The current timed frame's ms per stage, added to sampledMs at its end unless it was too long. */
  private readonly frameMs = new Float64Array(STAGES.length);
  private frameWall0 = 0;
  /** Timed frames left out for taking longer than MAX_FRAME_MS. */
  framesLeftOut = 0;
  /** Estimated ms per stage settled by `seconds()` (scaled to the thread's CPU time where known). */
  private readonly settledMs = new Float64Array(STAGES.length);
  /** Frames and sampled frames at the last settlement, and the thread's CPU time then (ms). */
  private settledFrames = 0;
  private settledSampled = 0;
  private settledCpu: number;
  /** Milliseconds measured outside frames (`add`) since the last settlement: counted as they are, not scaled. */
  private readonly directMs = new Float64Array(STAGES.length);
  /** The stage that gets the thread's CPU time no other stage accounts for (`residual`), or UNTIMED. */
  private residualStage: number = UNTIMED;
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
  ) {
    this.settledCpu = enabled ? clocks.cpu() : Number.NaN;
  }

  /** A frame begins; returns whether it is timed (then frameEnd must follow). */
  frameStart(): boolean {
    if (!this.enabled) return false;
    this.frames++;
    if (this.gapFrom !== 0) this.endGap();
    // A frame that threw before its frameEnd leaves no stage running into untimed frames.
    this.current = UNTIMED;
    if (--this.countdown > 0) return false;
    this.countdown = this.nextInterval();
    this.sampledFrames++;
    this.current = Stage.decode;
    this.last = this.frameWall0 = this.clocks.wall();
    return true;
  }

  /** The end of a timed frame. */
  frameEnd(): void {
    const now = this.clocks.wall();
    if (this.current !== UNTIMED) this.frameMs[this.current] += now - this.last;
    this.current = UNTIMED;
    const keep = now - this.frameWall0 <= MAX_FRAME_MS;
    if (!keep) {
      this.sampledFrames--;
      this.framesLeftOut++;
    }
    for (let i = 0; i < STAGES.length; i++) {
      if (keep) this.sampledMs[i] += this.frameMs[i];
      this.frameMs[i] = 0;
    }
    this.gapFrom = now;
  }

  /** The capture source's time between a sampled frame and the next frame, when it did not wait for traffic. */
  private endGap(): void {
    const gap = this.clocks.wall() - this.gapFrom;
    if (gap < CAPTURE_GAP_MS) this.sampledMs[Stage.capture] += gap;
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

  /** Work outside frames, timed whole by the caller (the capture thread's merges and record writes): `ms` more for `stage`. */
  add(stage: number, ms: number): void {
    if (this.enabled) this.directMs[stage] += ms;
  }

  /**
   * From now on `stage` also gets what the thread's CPU clock shows beyond every stage's estimate
   * at each settlement: work done outside the timed frames and outside `add` — on the capture
   * thread of a worker pool, libpcap filling its buffer, the event loop taking the workers' replies.
   */
  residual(stage: number): this {
    this.residualStage = stage;
    return this;
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

  /**
   * Estimated seconds per stage since the start. Settles the interval since the last call: its
   * sampled times scaled by its frames / sampled frames, then down to the thread's CPU time in
   * the interval when they exceed it.
   */
  seconds(final = false): Record<StageName, number> {
    if (this.enabled) this.settle(final);
    const out = {} as Record<StageName, number>;
    for (let i = 0; i < STAGES.length; i++) out[STAGES[i]] = this.settledMs[i] / 1000;
    return out;
  }

  /** `final`: the last reading (end of input): a short interval is settled too, not left for a next one. */
  private settle(final: boolean): void {
    const frames = this.frames - this.settledFrames;
    const sampled = this.sampledFrames - this.settledSampled;
    const cpu = this.clocks.cpu();
    const cpuMs = cpu - this.settledCpu;
    // The settled time stays on the CPU time of the intervals the thread clock could measure:
    // an interval too short to fit (MIN_FIT_CPU_MS) is settled with the next one.
    if (this.residualStage !== UNTIMED && cpuMs < MIN_FIT_CPU_MS && !final) return;
    let sum = 0;
    for (let i = 0; i < STAGES.length; i++) sum += this.directMs[i];
    const scale = sampled > 0 ? frames / sampled : 0;
    for (let i = 0; i < STAGES.length; i++) sum += this.sampledMs[i] * scale;
    // NaN (no thread clock) compares false: wall time as it is. The thread clock moves in
    // scheduler ticks: an interval of less than MIN_FIT_CPU_MS is not scaled.
    const fit = sum > cpuMs && cpuMs >= MIN_FIT_CPU_MS ? cpuMs / sum : 1;
    for (let i = 0; i < STAGES.length; i++) this.settledMs[i] += (this.sampledMs[i] * scale + this.directMs[i]) * fit;
    if (this.residualStage !== UNTIMED && cpuMs > sum) this.settledMs[this.residualStage] += cpuMs - sum;
    this.sampledMs.fill(0);
    this.directMs.fill(0);
    this.settledFrames = this.frames;
    this.settledSampled = this.sampledFrames;
    this.settledCpu = cpu;
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
