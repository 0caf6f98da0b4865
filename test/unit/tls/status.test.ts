/**
 * TLS on the status page and in metrics: the decrypted share, the reasons, the hosts seen on TLS
 * (with and without keys), and no secret anywhere in either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { defaultConfig } from '../../../node/config/load';
import { buildNode } from '../../../node/node-builder';
import type { ServiceSnapshot } from '../../../node/service/snapshot';
import { metricsText, snapshotOf } from '../../support/service-snapshot';

const DIR = join(__dirname, '../../fixtures/tls');
const KEYS = readFileSync(join(DIR, 'server.keylog'), 'latin1');

function snapshotAfter(keys: string): ServiceSnapshot {
  const node = buildNode(defaultConfig(), new Set(['transaction']), { write: () => {} });
  node.pipeline.tls!.store.addText(keys);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(readFileSync(join(DIR, 'tls.pcap')));
  reader.end();
  node.pipeline.finish();
  return snapshotOf(node, {
    version: '1',
    capture: () => ({ packets: 0, bytes: 0, kernelDropped: null, interfaceDropped: null }),
    keySources: () => ({ files: { bytesRead: 100, rotations: 1, readErrors: 0 }, endpoint: null }),
  });
}

test('status page: decrypted share, reasons, hosts by SNI; metrics: the same, labelled, no host label', async () => {
  const s = snapshotAfter(KEYS);
  const t = s.tls!;
  assert.equal(t.connections, 25);
  assert.equal(t.decrypted, 20);
  assert.equal(t.decryptedShare, 0.8);
  assert.equal(t.undecrypted.handshake_only, 5);
  assert.equal(t.hostsCount, 17, 'one per scenario');
  assert.deepEqual(t.hosts[0], { sni: 'o12-sessionid.tls.test', connections: 6, decrypted: 1 }, 'most connections first');
  assert.ok(t.keylog.secrets > 0);
  const text = await metricsText(s, 'x');
  assert.match(text, /^x_tls_connections_total 25$/m);
  assert.match(text, /^x_tls_decrypted_connections_total 20$/m);
  assert.match(text, /^x_tls_decrypted_share 0\.8$/m);
  assert.match(text, /^x_tls_undecrypted_connections_total\{reason="handshake_only"\} 5$/m);
  assert.match(text, /^x_tls_resumed_total 6$/m);
  assert.match(text, /^x_tls_key_updates_total 3$/m);
  assert.match(text, /^x_tls_keylog_file_events_total\{event="rotation"\} 1$/m);
  assert.doesNotMatch(text, /tls\.test/, 'no host label');
  assert.doesNotMatch(text, /^x_tls_keylog_endpoint_requests_total\{/m, 'no series for a source that is off');
  const page = JSON.stringify(s);
  for (const line of KEYS.split('\n')) {
    const secret = line.split(' ')[2];
    if (secret !== undefined && secret.length >= 32)
      assert.ok(!page.includes(secret) && !text.includes(secret), 'no secret on the status page or in metrics');
  }
});

test('without keys the status page still lists the hosts seen on TLS, none decrypted', () => {
  const t = snapshotAfter('').tls!;
  assert.equal(t.decrypted, 0);
  assert.equal(t.decryptedShare, 0);
  assert.equal(t.hostsCount, 17, 'one per scenario');
  assert.ok(t.hosts.every((h) => h.decrypted === 0 && h.connections > 0));
  assert.equal(t.undecrypted.no_keys + t.undecrypted.rsa_key_exchange, 25);
});
