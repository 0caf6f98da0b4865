/**
 * Replays an HTTP/2-inside-TLS capture made by test/gen/h2-tls-captures.ts with key-log lines and
 * checks it against what the Node server received (test/unit/tls/h2-captures.test.ts on the
 * committed fixture, test/integration/tls-live.test.ts on a fresh capture).
 */
import assert from 'node:assert/strict';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { loadConfigText } from '../../node/config/load';
import { buildNode } from '../../node/node-builder';
import { countersOf, type LiveCounters } from '../../node/summary';
import type { AttackRecord, NodeRecord, TransactionRecord } from '../../node/records/types';
import type { ExpectedH2Capture } from '../gen/h2-tls-captures';

export interface H2Run {
  tx: TransactionRecord[];
  attacks: AttackRecord[];
  counters: LiveCounters;
}

export function replayH2Tls(pcap: Buffer, keys: string): H2Run {
  const result = loadConfigText('mode: tcp-capture\ntls:\n  key_wait: 60s\n', 'test');
  if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
  const records: NodeRecord[] = [];
  const node = buildNode(result.config, new Set(['transaction', 'attack']), { write: (r) => void records.push(r) });
  node.pipeline.tls!.store.addText(keys);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(pcap);
  reader.end();
  node.pipeline.finish();
  return {
    tx: records.filter((r): r is TransactionRecord => r.type === 'transaction'),
    attacks: records.filter((r): r is AttackRecord => r.type === 'attack'),
    counters: countersOf(node),
  };
}

const scenarioOf = (r: { host: string }): string => r.host.split('.')[0];
const SQLI = new Set(['/?id=1%27%20OR%20%271%27%3D%271', "/?id=1'%20OR%20'1'='1"]);

export function assertH2AllDecrypted(run: H2Run, EXPECTED: ExpectedH2Capture): void {
  const { tx, attacks, counters } = run;
  assert.equal(tx.length, EXPECTED.streams.length, 'one transaction per stream the server received');
  for (const e of EXPECTED.streams) {
    const got = tx.filter((r) => scenarioOf(r) === e.scenario && r.stream_id === e.streamId);
    assert.equal(got.length, 1, `${e.scenario} stream ${e.streamId}: one transaction`);
    const r = got[0];
    assert.equal(r.http_version, '2');
    assert.equal(r.request.method, e.method);
    assert.equal(r.request.target, e.path);
    assert.equal(r.host, e.authority, ':authority');
    assert.equal(r.request.version, 'HTTP/2');
    assert.equal(r.request.body.length, e.bodyLength, `${e.path} request body length`);
    assert.equal(r.request.body.sha256, e.bodySha256, `${e.path} request body as sent`);
    assert.equal(r.response?.status, e.responseStatus);
    assert.equal(r.response?.body.sha256, e.responseBodySha256, `${e.path} response body as sent`);
  }
  for (const s of EXPECTED.scenarios) {
    const got = tx.filter((r) => scenarioOf(r) === s.name);
    assert.ok(got.length >= 3, `${s.name}: decrypted`);
    for (const r of got)
      assert.deepEqual(r.tls, { version: s.version, cipher: s.cipher, sni: `${s.name}.tls.test` }, `${s.name}: tls field`);
  }
  // The SQL injection, once per connection, found on the decrypted HTTP/2 stream.
  assert.deepEqual(attacks.map((a) => scenarioOf(a)).sort(), EXPECTED.scenarios.map((s) => s.name).sort());
  for (const a of attacks) {
    assert.ok(SQLI.has(a.request.target), a.request.target);
    assert.ok(
      a.hits.some((h) => h.class === 'sqli'),
      JSON.stringify(a.hits),
    );
    assert.equal(a.http_version, '2');
    const e = EXPECTED.streams.find((s) => s.scenario === scenarioOf(a) && SQLI.has(s.path))!;
    assert.equal(a.stream_id, e.streamId);
    assert.equal(a.tls?.sni, `${scenarioOf(a)}.tls.test`);
  }
  assert.deepEqual(
    Object.values(counters.http.errors).filter((n) => n > 0),
    [],
    'no HTTP/1.x errors',
  );
  const h2 = counters.http2;
  assert.deepEqual(
    [h2.connections, h2.streams, h2.transactions],
    [EXPECTED.scenarios.length, EXPECTED.streams.length, EXPECTED.streams.length],
  );
  assert.deepEqual(
    [
      h2.hpackErrors,
      h2.hpackUnknownRefs,
      h2.malformedHeaders,
      h2.badPreface,
      h2.gaps,
      h2.resyncs,
      h2.framesWithoutStream,
      h2.bodiesIncomplete,
      h2.transactionsWithoutResponse,
    ],
    [0, 0, 0, 0, 0, 0, 0, 0, 0],
    'no HTTP/2 errors',
  );
  const t = counters.tls!;
  assert.equal(t.connections, EXPECTED.scenarios.length, 'one TLS connection per scenario');
  assert.equal(t.decrypted, EXPECTED.scenarios.length);
  assert.deepEqual(t.alpn, { h2: EXPECTED.scenarios.length });
}
