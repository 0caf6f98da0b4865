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
import { buildNode } from '../../../node/node-builder';
import type { ExpectedCapture } from '../../gen/tls-captures';
import {
  allRequests,
  APP_DATA_CONNECTIONS as APP_DATA,
  assertAllDecrypted as check,
  replayTls,
  TLS_CONNECTIONS,
  type Run,
} from '../../support/tls-replay';

const DIR = join(__dirname, '../../fixtures/tls');
const PCAP = readFileSync(join(DIR, 'tls.pcap'));
const CLIENT_LOG = readFileSync(join(DIR, 'client.keylog'), 'latin1');
const SERVER_LOG = readFileSync(join(DIR, 'server.keylog'), 'latin1');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as ExpectedCapture;
const ALL_REQUESTS = allRequests(EXPECTED);
const replayFixture = (keys: string, opts: { late?: boolean; tlsYaml?: string } = {}): Run => replayTls(PCAP, keys, opts);
const assertAllDecrypted = (run: Run): void => check(run, EXPECTED);

test('every scenario decrypted with both key logs: the transactions are what the clients sent and the server answered', () => {
  const run = replayFixture(CLIENT_LOG + SERVER_LOG);
  assertAllDecrypted(run);
  const t = run.counters.tls!;
  assert.equal(t.keyUpdates, 3, 'K (client, then the server answers update_requested) and k (client only)');
  assert.equal(t.resumed, 6, 'five by session id, one by ticket (s_client against s_server)');
  assert.deepEqual(t.versions, { '1.3': 6, '1.2': 19 });
  assert.equal(t.hosts['c13-chacha.tls.test'].decrypted, 1);
  assert.deepEqual(t.alpn, { 'http/1.1': 14, '-': 11 }, 'curl and Node negotiate http/1.1; s_client offers none');
});

test("the clients' key logs alone (curl SSLKEYLOGFILE, s_client -keylogfile, Node keylog event) decrypt everything", () => {
  assertAllDecrypted(replayFixture(CLIENT_LOG));
});

test("the servers' key logs alone (Node https keylog event, s_server -keylogfile) decrypt everything", () => {
  assertAllDecrypted(replayFixture(SERVER_LOG));
});

test('keys that arrive after the handshakes (within tls.key_wait) decrypt the buffered records', () => {
  const run = replayFixture(CLIENT_LOG, { late: true });
  assertAllDecrypted(run);
  assert.equal(run.counters.tls!.keyWaits, TLS_CONNECTIONS, 'every connection that got as far as protected records');
  assert.equal(run.counters.tls!.keyWaitTimeouts, 0);
  const early = replayFixture(CLIENT_LOG).counters.tls!;
  assert.deepEqual(
    [run.counters.tls!.records, run.counters.tls!.plaintextBytes],
    [early.records, early.plaintextBytes],
    'held records counted once',
  );
});

test('keys that never arrive: no transactions, no HTTP errors, each connection counted without keys', () => {
  const { tx, counters } = replayFixture('');
  assert.equal(tx.length, 0);
  assert.deepEqual(
    Object.values(counters.http.errors).filter((n) => n > 0),
    [],
  );
  const t = counters.tls!;
  assert.equal(t.decrypted, 0);
  // Two of them use RSA key exchange (c12-rsa-*): counted under their own reason. The five
  // connections of s_client -reconnect carry no application data but protected Finished messages.
  assert.equal(t.undecrypted.no_keys, TLS_CONNECTIONS - 2);
  assert.equal(t.undecrypted.rsa_key_exchange, 2);
  assert.equal(t.connections, TLS_CONNECTIONS);
  assert.equal(Object.keys(t.hosts).length, EXPECTED.scenarios.length, 'hosts seen on TLS, by SNI');
  assert.equal(t.hosts['c12-aes128gcm.tls.test'].connections, 1);
  assert.deepEqual(t.alpn, { '?': 6, 'http/1.1': 10, '-': 9 }, 'TLS 1.3 sends its ALPN encrypted');
});

test('tls.key_wait_bytes bounds what a connection buffers while it waits (counted, then without keys)', () => {
  const run = replayFixture(CLIENT_LOG, { late: true, tlsYaml: '  key_wait_bytes: 2KiB\n' });
  const t = run.counters.tls!;
  assert.ok(t.keyWaitOverflows > 0);
  assert.equal(
    t.decrypted + t.undecrypted.no_keys + t.undecrypted.rsa_key_exchange + t.undecrypted.handshake_only,
    TLS_CONNECTIONS,
  );
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

test('an application protocol the node has no reader for (by ALPN) is counted, not handed to HTTP/1.x', () => {
  const result = loadConfigText('mode: tcp-capture\n', 'test');
  assert.ok('config' in result);
  const node = buildNode(result.config, new Set(['transaction']), { write: () => {} });
  const tls = node.pipeline.tls!;
  // As if this node read no http/1.1 by ALPN: curl and Node's client negotiated it, s_client offered none.
  tls.attach(node.pipeline.appLayer.plaintext, (alpn) => alpn !== 'http/1.1');
  tls.store.addText(CLIENT_LOG);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(PCAP);
  reader.end();
  node.pipeline.finish();
  const t = tls.counters;
  assert.equal(t.undecrypted.unsupported_alpn, t.alpn['http/1.1']);
  assert.equal(t.decrypted + t.undecrypted.unsupported_alpn, APP_DATA);
  assert.deepEqual(
    Object.values(node.pipeline.http.counters.errors).filter((n) => n > 0),
    [],
  );
  assert.equal(
    node.analyzer.counters.transactions,
    ALL_REQUESTS - EXPECTED.nodeServer.filter((r) => !r.scenario.startsWith('o')).length,
  );
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
