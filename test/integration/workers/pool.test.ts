/**
 * WorkerPool in 'drop' mode (the live service): when frames come faster than the workers take
 * them, the queue of each worker stays at its bound and the rest is shed by whole connections
 * (drop_on_overload; exactness under overload: overload.test.ts) and counted, never queued without
 * limit; what was queued is still analysed at finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../node/config/load';
import type { NodeRecord } from '../../../node/records/types';
import { WAIT_AHEAD_BATCHES, WorkerPool, type PoolSink } from '../../../node/workers/pool';
import { interleave } from '../../../node/sample/conversation';
import { lorem } from '../../../node/sample/http-exchange';
import { renderConversation } from '../../../node/sample/scenarios';

/** `count` connections from 192.0.2.x, each a POST of `bytes` to `target` + its number, interleaved. */
function posts(count: number, bytes: number, server: string, firstPort: number, target: string) {
  return interleave(
    Array.from(
      { length: count },
      (_, i) =>
        renderConversation({
          opts: { client: `192.0.2.${i + 1}`, server, clientPort: firstPort + i, serverPort: 80, seed: i },
          exchanges: [{ method: 'POST', target: `${target}${i}`, requestBody: lorem(bytes, i), responseBody: 'ok' }],
        }).packets,
    ),
  );
}

/** 24 connections, each a POST of 150 KB: about 3.6 MB of frames. */
const packets = posts(24, 150_000, '198.51.100.5', 41000, '/upload/');

/** A pool sink that takes the workers' lines back to records. */
function linesParsedInto(records: NodeRecord[]): PoolSink {
  return {
    write: (r) => records.push(r),
    writeLineRun: (type, lines) => {
      assert.ok(lines.endsWith('\n'));
      for (const line of lines.slice(0, -1).split('\n')) {
        const r = JSON.parse(line) as NodeRecord;
        assert.equal(r.type, type);
        records.push(r);
      }
    },
  };
}

test('drop mode: a burst beyond the queue bound is shed and counted, the backlog stays bounded, no crash', async () => {
  const records: NodeRecord[] = [];
  const failures: Error[] = [];
  const pool = new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(['transaction']),
    sink: linesParsedInto(records),
    overload: 'drop',
    maxBatches: 1,
    live: true,
    onFailure: (e) => failures.push(e),
  });
  await pool.started;
  // One synchronous burst: no batch can come back before it ends (the event loop does not turn),
  // exactly like frames arriving faster than the workers analyse them.
  for (const p of packets) pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  const lanes = pool.laneStats();
  assert.ok(
    lanes.every((l) => l.backlogBatches <= 1),
    JSON.stringify(lanes),
  );
  // Every connection began before any queue filled: they are cut at the bound, not shed at their SYN.
  const shed = pool.counters.shed;
  assert.ok(shed.connections.queue_full > 0 && shed.frames > 0, 'a 3.6 MB burst into two 1-batch queues must shed');
  assert.equal(shed.connections.backlog, 0);
  assert.equal(
    shed.frames,
    lanes.reduce((n, l) => n + l.shed.frames, 0),
  );
  // Every frame shed here was lost to a full queue: a cut connection's frame and its later ones.
  assert.equal(pool.counters.queueDrops, shed.frames, 'frames lost to the full queues are queue drops');
  const c = await pool.finish();
  assert.deepEqual(failures, []);
  assert.equal(c.decode.segments, packets.length);
  // Every segment was either analysed by a worker or shed, none twice.
  assert.equal(c.reassembly.packets + shed.frames, packets.length);
  assert.equal(c.reassembly.closedShed, shed.connections.queue_full, 'each cut connection forgotten by its worker');
  assert.deepEqual(pool.counters, { queueDrops: shed.frames, shed, backlogBatches: 0, backlogBytes: 0 });
  assert.equal(records.filter((r) => r.type === 'transaction').length, c.analyzer.transactions);
});

test('wait mode (pcap_file, replay) with the same bound drops nothing', async () => {
  const pool = new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(['transaction']),
    sink: { write: () => {}, writeLineRun: () => {} },
    overload: 'wait',
    maxBatches: 1,
    live: true,
  });
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i];
    pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
    if (i % 50 === 49) {
      pool.flush();
      await pool.ready();
    }
  }
  const c = await pool.finish();
  assert.equal(pool.counters.queueDrops, 0);
  assert.equal(pool.counters.shed.frames, 0);
  assert.equal(c.reassembly.packets, packets.length);
  assert.equal(c.analyzer.transactions, 24);
});

/** Runs `check`; when it throws, stops the pool's workers first (they would keep the test process alive). */
async function stopOnFailure(pool: WorkerPool, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (err) {
    await pool.terminate();
    throw err;
  }
}

/**
 * 32 connections, each a POST of 1 MB: ~33 MB of frames, ~16 batches per worker when none comes
 * back — more than WAIT_AHEAD_BATCHES.
 */
const bigPackets = posts(32, 1_000_000, '198.51.100.7', 42000, '/api/items/');

test('wait mode: ready() holds the reader until each worker has fewer than WAIT_AHEAD_BATCHES queued, whatever queue_batches', async () => {
  const records: NodeRecord[] = [];
  const pool = new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(['transaction']),
    sink: linesParsedInto(records),
    overload: 'wait',
    // The default live queue (64): a file's reader still waits at WAIT_AHEAD_BATCHES.
    live: true,
  });
  await pool.started;
  await stopOnFailure(pool, async () => {
    // A synchronous burst (no batch comes back meanwhile), then the reader's wait between chunks.
    for (const p of bigPackets) pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
    const queued = pool.laneStats().map((l) => l.backlogBatches);
    assert.ok(
      queued.every((n) => n >= WAIT_AHEAD_BATCHES),
      `the burst queues more than the bound on each worker: ${queued}`,
    );
    await pool.ready();
    const after = pool.laneStats().map((l) => l.backlogBatches);
    assert.ok(
      after.every((n) => n < WAIT_AHEAD_BATCHES),
      `ready() resolved with ${after} batches queued`,
    );
  });
  const c = await pool.finish();
  assert.equal(pool.counters.shed.frames, 0);
  assert.equal(c.reassembly.packets, bigPackets.length);
  assert.equal(records.filter((r) => r.type === 'transaction').length, 32);
});

test("wait mode never skips analyses: drop_on_overload 'analyses' is live capture's, a file's reader waits", async () => {
  const pool = new WorkerPool({
    workers: 2,
    config: { ...defaultConfig(), dropOnOverload: 'analyses' },
    produce: new Set(['transaction', 'api_endpoint']),
    sink: { write: () => {}, writeLineRun: () => {} },
    overload: 'wait',
    dropOnOverload: 'analyses',
    maxBatches: 2,
    live: true,
  });
  await pool.started;
  for (const p of bigPackets) pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  await pool.ready();
  await stopOnFailure(pool, async () => assert.equal(pool.counters.shed.apiSkippedBatches, 0));
  const c = await pool.finish();
  assert.equal(c.analyzer.apiSkipped, 0);
  assert.equal(c.analyzer.transactions, 32);
});

test('a worker that fails is reported once, start-up rejects, and terminate() leaves nothing running', async () => {
  const failures: Error[] = [];
  // A config the capture thread accepts but a worker cannot build its pipeline from.
  const broken = { ...defaultConfig(), limits: null } as unknown as ReturnType<typeof defaultConfig>;
  const pool = new WorkerPool({
    workers: 2,
    config: broken,
    produce: new Set(['transaction']),
    sink: { write: () => {}, writeLineRun: () => {} },
    overload: 'drop',
    onFailure: (e) => failures.push(e),
  });
  await assert.rejects(pool.started);
  assert.equal(failures.length, 1);
  await pool.terminate();
  await assert.rejects(pool.finish(), 'finish reports the failure instead of waiting for a dead worker');
});
