/**
 * When a live worker's warm-up (node/workers/worker-main.ts warmUp) has run long enough:
 * http_inspector.warmup_ms of the worker's own CPU time, not of wall time. On a machine whose
 * cores are shared (the other worker, V8's compiler threads, the capture thread, other processes)
 * 2 s of wall time gave each worker a fraction of that on a core: at load 17-22 on the 2-core
 * development box the warm-up compiled 77-186 functions where a long one compiles ~650-790, and
 * the rest were compiled while the traffic came (docs/performance.md "Compilation, deoptimisation
 * and GC (branch i22-jit)"). Wall time stays bounded: WALL_FACTOR times warmup_ms at most, so a
 * start-up on a starved machine still ends; where the thread's CPU time is unknown (NaN), wall
 * time alone counts, as before. Twice, not four times: at load 21 a service started without
 * priority took 10.5-11.1 s to start with 4x and 6.2-7.2 s with 2x, while at the bench's priority
 * the cap rarely binds (start-up 3.8-5.6 s either way) and 2x lost nothing at 1600 Mbit/s (zero
 * drops in 7 of 7 attempts each, burst and sustained; as many compilations during the traffic):
 * docs/performance.md "Sustained rates (branch i22-live2)".
 */
export const WARMUP_WALL_FACTOR = 2;

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
