/**
 * The traffic each analysis worker of the live service analyses before it reports ready
 * (node/sample/warmup.ts): it must take the paths real traffic takes — every exchange read as a
 * transaction on plain, 802.1Q and QinQ frames, the attacks in it found, API discovery fed —
 * or the workers are still compiling those paths when the first captured frames arrive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmupScenario } from '../../../node/sample/warmup';
import { demoScenario } from '../../../node/sample/demo';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import type { NodeRecord, RecordType } from '../../../node/records/types';

test('the warm-up traffic is read whole: every exchange a transaction, its attacks found, API discovery fed, VLAN and QinQ decoded', () => {
  const records: NodeRecord[] = [];
  const produce = new Set<RecordType>(['transaction', 'attack', 'vulnerability', 'api_endpoint', 'session']);
  const node = buildNode(defaultConfig(), produce, { write: (r) => void records.push(r) });
  const { packets } = warmupScenario();
  let ts = -Infinity;
  for (const p of packets) {
    assert.ok(p.ts >= ts, 'frames in time order');
    ts = p.ts;
    node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  }
  node.pipeline.finish();
  const transactions = records.filter((r) => r.type === 'transaction');
  const demo = demoScenario().expected.length;
  assert.equal(transactions.length, 24 * 4 + demo, 'every exchange of the mix and of the demo');
  assert.ok(
    transactions.every((t) => (t as { response?: unknown }).response !== null),
    'every request answered',
  );
  assert.ok(records.filter((r) => r.type === 'attack').length >= 8, 'the attacks in it are found');
  assert.ok(records.some((r) => r.type === 'api_endpoint'));
  const decode = node.pipeline.decoder.counters;
  assert.equal(decode.segments, packets.length, 'every frame decoded to a TCP segment');
  const vlans = new Set(transactions.map((t) => JSON.stringify((t as { flow?: { vlan?: unknown } }).flow?.vlan ?? null)));
  assert.ok(vlans.size >= 3, `plain, 802.1Q and QinQ connections (${[...vlans].join(' ')})`);
});
