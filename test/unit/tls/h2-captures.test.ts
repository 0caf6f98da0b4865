/**
 * HTTP/2 inside TLS (ALPN h2) checked against real implementations: test/fixtures/tls/h2.pcap was
 * made by test/gen/h2-tls-captures.ts (a Node http2.createSecureServer answering curl --http2 and
 * Node's http2 client, TLS 1.3 and 1.2, several streams per connection, one a SQL injection) with
 * the key logs both ends wrote. Replayed through the real pipeline: TLS decrypts, ALPN h2 hands the
 * plaintext to the HTTP/2 parser, and each stream is the transaction the server received.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { loadConfigText } from '../../../node/config/load';
import { buildNode } from '../../../node/node-builder';
import { countersOf, type LiveCounters } from '../../../node/summary';
import type { AttackRecord, NodeRecord, TransactionRecord } from '../../../node/records/types';
import type { ExpectedH2Capture } from '../../gen/h2-tls-captures';

const DIR = join(__dirname, '../../fixtures/tls');
const PCAP = readFileSync(join(DIR, 'h2.pcap'));
const CLIENT_LOG = readFileSync(join(DIR, 'h2-client.keylog'), 'latin1');
const SERVER_LOG = readFileSync(join(DIR, 'h2-server.keylog'), 'latin1');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'h2-expected.json'), 'utf8')) as ExpectedH2Capture;

interface Run { tx: TransactionRecord[]; attacks: AttackRecord[]; counters: LiveCounters }

function replay(keys: string): Run {
  const result = loadConfigText('mode: tcp-capture\ntls:\n  key_wait: 60s\n', 'test');
  if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
  const records: NodeRecord[] = [];
  const node = buildNode(result.config, new Set(['transaction', 'attack']), { write: (r) => void records.push(r) });
  node.pipeline.tls!.store.addText(keys);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(PCAP);
  reader.end();
  node.pipeline.finish();
  return {
    tx: records.filter((r): r is TransactionRecord => r.type === 'transaction'),
    attacks: records.filter((r): r is AttackRecord => r.type === 'attack'),
    counters: countersOf(node),
  };
}

const scenarioOf = (r: { host: string }): string => r.host.split('.')[0];
const SQLI = new Set(["/?id=1%27%20OR%20%271%27%3D%271", "/?id=1'%20OR%20'1'='1"]);

function assertAll(run: Run): void {
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
    for (const r of got) assert.deepEqual(r.tls, { version: s.version, cipher: s.cipher, sni: `${s.name}.tls.test` }, `${s.name}: tls field`);
  }
  // The SQL injection, once per connection, found on the decrypted HTTP/2 stream.
  assert.deepEqual(attacks.map((a) => scenarioOf(a)).sort(), EXPECTED.scenarios.map((s) => s.name).sort());
  for (const a of attacks) {
    assert.ok(SQLI.has(a.request.target), a.request.target);
    assert.ok(a.hits.some((h) => h.class === 'sqli'), JSON.stringify(a.hits));
    assert.equal(a.http_version, '2');
    const e = EXPECTED.streams.find((s) => s.scenario === scenarioOf(a) && SQLI.has(s.path))!;
    assert.equal(a.stream_id, e.streamId);
    assert.equal(a.tls?.sni, `${scenarioOf(a)}.tls.test`);
  }
  assert.deepEqual(Object.values(counters.http.errors).filter((n) => n > 0), [], 'no HTTP/1.x errors');
  const h2 = counters.http2;
  assert.deepEqual([h2.connections, h2.streams, h2.transactions], [EXPECTED.scenarios.length, EXPECTED.streams.length, EXPECTED.streams.length]);
  assert.deepEqual([h2.hpackErrors, h2.hpackUnknownRefs, h2.malformedHeaders, h2.badPreface, h2.gaps, h2.resyncs, h2.framesWithoutStream, h2.bodiesIncomplete, h2.transactionsWithoutResponse], [0, 0, 0, 0, 0, 0, 0, 0, 0], 'no HTTP/2 errors');
  const t = counters.tls!;
  assert.equal(t.connections, EXPECTED.scenarios.length, 'one TLS connection per scenario');
  assert.equal(t.decrypted, EXPECTED.scenarios.length);
  assert.deepEqual(t.alpn, { h2: EXPECTED.scenarios.length });
}

test('HTTP/2 in TLS 1.3 and 1.2 (curl --http2, Node http2 client) with both key logs: every stream is what the server received', () => {
  assertAll(replay(CLIENT_LOG + SERVER_LOG));
});

test('HTTP/2 in TLS: the clients\' key logs alone decrypt everything', () => {
  assertAll(replay(CLIENT_LOG));
});

test('HTTP/2 in TLS: the server\'s key log alone decrypts everything', () => {
  assertAll(replay(SERVER_LOG));
});

test('HTTP/2 in TLS without keys: no transactions, no HTTP errors, the connections counted without keys', () => {
  const { tx, counters } = replay('');
  assert.equal(tx.length, 0);
  assert.deepEqual(Object.values(counters.http.errors).filter((n) => n > 0), []);
  assert.equal(counters.http2.connections, 0);
  assert.equal(counters.tls!.undecrypted.no_keys, EXPECTED.scenarios.length);
});
