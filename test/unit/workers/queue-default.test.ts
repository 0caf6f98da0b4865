/**
 * The live queue's default bound (http_inspector.queue_batches, node/workers/pool.ts
 * DEFAULT_MAX_BATCHES): a node started under 1600 Mbit/s of the bench mix on the 2-core development
 * box queued 70-96 batches per worker in its first two seconds, while its workers caught up, and
 * then drained while the traffic went on; with 64 batches (new connections shed from 48) it shed
 * 500-1 400 connections in every attempt (docs/performance.md "Results (branch i22-live, fourth
 * session)"). The config's default and the pool's own must be the same bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, loadConfigText } from '../../../node/config/load';
import { DEFAULT_MAX_BATCHES } from '../../../node/workers/pool';

test('the default queue is 128 batches per worker, in the config and in the pool: new connections are shed from 96', () => {
  assert.equal(defaultConfig().workerQueueBatches, 128);
  assert.equal(DEFAULT_MAX_BATCHES, defaultConfig().workerQueueBatches);
  // The high-water mark stays three quarters of the queue (docs/configuration.md drop_on_overload).
  assert.equal(Math.ceil((DEFAULT_MAX_BATCHES * 3) / 4), 96);
});

test('queue_batches set in the config is kept as written (the default does not override it)', () => {
  for (const n of [1, 16, 64, 1024]) {
    const r = loadConfigText(`mode: tcp-capture\nhttp_inspector:\n  queue_batches: ${n}\n`, '');
    assert.ok('config' in r, JSON.stringify(r));
    assert.equal(r.config.workerQueueBatches, n);
  }
});
