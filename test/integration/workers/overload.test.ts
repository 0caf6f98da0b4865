/**
 * Overload by policy (http_inspector.drop_on_overload, node/workers/shed.ts): when the workers
 * cannot keep up, whole connections are shed, never frames of a connection that is analysed.
 * Each test sends its traffic to the pool in one synchronous burst: no batch can come back before
 * it ends (the event loop does not turn), so the workers are slower than the traffic by as much as
 * it takes — deterministically. The same burst into queues too big to fill is the unloaded run.
 * What is checked: every connection the loaded pool reports is reported exactly as unloaded
 * (records identical, in order), every connection not reported is counted as shed, and every
 * frame is either analysed or counted as shed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../../node/config/load';
import type { DropOnOverload } from '../../../node/config/types';
import type { NodeRecord, RecordType } from '../../../node/records/types';
import { WorkerPool, type PoolSink } from '../../../node/workers/pool';
import { interleave, type GenPacket } from '../../../node/sample/conversation';
import { lorem } from '../../../node/sample/http-exchange';
import { renderConversation } from '../../../node/sample/scenarios';
import type { LiveCounters } from '../../../node/summary';

/** A pool sink that takes the workers' lines back to records. */
function linesParsedInto(records: NodeRecord[]): PoolSink {
  return {
    write: (r) => records.push(r),
    writeLineRun: (type, lines) => {
      for (const line of lines.slice(0, -1).split('\n')) {
        const r = JSON.parse(line) as NodeRecord;
        assert.equal(r.type, type);
        records.push(r);
      }
    },
  };
}

interface Run {
  records: NodeRecord[];
  counters: LiveCounters;
  pool: WorkerPool;
}

async function burst(
  packets: GenPacket[],
  maxBatches: number,
  produce: RecordType[] = ['transaction', 'attack'],
  dropOnOverload: DropOnOverload = 'connections',
): Promise<Run> {
  const records: NodeRecord[] = [];
  const failures: Error[] = [];
  const pool = new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(produce),
    sink: linesParsedInto(records),
    overload: 'drop',
    maxBatches,
    dropOnOverload,
    live: true,
    onFailure: (e) => failures.push(e),
  });
  await pool.started;
  for (const p of packets) pool.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  const counters = await pool.finish();
  assert.deepEqual(failures, []);
  return { records, counters, pool };
}

/** Records per connection (client endpoint), in order; api_endpoint and session records have no connection. */
function byConnection(records: NodeRecord[]): Map<string, NodeRecord[]> {
  const out = new Map<string, NodeRecord[]>();
  for (const r of records) {
    const flow = (r as { flow?: { src: string } }).flow;
    if (flow === undefined || (r.type !== 'transaction' && r.type !== 'attack')) continue;
    const list = out.get(flow.src) ?? [];
    list.push(r);
    out.set(flow.src, list);
  }
  return out;
}

/**
 * `n` keep-alive connections of 3 exchanges (a 40 KB POST, some with an attack in the query, and
 * its response), arriving two at a time: a connection starts while the previous one is still going.
 */
function connections(n: number): { packets: GenPacket[]; framesOf: Map<string, number> } {
  const framesOf = new Map<string, number>();
  const lists = Array.from({ length: n }, (_, i) => {
    const clientPort = 40000 + i;
    const { packets } = renderConversation({
      opts: { client: `192.0.2.${(i % 200) + 1}`, server: '198.51.100.5', clientPort, serverPort: 80, seed: i },
      exchanges: [0, 1, 2].map((k) => ({
        method: 'POST',
        target: k === 1 && i % 3 === 0 ? `/search?q=1'+OR+'1'='1'--` : `/upload/${i}/${k}`,
        requestBody: lorem(40_000, i * 3 + k),
        responseBody: lorem(2_000, i),
      })),
    });
    framesOf.set(`192.0.2.${(i % 200) + 1}:${clientPort}`, packets.length);
    return packets;
  });
  const packets: GenPacket[] = [];
  let ts = 1_700_000_000_000_000;
  for (let i = 0; i < n; i += 2) {
    const pair = interleave(lists.slice(i, i + 2), i, ts, 20);
    packets.push(...pair);
    ts = pair[pair.length - 1].ts + 1000;
  }
  return { packets, framesOf };
}

test('an overloaded pool sheds new connections whole; every connection it reports is exactly the unloaded one', async () => {
  const { packets, framesOf } = connections(80);
  const unloaded = await burst(packets, 10_000);
  const loaded = await burst(packets, 4);
  const all = byConnection(unloaded.records);
  assert.equal(all.size, 80, 'the unloaded run reports every connection');
  // The capture thread's own work is in the stage figures: it decoded and handed off every frame.
  const own = unloaded.pool.captureThread();
  assert.equal(own.frames, packets.length);
  assert.ok(own.stages.decode > 0 && own.stages.handoff > 0, JSON.stringify(own.stages));
  assert.ok(own.cpuSeconds > 0, `capture thread CPU ${own.cpuSeconds} s`);
  // The pool's counters carry it too (only the capture thread hands off).
  assert.ok(unloaded.counters.stages.handoff > 0, JSON.stringify(unloaded.counters.stages));
  assert.equal(unloaded.pool.counters.shed.frames, 0);
  const reported = byConnection(loaded.records);
  assert.ok(reported.size > 0 && reported.size < 80, `some connections shed, some analysed (${reported.size} reported)`);
  for (const [conn, records] of reported) assert.deepEqual(records, all.get(conn), `connection ${conn} as unloaded`);
  const shed = loaded.pool.counters.shed;
  assert.equal(shed.connections.backlog, 80 - reported.size, 'every connection not reported was shed at its SYN');
  assert.equal(shed.connections.queue_full, 0, 'no admitted connection was cut (the high-water mark leaves them room)');
  let shedFrames = 0;
  for (const [conn, frames] of framesOf) if (!reported.has(conn)) shedFrames += frames;
  assert.equal(shed.frames, shedFrames, 'every frame of the shed connections, and no other, was shed');
  assert.equal(loaded.counters.reassembly.packets + shed.frames, packets.length);
  assert.equal(
    loaded.pool.laneStats().reduce((n, l) => n + l.shed.frames, 0),
    shed.frames,
  );
  assert.equal(loaded.pool.counters.queueDrops, 0, 'no frame found a full queue: none is dropped out of an analysed connection');
  assert.equal(loaded.counters.reassembly.closedShed, 0);
});

test('a connection that finds the queue full is cut and forgotten: what it reported is exact, nothing half', async () => {
  // One connection of 12 exchanges of 200 KB: a 1-batch queue is full after ~1 MB of it.
  const { packets } = renderConversation({
    opts: { client: '192.0.2.1', server: '198.51.100.5', clientPort: 40000, serverPort: 80, seed: 1 },
    exchanges: Array.from({ length: 12 }, (_, k) => ({
      method: 'POST',
      target: `/upload/${k}`,
      requestBody: lorem(200_000, k),
      responseBody: 'ok',
    })),
  });
  const unloaded = await burst(packets, 10_000);
  const loaded = await burst(packets, 1);
  const all = unloaded.records.filter((r) => r.type === 'transaction');
  assert.equal(all.length, 12);
  const got = loaded.records.filter((r) => r.type === 'transaction');
  assert.ok(got.length > 0 && got.length < 12, `the connection was cut part-way (${got.length} transactions)`);
  assert.deepEqual(got, all.slice(0, got.length), 'the transactions before the cut, exactly; none after, none half');
  assert.equal(loaded.pool.counters.shed.connections.queue_full, 1);
  assert.equal(loaded.counters.reassembly.closedShed, 1, 'the worker forgot the connection (no close, no flush)');
  assert.equal(loaded.counters.analyzer.transactionsWithoutResponse, 0);
  assert.equal(loaded.counters.reassembly.packets + loaded.pool.counters.shed.frames, packets.length);
  // Every frame lost here was lost to the full queue: the one that cut the connection and every later one.
  const lost = packets.length - loaded.counters.reassembly.packets;
  assert.ok(lost > 0);
  assert.equal(loaded.pool.counters.queueDrops, lost, 'the frames lost to the full queue are counted as queue drops');
  assert.equal(
    loaded.pool.laneStats().reduce((n, l) => n + l.queueDrops, 0),
    lost,
  );
});

test("drop_on_overload 'analyses': the API analyses are skipped first and counted; transactions and attacks stay exact", async () => {
  const { packets } = connections(80);
  const produce: RecordType[] = ['transaction', 'attack', 'api_endpoint', 'session'];
  const unloaded = await burst(packets, 10_000, produce, 'analyses');
  const loaded = await burst(packets, 4, produce, 'analyses');
  assert.equal(unloaded.counters.analyzer.apiSkipped, 0);
  assert.ok(
    loaded.counters.analyzer.apiSkipped > 0,
    'transactions of batches sent past a quarter of the queue skip the API analyses',
  );
  assert.ok(loaded.pool.counters.shed.apiSkippedBatches > 0);
  const all = byConnection(unloaded.records);
  const reported = byConnection(loaded.records);
  for (const [conn, records] of reported) assert.deepEqual(records, all.get(conn), `connection ${conn} as unloaded`);
  assert.equal(loaded.pool.counters.shed.connections.backlog, 80 - reported.size);
  // Fewer requests reached API discovery than were reported.
  assert.ok(loaded.counters.analyzer.transactions > loaded.counters.analyzer.apiSkipped);
});
