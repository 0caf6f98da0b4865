import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodedPacket } from '../../../node/decode/packet';
import { shardOf } from '../../../node/workers/shard';
import { Rng } from '../../../node/sample/rng';

function packet(rng: Rng, v6: boolean): DecodedPacket {
  const p = new DecodedPacket();
  p.ipVersion = v6 ? 6 : 4;
  p.src.set(rng.bytes(16));
  p.dst.set(rng.bytes(16));
  p.srcPort = rng.int(0, 65535);
  p.dstPort = rng.int(0, 65535);
  return p;
}

function reversed(p: DecodedPacket): DecodedPacket {
  const r = new DecodedPacket();
  Object.assign(r, { ipVersion: p.ipVersion, srcPort: p.dstPort, dstPort: p.srcPort, vni: p.vni, vlanCount: p.vlanCount });
  r.src.set(p.dst);
  r.dst.set(p.src);
  r.vlan.set(p.vlan);
  return r;
}

test('both directions of a connection go to the same worker', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 2000; i++) {
    const p = packet(rng, i % 2 === 0);
    if (i % 3 === 0) p.vlan[p.vlanCount++] = rng.int(1, 4094);
    if (i % 5 === 0) p.vni = rng.int(0, 0xffffff);
    for (const n of [2, 3, 8]) assert.equal(shardOf(p, n), shardOf(reversed(p), n));
  }
});

test('connections spread evenly over the workers', () => {
  const rng = new Rng(4);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++) counts[shardOf(packet(rng, false), 4)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 600, `uneven: ${counts.join(' ')}`);
});

test('the same addresses on another VLAN or VNI are another connection (may shard elsewhere)', () => {
  const rng = new Rng(5);
  let moved = 0;
  for (let i = 0; i < 200; i++) {
    const p = packet(rng, false);
    const plain = shardOf(p, 8);
    p.vni = i;
    if (shardOf(p, 8) !== plain) moved++;
  }
  assert.ok(moved > 100, `the VNI hardly changes the shard (${moved}/200)`);
});
