import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordType } from '../../../node/records/types';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import type { HttpTransaction } from '../../../node/http/types';
import type { AttackRecord, NodeRecord } from '../../../node/records/types';
import { buildScenario } from '../../../node/sample/scenarios';
import { lorem } from '../../../node/sample/http-exchange';

const SQL_ERROR = "<html><body>You have an error in your SQL syntax near '1'</body></html>";
const scenario = buildScenario('body-policy', [
  {
    opts: { client: '10.1.0.2', server: '10.1.0.1', clientPort: 40000, serverPort: 80, seed: 3, mss: 600 },
    exchanges: [
      {
        method: 'POST',
        target: '/api/items',
        requestHeaders: [['Content-Type', 'application/json']],
        requestBody: '{"name":"chair"}',
        responseHeaders: [['Content-Type', 'text/html']],
        responseBody: lorem(5000, 1),
      },
      {
        target: "/item?id=1'%20OR%20'1'='1",
        responseHeaders: [['Content-Type', 'text/html']],
        responseBody: SQL_ERROR + lorem(3000, 2),
      },
    ],
  },
]);

function replay(produce: RecordType[]): { txs: HttpTransaction[]; records: NodeRecord[] } {
  const txs: HttpTransaction[] = [];
  const records: NodeRecord[] = [];
  const node = buildNode(defaultConfig(), new Set(produce), { write: (r) => records.push(r) }, undefined, (tx) => txs.push(tx));
  for (const p of scenario.packets) node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  node.pipeline.finish();
  return { txs, records };
}

test('attacks only: request bodies are kept, a response body only when its request has hits', () => {
  const { txs, records } = replay(['attack']);
  assert.equal(txs.length, 2);
  const [clean, attack] = txs;
  assert.equal(clean.request.body.inspect.toString(), '{"name":"chair"}');
  assert.equal(clean.response?.body.length, 5000);
  assert.equal(clean.response?.body.inspect.length, 0, "nobody reads a clean request's response body");
  assert.equal(clean.response?.body.truncated, true);
  assert.ok(attack.response?.body.inspect.toString().startsWith(SQL_ERROR));
  const attacks = records.filter((r): r is AttackRecord => r.type === 'attack');
  assert.equal(attacks.length, 1);
  assert.equal(attacks[0].verdict, 'succeeded', 'the verdict read the kept response body');
});

test('no record reads bodies: none is copied; API discovery keeps every response body', () => {
  const none = replay([]);
  assert.ok(none.txs.every((tx) => tx.request.body.inspect.length === 0 && tx.response?.body.inspect.length === 0));
  assert.equal(none.txs[0].response?.body.length, 5000);
  const api = replay(['api_endpoint']);
  assert.ok(api.txs.every((tx) => (tx.response?.body.inspect.length ?? 0) > 0));
});

test('bodies are digested (SHA-256) only when transaction records, the one record that carries a digest, are produced', () => {
  // Every record type but transaction: no digest, and no transaction record is formatted.
  const without = replay(['attack', 'vulnerability', 'api_endpoint', 'session']);
  assert.ok(without.txs.every((tx) => tx.request.body.sha256 === '' && tx.response?.body.sha256 === ''));
  assert.ok(without.records.every((r) => r.type !== 'transaction'));
  const withTx = replay(['transaction', 'attack']);
  assert.match(withTx.txs[1].response!.body.sha256, /^[0-9a-f]{64}$/);
  assert.equal(withTx.records.filter((r) => r.type === 'transaction').length, 2);
});
