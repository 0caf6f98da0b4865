/**
 * When a live worker's warm-up (node/workers/worker-main.ts warmUp) has run long enough:
 * http_inspector.warmup_ms of the worker's own CPU time, not of wall time. On a machine whose
 * cores are shared (the other worker, V8's compiler threads, the capture thread, other processes)
 * 2 s of wall time gave each worker a fraction of that on a core: at load 17-22 on the 2-core
 * development box the warm-up compiled 77-186 functions where a long one compiles ~650-790, and
 * the rest were compiled while the traffic came (docs/performance.md "Compilation, deoptimisation
 * and GC (branch i22-jit)"). Wall time stays bounded: WALL_FACTOR times warmup_ms at most, so a
 * start-up on a starved machine still ends; where the thread's CPU time is unknown (NaN), wall
 * time alone counts, as before.
 */
export const WARMUP_WALL_FACTOR = 4;

/** Rounds of the warm-up traffic at most, whatever the time (each round is a fresh pipeline). */
export const WARMUP_MAX_ROUNDS = 2000;

/**
 * Whether the warm-up is over after `rounds` rounds, `wallMs` of wall time and `cpuMs` of this
 * thread's CPU time since it began (NaN: unknown), for a budget of `warmupMs`.
 */
export function warmupDone(rounds: number, wallMs: number, cpuMs: number, warmupMs: number): boolean {
  if (rounds >= WARMUP_MAX_ROUNDS || wallMs >= warmupMs * WARMUP_WALL_FACTOR) return true;
  return Number.isNaN(cpuMs) ? wallMs >= warmupMs : cpuMs >= warmupMs;
}
