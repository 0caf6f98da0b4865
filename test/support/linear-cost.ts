/**
 * Cost assertions that do not depend on how busy the machine is (docs/testing.md, "Timing in
 * tests"). A unit test never compares a duration with a fixed number of milliseconds: on a loaded
 * CI machine a linear pattern can take ten times its usual wall time. What such a test means to
 * prove is that the cost grows with the input no faster than linearly, so that is what is asserted:
 * the same work on an input sixteen times as large costs about sixteen times as much CPU, and
 * never more than 64 times (a quadratic pattern costs 256 times, a catastrophic one never
 * finishes). The factor of four each way leaves room for noise: a busy core can make one run
 * slower (a collection, a sibling hyperthread at work) but cannot make the cheap side look cheaper.
 *
 * - CPU time (user + system), not wall time: time spent waiting for a core is not counted.
 * - Below FLOOR_MS of CPU time on the full-size input nothing is measured further: no super-linear
 *   pass over the 50k-character inputs these tests use costs that little (n^2 / 2 is over 10^9
 *   steps), and a ratio of tiny times is noise.
 * - Above it, the sizes are interleaved (small, full, small, full...) and the cheapest run of
 *   each is compared: load only ever adds time, so the minimum is the best estimate of the cost.
 *   If the cheapest full-size run is under FLOOR_MS after all, the first was slow by accident.
 */

/** CPU time (user + system, this process) that `fn` took, in ms. */
export function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Full-size inputs cheaper than this (CPU ms) are linear enough: see the module comment. */
export const FLOOR_MS = 20;
/** How much smaller the small input is. */
export const SCALE = 16;
/** Cost ratio (full size / small size) above which the cost is super-linear: 16 is linear, 256 quadratic. */
export const MAX_RATIO = 64;
/** Runs of each size when the cost is measured. */
const RUNS = 3;

export interface Cost {
  /** Cheapest CPU ms on the full-size input. */
  fullMs: number;
  /** Cheapest CPU ms on the small input, size / SCALE (NaN when the full size was under FLOOR_MS). */
  smallMs: number;
  /** fullMs / smallMs, or NaN when not measured. */
  ratio: number;
}

/**
 * Measures `run` on `make(size)` and, when that is not trivially cheap, on `make(size / SCALE)`.
 * `make` is called before every run and is not timed, so each run gets a fresh input (and any
 * object that could remember an earlier run, e.g. a detector with caches).
 */
export function linearCost<T>(size: number, make: (size: number) => T, run: (input: T) => void): Cost {
  const timed = (n: number): number => {
    const input = make(n);
    return cpuMs(() => run(input));
  };
  let fullMs = timed(size);
  if (fullMs < FLOOR_MS) return { fullMs, smallMs: Number.NaN, ratio: Number.NaN };
  let smallMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    smallMs = Math.min(smallMs, timed(Math.floor(size / SCALE)));
    if (i > 0) fullMs = Math.min(fullMs, timed(size));
  }
  if (fullMs < FLOOR_MS) return { fullMs, smallMs, ratio: Number.NaN };
  return { fullMs, smallMs, ratio: fullMs / Math.max(smallMs, 0.001) };
}

/** A message when the cost grows faster than linearly, else null (for collecting offenders). */
export function superLinear(cost: Cost): string | null {
  if (!(cost.ratio > MAX_RATIO)) return null;
  return `cost x${cost.ratio.toFixed(1)} for x${SCALE} input (${cost.smallMs.toFixed(1)} -> ${cost.fullMs.toFixed(1)} CPU ms)`;
}
