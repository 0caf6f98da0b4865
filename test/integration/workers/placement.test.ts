/**
 * Live ('drop' mode), a new connection goes to the worker with the shortest backlog and stays there
 * (WorkerPool.laneFor, docs/performance.md "Results (branch i22-live, third session)"): 24
 * connections whose hashes all name the same worker are spread over both while frames come faster
 * than the workers take them, and every connection is still analysed whole by one worker — the
 * records are exactly those of the pool that shards by hash alone ('wait' mode).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../node/config/load';
import { PacketDecoder } from '../../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../../node/decode/from-plan';
import { WorkerPool, type PoolSink } from '../../../node/workers/pool';
import { connectionHash } from '../../../node/workers/shard';
import { lorem } from '../../../node/sample/http-exchange';
import { renderConversation } from '../../../node/sample/scenarios';
import type { GenPacket } from '../../../node/sample/conversation';

const config = defaultConfig();

/** 24 connections one after the other, each a POST of 150 KB, all with an even connection hash (worker 0 of 2 by hash). */
function evenConnections(): GenPacket[] {
  const decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
  const out: GenPacket[] = [];
  let ts = 1_700_000_000_000_000;
  for (let port = 41000, n = 0; n < 24; port++) {
    const packets = renderConversation({
      opts: { client: '192.0.2.7', server: '198.51.100.5', clientPort: port, serverPort: 80, seed: port },
      exchanges: [{ method: 'POST', target: `/upload/${n}`, requestBody: lorem(150_000, n), responseBody: 'ok' }],
    }).packets;
    const p = decoder.decode(packets[0].linkType, packets[0].frame, 0, packets[0].frame.length, packets[0].ts)!;
    if (connectionHash(p) % 2 !== 0) continue;
    for (const g of packets) out.push({ ...g, ts: (ts += 50) });
    n++;
  }
  return out;
}

const packets = evenConnections();

function linesInto(lines: string[]): PoolSink {
  return { write: (r) => lines.push(JSON.stringify(r)), writeLineRun: (_t, run) => lines.push(...run.slice(0, -1).split('\n')) };
}

test('live, new connections go to the worker with the shorter backlog, each whole; the records are those of hash sharding', async () => {
  const live: string[] = [];
  const pool = new WorkerPool({
    workers: 2,
    config,
    produce: new Set(['transaction']),
    sink: linesInto(live),
    overload: 'drop',
    live: true,
  });
  await pool.started;
  // One synchronous burst: no batch comes back before it ends, so the backlogs only grow.
  for (const p of packets) pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  pool.flush();
  const backlogs = pool.laneStats().map((l) => l.backlogBatches);
  assert.equal(pool.placedConnections, 24);
  assert.ok(Math.min(...backlogs) >= 1 && Math.max(...backlogs) - Math.min(...backlogs) <= 1, `backlogs ${backlogs}`);
  const c = await pool.finish();
  assert.equal(pool.counters.shed.frames, 0);
  assert.equal(c.analyzer.transactions, 24);

  const byHash: string[] = [];
  const reference = new WorkerPool({
    workers: 2,
    config,
    produce: new Set(['transaction']),
    sink: linesInto(byHash),
    overload: 'wait',
    live: true,
  });
  for (const p of packets) reference.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  await reference.finish();
  assert.equal(reference.placedConnections, 0);
  assert.equal(byHash.length, 24);
  assert.deepEqual(live.sort(), byHash.sort());
});
