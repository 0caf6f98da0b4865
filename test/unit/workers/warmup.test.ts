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
import { PacketDecoder } from '../../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../../node/decode/from-plan';
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

test('the warm-up sequence numbers span the 32-bit range as real stacks pick them, some wrapping past 2^32', () => {
  // Small ones only would let V8 compile the reassembly for small integers, deoptimised by the
  // first live segment (docs/performance.md "Results (branch i22-workers, second session)").
  const config = defaultConfig();
  const decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
  const seqs: number[] = [];
  for (const p of warmupScenario().packets) {
    const d = decoder.decode(p.linkType, p.frame, 0, p.frame.length, p.ts);
    if (d !== null) seqs.push(d.seq, d.ack);
  }
  assert.ok(seqs.filter((s) => s >= 2 ** 31).length > seqs.length / 4, 'many above 2^31');
  assert.ok(seqs.some((s) => s > 2 ** 32 - 50_000) && seqs.some((s) => s > 0 && s < 50_000), 'some connections wrap past 2^32');
});
