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

test('the warm-up takes the paths live traffic took after it (docs/performance.md "Compilation, deoptimisation and GC (branch i22-jit)")', () => {
  // Each was a deoptimisation in both workers during the first seconds of traffic when the warm-up
  // lacked it: VXLAN frames, traffic over several seconds, '+' in queries and form bodies, server version banners, addresses and
  // times as values, HTML attributes, shell substitutions, printf conversions.
  const records: NodeRecord[] = [];
  const produce = new Set<RecordType>(['transaction', 'attack']);
  const node = buildNode(defaultConfig(), produce, { write: (r) => void records.push(r) });
  const { packets } = warmupScenario();
  for (const p of packets) node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  node.pipeline.finish();
  assert.ok(node.pipeline.decoder.counters.tunnel_vxlan > 0, 'VXLAN-tunnelled frames');
  const seconds = new Set(packets.map((p) => Math.floor(p.ts / 1e6)));
  assert.ok(seconds.size >= 5, `several seconds of capture time (${seconds.size})`);
  const text = JSON.stringify(records.filter((r) => r.type === 'transaction'));
  for (const seen of ['+blue', 'nginx/1.24.0', 'Express', 'client=10.1.', 'at=12:'])
    assert.ok(text.includes(seen), `a transaction with ${seen}`);
  const bytes = Buffer.concat(packets.map((p) => p.frame));
  assert.ok(bytes.includes('remember=1&note=new+user'), "a form body with '+'");
  const attacks = JSON.stringify(records.filter((r) => r.type === 'attack'));
  for (const seen of ['onerror', '$(id)', '%n%n']) assert.ok(attacks.includes(seen), `an attack with ${seen}`);
});
