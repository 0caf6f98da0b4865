/**
 * Replays a TLS capture made by test/gen/tls-captures.ts with key-log lines and checks it against
 * what the Node server received (test/unit/tls/captures.test.ts on the committed fixture,
 * test/integration/tls-live.test.ts on a fresh capture).
 */
import assert from 'node:assert/strict';
import { PcapStreamReader } from '../../node/capture/pcap-reader';
import { loadConfigText } from '../../node/config/load';
import { buildNode } from '../../node/node-builder';
import { countersOf, type LiveCounters } from '../../node/summary';
import type { NodeRecord, TransactionRecord } from '../../node/records/types';
import type { ExpectedCapture } from '../gen/tls-captures';

export interface Run {
  tx: TransactionRecord[];
  counters: LiveCounters;
}

/** Replays the fixture; `keys` go in before the capture, or after it (`late`) like a key log that arrives after the handshakes. */
export function replayTls(pcap: Buffer, keys: string, opts: { late?: boolean; tlsYaml?: string } = {}): Run {
  const tlsYaml = opts.tlsYaml ?? '';
  const result = loadConfigText(
    `mode: tcp-capture\ntls:\n${tlsYaml.includes('key_wait:') ? '' : '  key_wait: 60s\n'}${tlsYaml}`,
    'test',
  );
  if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
  const records: NodeRecord[] = [];
  const node = buildNode(result.config, new Set(['transaction']), { write: (r) => void records.push(r) });
  const store = node.pipeline.tls!.store;
  if (!opts.late) store.addText(keys);
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(pcap);
  reader.end();
  if (opts.late) store.addText(keys);
  node.pipeline.finish();
  return { tx: records.filter((r): r is TransactionRecord => r.type === 'transaction'), counters: countersOf(node) };
}

export const scenarioOf = (r: TransactionRecord): string => r.host.split('.')[0];
export const APP_DATA_CONNECTIONS = 20;
/** Every TLS connection of the capture: those with data and the five of s_client -reconnect that have none. */
export const TLS_CONNECTIONS = 25;
export const allRequests = (e: ExpectedCapture): number =>
  e.nodeServer.length + e.sServer.reduce((n, s) => n + s.targets.length, 0);

export function assertAllDecrypted(run: Run, EXPECTED: ExpectedCapture): void {
  const { tx, counters } = run;
  assert.equal(tx.length, allRequests(EXPECTED));
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
    assert.deepEqual(
      got.map((r) => r.request.target),
      e.targets,
    );
    assert.equal(got[0].response?.status, 200);
    assert.match(got[0].response!.headers.map((h) => h.join(': ')).join('\n'), /text\/html/);
  }
  for (const s of EXPECTED.scenarios) {
    const got = tx.filter((r) => scenarioOf(r) === s.name);
    assert.ok(got.length > 0, `${s.name}: decrypted`);
    for (const r of got)
      assert.deepEqual(r.tls, { version: s.version, cipher: s.cipher, sni: `${s.name}.tls.test` }, `${s.name}: tls field`);
  }
  assert.deepEqual(
    Object.values(counters.http.errors).filter((n) => n > 0),
    [],
    'no HTTP errors',
  );
  const t = counters.tls!;
  assert.equal(t.decrypted, APP_DATA_CONNECTIONS);
  assert.equal(t.undecrypted.handshake_only, 5, 's_client -reconnect: five connections that carry no data');
  assert.equal(
    t.decrypted + Object.values(t.undecrypted).reduce((a, b) => a + b, 0),
    t.connections,
    'each connection in one bucket',
  );
}
