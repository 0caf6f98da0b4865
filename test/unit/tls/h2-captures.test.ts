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
import type { ExpectedH2Capture } from '../../gen/h2-tls-captures';
import { assertH2AllDecrypted, replayH2Tls, type H2Run } from '../../support/h2-tls-replay';

const DIR = join(__dirname, '../../fixtures/tls');
const PCAP = readFileSync(join(DIR, 'h2.pcap'));
const CLIENT_LOG = readFileSync(join(DIR, 'h2-client.keylog'), 'latin1');
const SERVER_LOG = readFileSync(join(DIR, 'h2-server.keylog'), 'latin1');
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'h2-expected.json'), 'utf8')) as ExpectedH2Capture;

const replay = (keys: string): H2Run => replayH2Tls(PCAP, keys);
const assertAll = (run: H2Run): void => assertH2AllDecrypted(run, EXPECTED);

test('HTTP/2 in TLS 1.3 and 1.2 (curl --http2, Node http2 client) with both key logs: every stream is what the server received', () => {
  assertAll(replay(CLIENT_LOG + SERVER_LOG));
});

test("HTTP/2 in TLS: the clients' key logs alone decrypt everything", () => {
  assertAll(replay(CLIENT_LOG));
});

test("HTTP/2 in TLS: the server's key log alone decrypts everything", () => {
  assertAll(replay(SERVER_LOG));
});

test('HTTP/2 in TLS without keys: no transactions, no HTTP errors, the connections counted without keys', () => {
  const { tx, counters } = replay('');
  assert.equal(tx.length, 0);
  assert.deepEqual(
    Object.values(counters.http.errors).filter((n) => n > 0),
    [],
  );
  assert.equal(counters.http2.connections, 0);
  assert.equal(counters.tls!.undecrypted.no_keys, EXPECTED.scenarios.length);
});
