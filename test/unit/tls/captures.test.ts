/**
 * TLS decryption checked against real implementations: test/fixtures/tls holds a capture made by
 * test/gen/tls-captures.ts (curl, OpenSSL s_client/s_server and Node's https, TLS 1.2 and 1.3,
 * every cipher the node decrypts, resumption, KeyUpdate) with the key logs the clients and servers
 * wrote, and what the Node server received. Each decrypted transaction must be exactly what the
 * client sent (as Node's own HTTP parser read it) and what the server answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { loadConfigText } from '../../../node/config/load';
import { buildNode } from '../../../node/cli/node-builder';
import { countersOf, type LiveCounters } from '../../../node/cli/summary';
import type { NodeRecord, TransactionRecord } from '../../../node/report/records';
import type { ExpectedCapture } from '../../gen/tls-captures';

const DIR = join(__dirname, '../../fixtures/tls');
const PCAP = readFileSync(join(DIR, 'tls.pcap'));
const CLIENT_LOG = readFileSync(join(DIR, 'client.keylog'), 'latin1');
const SERVER_LOG = readFileSync(join(DIR, 'server.keylog'), 'latin1');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as ExpectedCapture;

interface Run {
  tx: TransactionRecord[];
  counters: LiveCounters;
}

/** Replays the fixture; `keys` go in before the capture, or after it (`late`) like a key log that arrives after the handshakes. */
function replayFixture(keys: string, opts: { late?: boolean; tlsYaml?: string; pcap?: Buffer } = {}): Run {
  const tlsYaml = opts.tlsYaml ?? '';
  const result = loadConfigText(`mode: tcp-capture\ntls:\n${tlsYaml.includes('key_wait:') ? '' : '  key_wait: 60s\n'}${tlsYaml}`, 'test');
  if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
  const records: NodeRecord[] = [];
  const node = buildNode(result.config, new Set(['transaction']), { write: (r) => void records.push(r) });
  const store = node.pipeline.tls!.store;
  if (!opts.late) store.addText(keys);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(opts.pcap ?? PCAP);
  reader.end();
  if (opts.late) store.addText(keys);
  node.pipeline.finish();
  return { tx: records.filter((r): r is TransactionRecord => r.type === 'transaction'), counters: countersOf(node) };
}

const scenarioOf = (r: TransactionRecord): string => r.host.split('.')[0];
const APP_DATA_CONNECTIONS = 20;
/** Every TLS connection of the capture: those with data and the five of s_client -reconnect that have none. */
const TLS_CONNECTIONS = 25;
const ALL_REQUESTS = EXPECTED.nodeServer.length + EXPECTED.sServer.reduce((n, s) => n + s.targets.length, 0);

function assertAllDecrypted(run: Run): void {
  const { tx, counters } = run;
  assert.equal(tx.length, ALL_REQUESTS);
  for (const e of EXPECTED.nodeServer) {
    const got = tx.filter((r) => r.request.target === e.target && scenarioOf(r) === e.scenario);
    assert.equal(got.length, 1, `${e.scenario} ${e.target}: one transaction`);
    const r = got[0];
    assert.equal(r.request.method, e.method);
    assert.equal(r.host, e.host);
    assert.equal(r.request.body.length, e.bodyLength, `${e.target} request body length`);
    assert.equal(r.request.body.sha256, e.bodySha256, `${e.target} request body as sent`);
    assert.equal(r.response?.status, e.responseStatus);
    assert.equal(r.response?.body.sha256, e.responseBodySha256, `${e.target} response body as sent`);
  }
  for (const e of EXPECTED.sServer) {
    const got = tx.filter((r) => scenarioOf(r) === e.scenario);
    assert.deepEqual(got.map((r) => r.request.target), e.targets);
    assert.equal(got[0].response?.status, 200);
    assert.match(got[0].response!.headers.map((h) => h.join(': ')).join('\n'), /text\/html/);
  }
  for (const s of EXPECTED.scenarios) {
    const got = tx.filter((r) => scenarioOf(r) === s.name);
    assert.ok(got.length > 0, `${s.name}: decrypted`);
    for (const r of got) assert.deepEqual(r.tls, { version: s.version, cipher: s.cipher, sni: `${s.name}.tls.test` }, `${s.name}: tls field`);
  }
  assert.deepEqual(Object.values(counters.http.errors).filter((n) => n > 0), [], 'no HTTP errors');
  const t = counters.tls!;
  assert.equal(t.decrypted, APP_DATA_CONNECTIONS);
  assert.equal(t.undecrypted.handshake_only, 5, 's_client -reconnect: five connections that carry no data');
  assert.equal(t.decrypted + Object.values(t.undecrypted).reduce((a, b) => a + b, 0), t.connections, 'each connection in one bucket');
}

test('every scenario decrypted with both key logs: the transactions are what the clients sent and the server answered', () => {
  const run = replayFixture(CLIENT_LOG + SERVER_LOG);
  assertAllDecrypted(run);
  const t = run.counters.tls!;
  assert.equal(t.keyUpdates, 3, 'K (client, then the server answers update_requested) and k (client only)');
  assert.equal(t.resumed, 6, 'five by session id, one by ticket (s_client against s_server)');
  assert.deepEqual(t.versions, { '1.3': 6, '1.2': 19 });
  assert.equal(t.hosts['c13-chacha.tls.test'].decrypted, 1);
});

test('the clients\' key logs alone (curl SSLKEYLOGFILE, s_client -keylogfile, Node keylog event) decrypt everything', () => {
  assertAllDecrypted(replayFixture(CLIENT_LOG));
});

test('the servers\' key logs alone (Node https keylog event, s_server -keylogfile) decrypt everything', () => {
  assertAllDecrypted(replayFixture(SERVER_LOG));
});

test('keys that arrive after the handshakes (within tls.key_wait) decrypt the buffered records', () => {
  const run = replayFixture(CLIENT_LOG, { late: true });
  assertAllDecrypted(run);
  assert.equal(run.counters.tls!.keyWaits, TLS_CONNECTIONS, 'every connection that got as far as protected records');
  assert.equal(run.counters.tls!.keyWaitTimeouts, 0);
});

test('keys that never arrive: no transactions, no HTTP errors, each connection counted without keys', () => {
  const { tx, counters } = replayFixture('');
  assert.equal(tx.length, 0);
  assert.deepEqual(Object.values(counters.http.errors).filter((n) => n > 0), []);
  const t = counters.tls!;
  assert.equal(t.decrypted, 0);
  // Two of them use RSA key exchange (c12-rsa-*): counted under their own reason. The five
  // connections of s_client -reconnect carry no application data but protected Finished messages.
  assert.equal(t.undecrypted.no_keys, TLS_CONNECTIONS - 2);
  assert.equal(t.undecrypted.rsa_key_exchange, 2);
  assert.equal(t.connections, TLS_CONNECTIONS);
  assert.equal(Object.keys(t.hosts).length, EXPECTED.scenarios.length, 'hosts seen on TLS, by SNI');
  assert.equal(t.hosts['c12-aes128gcm.tls.test'].connections, 1);
});

test('tls.key_wait_bytes bounds what a connection buffers while it waits (counted, then without keys)', () => {
  const run = replayFixture(CLIENT_LOG, { late: true, tlsYaml: '  key_wait_bytes: 2KiB\n' });
  const t = run.counters.tls!;
  assert.ok(t.keyWaitOverflows > 0);
  assert.equal(t.decrypted + t.undecrypted.no_keys + t.undecrypted.rsa_key_exchange + t.undecrypted.handshake_only, TLS_CONNECTIONS);
  assert.ok(run.tx.length < ALL_REQUESTS);
});

test('tls.key_wait bounds how long (capture time) a connection waits', () => {
  const run = replayFixture(CLIENT_LOG, { late: true, tlsYaml: '  key_wait: 1s\n' });
  assert.ok(run.counters.tls!.keyWaitTimeouts > 0, 'the capture spans several seconds: early connections time out');
});

test('TLS 1.2 resumption: a resumed connection is decrypted from the session it resumes when the key log lacks its own line', () => {
  // Keep only the first CLIENT_RANDOM line per master secret: resumed connections have none of their own.
  const seen = new Set<string>();
  let dropped = 0;
  const lines = [...new Set((CLIENT_LOG + SERVER_LOG).split('\n'))].filter((l) => {
    const [label, , secret] = l.split(' ');
    if (label !== 'CLIENT_RANDOM') return true;
    if (seen.has(secret)) return (dropped++, false);
    seen.add(secret);
    return true;
  });
  assert.equal(dropped, 6, 'five resumed by session id, one by ticket');
  assertAllDecrypted(replayFixture(lines.join('\n')));
});

test('with tls.enabled false, TLS connections go to HTTP/1.x as before (no decryption)', () => {
  const result = loadConfigText('mode: tcp-capture\ntls:\n  enabled: false\n', 'test');
  assert.ok('config' in result);
  const node = buildNode(result.config, new Set(['transaction']), { write: () => {} });
  assert.equal(node.pipeline.tls, null);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(PCAP);
  reader.end();
  node.pipeline.finish();
  assert.equal(node.analyzer.counters.transactions, 0);
});
