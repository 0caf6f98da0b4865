import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BATCH_BYTES, BatchWriter, SEGMENT_HEADER, readBatch } from '../../../node/workers/batch';
import { DecodedPacket } from '../../../node/decode/packet';
import { PacketDecoder } from '../../../node/decode/decoder';
import { decoderOptionsFromPlan } from '../../../node/decode/from-plan';
import { defaultConfig } from '../../../node/config/load';
import { LINKTYPE_ETHERNET } from '../../../node/capture/linktypes';
import { ETH_IPV4, PROTO_TCP, ethernetFrame, ipPacket, parseIp, tcpSegment } from '../../../node/sample/frames';

/** What reassembly reads of a decoded segment (node/reassembly): every field, the payload as bytes. */
function fieldsOf(p: DecodedPacket): Record<string, unknown> {
  const addr = p.ipVersion === 4 ? 4 : 16;
  return {
    ts: p.ts,
    vlan: Array.from(p.vlan.subarray(0, p.vlanCount)),
    vni: p.vni,
    geneveVni: p.geneveVni,
    ipVersion: p.ipVersion,
    src: Array.from(p.src.subarray(0, addr)),
    dst: Array.from(p.dst.subarray(0, addr)),
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    seq: p.seq,
    ack: p.ack,
    flags: p.flags,
    window: p.window,
    payload: Buffer.from(p.data.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength)).toString('latin1'),
  };
}

/** A decoded segment with random fields (a property test of the batch layout against the decoder's record). */
function randomSegment(rand: () => number, i: number): DecodedPacket {
  const p = new DecodedPacket();
  const v6 = rand() < 0.3;
  p.ts = 1_700_000_000_000_000 + Math.floor(rand() * 1e12);
  p.ipVersion = v6 ? 6 : 4;
  for (let k = 0; k < 16; k++) {
    p.src[k] = Math.floor(rand() * 256);
    p.dst[k] = Math.floor(rand() * 256);
  }
  p.vlanCount = Math.floor(rand() * 3);
  for (let k = 0; k < p.vlanCount; k++) p.vlan[k] = Math.floor(rand() * 4096);
  p.vni = rand() < 0.5 ? -1 : Math.floor(rand() * 2 ** 24);
  p.geneveVni = rand() < 0.7 ? -1 : Math.floor(rand() * 2 ** 24);
  p.srcPort = Math.floor(rand() * 65536);
  p.dstPort = Math.floor(rand() * 65536);
  p.seq = Math.floor(rand() * 2 ** 32);
  p.ack = Math.floor(rand() * 2 ** 32);
  p.flags = Math.floor(rand() * 64);
  p.window = Math.floor(rand() * 65536);
  const payload = Buffer.from(`segment ${i} `.repeat(Math.floor(rand() * 50)));
  const before = Math.floor(rand() * 60);
  p.data = Buffer.concat([Buffer.alloc(before, 0xee), payload, Buffer.alloc(7, 0xee)]);
  p.payloadOffset = before;
  p.payloadLength = payload.length;
  return p;
}

test('a batch carries every field of a decoded segment and its payload through (random segments)', () => {
  let seed = 42;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const w = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
  const sent: Array<{ fields: Record<string, unknown>; frameNo: number }> = [];
  for (let i = 0; i < 500; i++) {
    const p = randomSegment(rand, i);
    const frameNo = i === 7 ? 2 ** 40 : i + 1;
    assert.ok(w.add(p, frameNo));
    sent.push({ fields: fieldsOf(p), frameNo });
  }
  const got: typeof sent = [];
  const reused = new DecodedPacket();
  readBatch(w.buffer, w.used, reused, (p, frameNo) => got.push({ fields: fieldsOf(p), frameNo }));
  assert.deepEqual(got, sent);
});

test('what the decoder decoded is what the worker reads: a real frame through the batch', () => {
  const config = defaultConfig();
  const decoder = new PacketDecoder(decoderOptionsFromPlan(config.capture, config.limits));
  const src = parseIp('10.0.0.1');
  const dst = parseIp('10.0.0.2');
  const payload = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  const tcp = tcpSegment({ srcPort: 40000, dstPort: 80, seq: 1000, ack: 2000, flags: 0x18, payload }, src, dst);
  const frame = ethernetFrame({
    etherType: ETH_IPV4,
    payload: ipPacket(src, dst, PROTO_TCP, tcp),
    vlan: [{ vid: 100 }, { vid: 200 }],
  });
  const p = decoder.decode(LINKTYPE_ETHERNET, frame, 0, frame.length, 123);
  assert.ok(p !== null);
  const expected = fieldsOf(p);
  const w = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
  assert.ok(w.add(p, 1));
  // Only the payload travels: the link, VLAN, IP and TCP headers stay behind.
  assert.equal(w.used, SEGMENT_HEADER + p.payloadLength);
  let got: Record<string, unknown> | null = null;
  readBatch(w.buffer, w.used, new DecodedPacket(), (q) => (got = fieldsOf(q)));
  assert.deepEqual(got, expected);
});

test('a segment that does not fit is refused, the batch unchanged', () => {
  const w = new BatchWriter(new ArrayBuffer(2 * SEGMENT_HEADER + 40));
  const p = new DecodedPacket();
  p.data = Buffer.alloc(30);
  p.payloadLength = 30;
  assert.ok(w.add(p, 1));
  assert.equal(w.add(p, 2), false);
  assert.equal(w.frames, 1);
  assert.equal(w.used, SEGMENT_HEADER + 30);
});
