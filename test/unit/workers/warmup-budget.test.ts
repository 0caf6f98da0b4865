/**
 * A live worker's warm-up lasts http_inspector.warmup_ms of its own CPU time, at most twice that
 * of wall time (node/workers/warmup-budget.ts): on shared cores 2 s of wall time left most of the
 * analysis code to be compiled while the traffic came (docs/performance.md "Compilation,
 * deoptimisation and GC (branch i22-jit)"); four times made a service restart on a loaded box
 * take 10.5-11 s without fewer drops at 1600 Mbit/s ("Sustained rates (branch i22-live2)").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WARMUP_MAX_ROUNDS, WARMUP_WALL_FACTOR, warmupDone } from '../../../node/workers/warmup-budget';

test('the warm-up counts the worker CPU time: 2 s of wall time with 0.5 s of CPU is not enough', () => {
  assert.equal(warmupDone(40, 2000, 500, 2000), false, 'a worker given a quarter of a core goes on');
  assert.equal(warmupDone(160, 2010, 2000, 2000), true, 'a worker with a core to itself stops on time');
  assert.equal(warmupDone(100, 3999, 1999, 2000), false);
  assert.equal(warmupDone(101, 3999, 2000, 2000), true);
});

test('a starved worker stops at twice the budget of wall time, or after the most rounds', () => {
  assert.equal(WARMUP_WALL_FACTOR, 2);
  assert.equal(warmupDone(30, 3999, 300, 2000), false);
  assert.equal(warmupDone(30, 4000, 300, 2000), true, 'a service restart on a starved box: 4 s of warm-up, not 8');
  assert.equal(warmupDone(WARMUP_MAX_ROUNDS - 1, 100, 100, 2000), false);
  assert.equal(warmupDone(WARMUP_MAX_ROUNDS, 100, 100, 2000), true);
});

test('without a thread CPU clock (NaN) the wall time counts, as before; 0 is no warm-up', () => {
  assert.equal(warmupDone(10, 1999, Number.NaN, 2000), false);
  assert.equal(warmupDone(10, 2000, Number.NaN, 2000), true);
  assert.equal(warmupDone(0, 0, 0, 0), true);
});
