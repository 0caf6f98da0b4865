/**
 * A fresh TLS capture made now by real implementations (test/gen/tls-captures.ts: curl, OpenSSL
 * s_client/s_server, Node's https; tcpdump on loopback), replayed with the key logs they wrote
 * and checked like the committed fixture (test/unit/tls/captures.test.ts): the fixture cannot
 * drift from what today's tools produce; the same for HTTP/2 inside TLS (test/gen/h2-tls-captures.ts).
 * Needs root (tcpdump), curl and openssl; about 20 s.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeH2TlsCaptures } from '../gen/h2-tls-captures';
import { makeTlsCaptures } from '../gen/tls-captures';
import { assertH2AllDecrypted, replayH2Tls } from '../support/h2-tls-replay';
import { assertAllDecrypted, replayTls } from '../support/tls-replay';

const missing = ['tcpdump', 'curl', 'openssl'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
const skip = process.getuid?.() !== 0 ? 'needs root (tcpdump on lo)' : missing.length ? `needs ${missing.join(', ')}` : false;

test(
  'TLS captured now from curl, OpenSSL and Node decrypts to exactly what the clients sent',
  { skip, timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 't20-tls-live-'));
    try {
      const expected = await makeTlsCaptures(dir);
      const pcap = readFileSync(join(dir, 'tls.pcap'));
      const keys = readFileSync(join(dir, 'client.keylog'), 'latin1') + readFileSync(join(dir, 'server.keylog'), 'latin1');
      assertAllDecrypted(replayTls(pcap, keys), expected);
      const none = replayTls(pcap, '');
      assert.equal(none.tx.length, 0);
      assert.deepEqual(
        Object.values(none.counters.http.errors).filter((n) => n > 0),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'HTTP/2 in TLS captured now (curl --http2, Node http2 client against http2.createSecureServer) is what the server received',
  { skip, timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h2tls-live-'));
    try {
      const expected = await makeH2TlsCaptures(dir);
      const pcap = readFileSync(join(dir, 'h2.pcap'));
      assertH2AllDecrypted(replayH2Tls(pcap, readFileSync(join(dir, 'h2-client.keylog'), 'latin1')), expected);
      assertH2AllDecrypted(replayH2Tls(pcap, readFileSync(join(dir, 'h2-server.keylog'), 'latin1')), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
