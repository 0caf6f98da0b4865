/**
 * `run` with analysis workers hands the exporter the records it does not read as the workers' JSON
 * lines (Exporter.pushLines): the batches spooled must be byte for byte those push() of the
 * records gives, node_uuid stamping included, and the counters the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Exporter } from '../../../node/cloud/exporter';
import { jsonLine } from '../../../node/records/jsonl-writer';
import type { NodeRecord } from '../../../node/records/types';
import { Spool } from '../../../node/cloud/spool';
import { recordingLogger } from '../../integration/cloud/helpers';

const UUID = '3f1c2a9e-1111-4222-8333-944455556666';
const flow = { src: '192.0.2.1:41000', dst: '198.51.100.5:80' };

/** Records as the analyzers make them (node_uuid last), and the odd shapes withNodeUuid must also get right. */
const records = [
  {
    type: 'session',
    ts: 't1',
    flow,
    client_ip: '192.0.2.1',
    host: 'shop',
    requests: [{ method: 'GET', template: '/a/{id}' }],
    node_uuid: UUID,
  },
  { type: 'transaction', ts: 't2', flow, request: { target: '/x' }, node_uuid: UUID },
  { type: 'vulnerability', ts: 't3', flow, kind: 'info_exposure', evidence: 'Grüße "node_uuid": ✓', node_uuid: UUID },
  { type: 'vulnerability', ts: 't4', flow, kind: 'no_uuid' },
  { type: 'session', ts: 't5', flow, node_uuid: 'another-node', context: {} },
  { type: 'session', ts: 't6', node_uuid: UUID, flow, context: { node_uuid: 'nested' } },
  { type: 'attack', ts: 't7', flow, hits: [], node_uuid: UUID },
  { type: 'transaction', ts: 't8', flow, node_uuid: UUID },
] as unknown as NodeRecord[];

function exporter(dir: string): Exporter {
  // Nothing listens on the discard port of loopback: every batch stays in the spool.
  return new Exporter({
    target: { host: '127.0.0.1', port: 9, useSsl: false, caVerify: true },
    credentials: { uuid: UUID, secret: 's' },
    spoolDir: dir,
    logger: recordingLogger(),
    version: '0',
    configSha256: '0',
    batchMaxRecords: 3,
    batchMaxDelayMs: 60_000,
    heartbeatIntervalMs: 60_000,
    retryBaseMs: 60_000,
    retryMaxMs: 60_000,
  });
}

/** The spooled batches' JSON, batch ids blanked (they are random). */
function spooled(dir: string): string[] {
  const spool = Spool.open({ dir, maxBytes: 1 << 20, maxBatches: 100, logger: recordingLogger() });
  const out: string[] = [];
  for (let b = spool.next(); b; b = spool.next()) {
    out.push(
      zlib
        .gunzipSync(spool.readBody(b))
        .toString('utf8')
        .replace(/"batch_id":"[^"]+"/, '"batch_id":"-"'),
    );
    spool.ack(b.id);
  }
  spool.close();
  return out;
}

test('pushLines spools exactly what push spools, and counts the same', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-exporter-lines-'));
  try {
    const byObject = exporter(path.join(root, 'objects'));
    for (const r of records) byObject.push(r);
    const byLine = exporter(path.join(root, 'lines'));
    // Runs of one type, as the workers send them.
    for (let i = 0; i < records.length;) {
      let j = i;
      while (j < records.length && records[j].type === records[i].type) j++;
      byLine.pushLines(records[i].type, records.slice(i, j).map(jsonLine).join(''));
      i = j;
    }
    const counters = (e: Exporter) => ({ ...e.counters(), heartbeatFailures: 0, spoolBytes: 0 });
    await Promise.all([byObject.close(0), byLine.close(0)]);
    assert.deepEqual(counters(byLine), counters(byObject));
    const want = spooled(path.join(root, 'objects'));
    assert.equal(want.length, 2, 'six exported records in batches of three');
    assert.deepEqual(spooled(path.join(root, 'lines')), want);
    assert.equal(counters(byObject).notExported, 2);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
