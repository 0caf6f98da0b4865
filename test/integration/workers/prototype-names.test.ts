/**
 * The capture of test/support/prototype-names.ts (names like Object.prototype members everywhere a
 * name comes from traffic) on two worker threads: the records the pool merges (api_endpoint,
 * sessions, findings) keep every name, and transactions, attacks and endpoints are the ones one
 * thread reports (docs/design.md, "Names from traffic").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { formatSummary } from '../../../node/summary';
import { WorkerPool } from '../../../node/workers/pool';
import { RECORD_TYPES, type NodeRecord } from '../../../node/records/types';
import { checkPrototypeNameRecords, prototypeNamesCapture } from '../../support/prototype-names';

test('names like Object.prototype members on two workers: every record type, names kept, the one-thread records', async () => {
  const capture = prototypeNamesCapture();
  const one: NodeRecord[] = [];
  const node = buildNode(defaultConfig(), new Set(RECORD_TYPES), { write: (r) => one.push(r) });
  const single = new PcapStreamReader(node.pipeline.onFrame);
  single.push(capture);
  single.end();
  node.pipeline.finish();

  const two: NodeRecord[] = [];
  const pool = new WorkerPool({
    workers: 2,
    config: defaultConfig(),
    produce: new Set(RECORD_TYPES),
    sink: {
      write: (r) => two.push(r),
      writeLineRun: (_type, lines) => {
        for (const line of lines.slice(0, -1).split('\n')) two.push(JSON.parse(line) as NodeRecord);
      },
    },
    overload: 'wait',
    openapiDir: null,
  });
  const reader = new PcapStreamReader(pool.onFrame);
  reader.push(capture);
  reader.end();
  const counters = await pool.finish();
  checkPrototypeNameRecords(two, formatSummary(reader.stats, counters));

  const lines = (rs: NodeRecord[], type: string) =>
    rs
      .filter((r) => r.type === type)
      .map((r) => JSON.stringify({ ...r, node_uuid: undefined }))
      .sort();
  for (const type of ['transaction', 'attack', 'api_endpoint']) assert.deepEqual(lines(two, type), lines(one, type), type);
});
