/**
 * Tunnels mirrors use (docs/capture.md, "Encapsulations"): GENEVE, VXLAN inside GENEVE, GRE, ERSPAN
 * I/II/III, stacked with VLAN/QinQ and IPv4/IPv6 outer headers, and outer IP fragments reassembled.
 * Each example is a hand-built frame and the segment (or the one counter) it must give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketDecoder, MAX_ENCAP_DEPTH } from '../../../node/decode/decoder';
import { DECODE_SKIPS, type DecodeCounters } from '../../../node/decode/counters';
import { formatIp } from '../../../node/address';
import { LINKTYPE_GENEVE_PAYLOAD } from '../../../node/capture/linktypes';
import type { DecodedPacket } from '../../../node/decode/packet';
import type { DecodeSkip } from '../../../node/decode/packet';
import {
  ACK,
  ETH_IPV4,
  PROTO_GRE,
  PROTO_TCP,
  PROTO_TEB,
  PROTO_UDP,
  PSH,
  TPID_8021AD,
  encapsulateAll,
  ethernetFrame,
  geneveHeader,
  greHeader,
  ipPacket,
  ipv4Packet,
  outerFrames,
  parseIp,
  tcpSegment,
  udpDatagram,
  type Encapsulation,
} from '../../../node/sample/frames';

const V4C = parseIp('10.1.2.3');
const V4S = parseIp('10.9.8.7');
const V6C = parseIp('2001:db8::10');
const V6S = parseIp('2001:db8:1::20');
const PAYLOAD = Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n\r\n');

function innerIp(version: 4 | 6, payload = PAYLOAD): Buffer {
  const [c, s] = version === 4 ? [V4C, V4S] : [V6C, V6S];
  return ipPacket(
    c,
    s,
    PROTO_TCP,
    tcpSegment({ srcPort: 41000, dstPort: 80, seq: 1000, ack: 2000, flags: ACK | PSH, payload }, c, s),
    9,
  );
}

function decodeAll(d: PacketDecoder, frames: Buffer[], linkType = 1): Array<DecodedPacket | null> {
  return frames.map((f, i) => {
    const p = d.decode(linkType, f, 0, f.length, 1000 + i);
    return (
      p &&
      ({
        ...p,
        data: Buffer.from(p.data),
        src: Uint8Array.from(p.src),
        dst: Uint8Array.from(p.dst),
        vlan: Uint16Array.from(p.vlan),
      } as DecodedPacket)
    );
  });
}

function assertInner(p: DecodedPacket | null, version: 4 | 6, payload = PAYLOAD): void {
  assert.ok(p, 'expected a decoded segment');
  assert.equal(p.ipVersion, version);
  assert.equal(formatIp(p.src, version), version === 4 ? '10.1.2.3' : '2001:db8::10');
  assert.equal(formatIp(p.dst, version), version === 4 ? '10.9.8.7' : '2001:db8:1::20');
  assert.equal(p.srcPort, 41000);
  assert.equal(p.dstPort, 80);
  assert.equal(p.seq, 1000);
  assert.ok(p.data.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength).equals(payload));
}

function onlyCounter(c: DecodeCounters, name: DecodeSkip, n = 1): void {
  for (const k of DECODE_SKIPS) assert.equal(c[k], k === name ? n : 0, `counter ${k}`);
  assert.equal(c.frames, c.segments + DECODE_SKIPS.reduce((sum, k) => sum + c[k], 0), 'frames = segments + skips');
}

const TUNNELS: Array<[string, Encapsulation, { vni?: number; geneveVni?: number; tally: keyof DecodeCounters }]> = [
  ['GENEVE, Ethernet payload', { kind: 'geneve', vni: 0x123456 }, { geneveVni: 0x123456, tally: 'tunnel_geneve' }],
  ['GENEVE with 32 bytes of options', { kind: 'geneve', vni: 5, optionBytes: 32 }, { geneveVni: 5, tally: 'tunnel_geneve' }],
  ['GENEVE, IP payload', { kind: 'geneve', vni: 6, payload: 'ip', optionBytes: 8 }, { geneveVni: 6, tally: 'tunnel_geneve' }],
  [
    'GENEVE carrying VXLAN (gateway load balancer)',
    { kind: 'geneve-vxlan', vni: 700, innerVni: 42 },
    { geneveVni: 700, vni: 42, tally: 'tunnel_vxlan' },
  ],
  ['GRE, transparent Ethernet bridging', { kind: 'gre' }, { tally: 'tunnel_gre' }],
  [
    'GRE with checksum, key and sequence, IP payload',
    { kind: 'gre', payload: 'ip', checksum: true, key: 0xabcdef01, sequence: 77 },
    { tally: 'tunnel_gre' },
  ],
  ['GRE with key, Ethernet payload', { kind: 'gre', key: 9 }, { tally: 'tunnel_gre' }],
  ['ERSPAN type I', { kind: 'erspan', type: 1 }, { tally: 'tunnel_erspan' }],
  ['ERSPAN type II', { kind: 'erspan', type: 2, session: 1023 }, { tally: 'tunnel_erspan' }],
  ['ERSPAN type III', { kind: 'erspan', type: 3 }, { tally: 'tunnel_erspan' }],
  ['ERSPAN type III with the platform sub-header', { kind: 'erspan', type: 3, platform: true }, { tally: 'tunnel_erspan' }],
  ['ERSPAN type III, IP frame type', { kind: 'erspan', type: 3, frameType: 'ip' }, { tally: 'tunnel_erspan' }],
];

for (const [name, encap, want] of TUNNELS) {
  for (const inner of [4, 6] as const) {
    for (const outer of ['192.0.2.1', '2001:db8:ffff::1']) {
      test(`${name}: inner IPv${inner}, outer ${outer.includes(':') ? 'IPv6' : 'IPv4'}, outer QinQ and inner VLAN`, () => {
        const outerDst = outer.includes(':') ? '2001:db8:ffff::2' : '192.0.2.2';
        const stacked = {
          ...encap,
          outerSrc: outer,
          outerDst,
          outerVlan: [{ vid: 300, tpid: TPID_8021AD }, { vid: 30 }],
          innerVlan: [{ vid: 7 }],
        } as Encapsulation;
        const { frames } = encapsulateAll(innerIp(inner), inner, stacked);
        assert.equal(frames.length, 1);
        const d = new PacketDecoder();
        const [p] = decodeAll(d, frames);
        assertInner(p, inner);
        const ipPayload =
          (encap.kind === 'geneve' && encap.payload === 'ip') ||
          (encap.kind === 'gre' && encap.payload === 'ip') ||
          (encap.kind === 'erspan' && encap.frameType === 'ip');
        assert.deepEqual(
          [...p!.vlan.subarray(0, p!.vlanCount)],
          ipPayload ? [300, 30] : [300, 30, 7],
          "outer tags, then the mirrored frame's",
        );
        assert.equal(p!.vni, want.vni ?? -1);
        assert.equal(p!.geneveVni, want.geneveVni ?? -1);
        assert.equal(d.counters[want.tally], 1);
        assert.equal(d.counters.segments, 1);
      });
    }
  }
}

test('GENEVE over UDP on a custom port needs that port; otherwise it is UDP (not_tcp)', () => {
  const { frames } = encapsulateAll(innerIp(4), 4, { kind: 'geneve', vni: 1, port: 7000 });
  const plain = new PacketDecoder();
  decodeAll(plain, frames);
  onlyCounter(plain.counters, 'not_tcp');
  const custom = new PacketDecoder({ genevePorts: [7000] });
  assertInner(decodeAll(custom, frames)[0], 4);
});

test('the GENEVE listener hands on the UDP payload: GENEVE header first', () => {
  const payload = Buffer.concat([geneveHeader(99, PROTO_TEB, 12), ethernetFrame({ etherType: ETH_IPV4, payload: innerIp(4) })]);
  const d = new PacketDecoder();
  const p = d.decode(LINKTYPE_GENEVE_PAYLOAD, payload, 0, payload.length, 1);
  assertInner(p, 4);
  assert.equal(p!.geneveVni, 99);
});

test('GENEVE filters: vni_filter on the GENEVE VNI, inner_vni_filter on the VXLAN VNI inside', () => {
  const frame = (vni: number, innerVni: number) =>
    encapsulateAll(innerIp(4), 4, { kind: 'geneve-vxlan', vni, innerVni }).frames[0];
  const d = new PacketDecoder({ geneveVniInclude: [10], innerVniInclude: [20], vniInclude: [999] });
  assert.ok(
    d.decode(1, frame(10, 20), 0, frame(10, 20).length, 1),
    "both listed: kept (the VXLAN listener's vniInclude does not apply)",
  );
  assert.equal(d.decode(1, frame(11, 20), 0, frame(11, 20).length, 1), null);
  assert.equal(d.counters.geneve_vni_filtered, 1);
  assert.equal(d.decode(1, frame(10, 21), 0, frame(10, 21).length, 1), null);
  assert.equal(d.counters.vni_filtered, 1);
});

function udpFrame(dstPort: number, body: Buffer): Buffer {
  const s = parseIp('192.0.2.1');
  const t = parseIp('192.0.2.2');
  return ethernetFrame({
    etherType: ETH_IPV4,
    payload: ipv4Packet({ src: s, dst: t, protocol: PROTO_UDP, payload: udpDatagram(1, dstPort, body, s, t) }),
  });
}

function greFrame(gre: Buffer): Buffer {
  const s = parseIp('192.0.2.1');
  const t = parseIp('192.0.2.2');
  return ethernetFrame({ etherType: ETH_IPV4, payload: ipv4Packet({ src: s, dst: t, protocol: PROTO_GRE, payload: gre }) });
}

const inner = ethernetFrame({ etherType: ETH_IPV4, payload: innerIp(4) });

const REJECTS: Array<[string, Buffer, DecodeSkip]> = [
  [
    'GENEVE version 1',
    udpFrame(6081, Buffer.concat([Buffer.from([0x40, 0, 0x65, 0x58, 0, 0, 1, 0]), inner])),
    'bad_geneve_header',
  ],
  [
    'GENEVE with the O (control) bit',
    udpFrame(6081, Buffer.concat([geneveHeader(1, PROTO_TEB, 0, true), inner])),
    'geneve_control',
  ],
  ['GENEVE carrying MPLS', udpFrame(6081, Buffer.concat([geneveHeader(1, 0x8847), inner])), 'geneve_unsupported_protocol'],
  ['GENEVE options longer than the datagram', udpFrame(6081, geneveHeader(1, PROTO_TEB, 40).subarray(0, 20)), 'truncated'],
  [
    'GRE version 1 (PPTP)',
    greFrame(Buffer.concat([Buffer.from([0x30, 0x81, 0x88, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0]), inner])),
    'gre_unsupported',
  ],
  [
    'GRE with the RFC 1701 routing bit',
    greFrame(Buffer.concat([Buffer.from([0x40, 0, 0x65, 0x58, 0, 0, 0, 0]), inner])),
    'bad_gre_header',
  ],
  [
    'GRE carrying an unknown protocol',
    greFrame(Buffer.concat([greHeader({ protocol: 0x0806 }, inner), inner])),
    'gre_unsupported',
  ],
  ['GRE key announced but missing', greFrame(Buffer.from([0x20, 0, 0x65, 0x58, 0, 0])), 'truncated'],
  [
    'ERSPAN II with version 2 in its header',
    greFrame(
      Buffer.concat([greHeader({ protocol: 0x88be, sequence: 1 }, inner), Buffer.from([0x20, 0, 0, 1, 0, 0, 0, 0]), inner]),
    ),
    'bad_erspan_header',
  ],
  [
    'ERSPAN III with version 1 in its header',
    greFrame(Buffer.concat([greHeader({ protocol: 0x22eb, sequence: 1 }, inner), Buffer.alloc(12, 0x10), inner])),
    'bad_erspan_header',
  ],
  [
    'ERSPAN III announcing a platform sub-header it lacks',
    greFrame(
      Buffer.concat([
        greHeader({ protocol: 0x22eb, sequence: 1 }, inner),
        Buffer.from([0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        Buffer.alloc(4),
      ]),
    ),
    'truncated',
  ],
  [
    'ERSPAN III with an unknown frame type',
    greFrame(
      Buffer.concat([
        greHeader({ protocol: 0x22eb, sequence: 1 }, inner),
        Buffer.from([0x20, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x0c, 0]),
        inner,
      ]),
    ),
    'bad_erspan_header',
  ],
];

for (const [name, frame, reason] of REJECTS) {
  test(`rejected: ${name} -> ${reason} (frame and bytes counted)`, () => {
    const d = new PacketDecoder();
    assert.equal(d.decode(1, frame, 0, frame.length, 1), null);
    onlyCounter(d.counters, reason);
    assert.equal(d.counters[`bytes_${reason}`], frame.length);
  });
}

test(`tunnels nest up to ${MAX_ENCAP_DEPTH} deep (GRE in GENEVE in VXLAN ...), then encap_too_deep`, () => {
  const wrap = (ethFrame: Buffer, level: number): Buffer => {
    const s = parseIp('192.0.2.1');
    const t = parseIp('192.0.2.2');
    if (level % 2 === 0)
      return outerFrames(PROTO_GRE, Buffer.concat([greHeader({ protocol: PROTO_TEB }, ethFrame), ethFrame]), {})[0];
    return ethernetFrame({
      etherType: ETH_IPV4,
      payload: ipv4Packet({
        src: s,
        dst: t,
        protocol: PROTO_UDP,
        payload: udpDatagram(1, 6081, Buffer.concat([geneveHeader(level, PROTO_TEB, 4), ethFrame]), s, t),
      }),
    });
  };
  let frame = inner;
  for (let level = 0; level < MAX_ENCAP_DEPTH; level++) frame = wrap(frame, level);
  const ok = new PacketDecoder();
  assertInner(decodeAll(ok, [frame])[0], 4);
  const deep = new PacketDecoder();
  decodeAll(deep, [wrap(frame, MAX_ENCAP_DEPTH)]);
  onlyCounter(deep.counters, 'encap_too_deep');
});

// A 9000-byte mirrored frame over a 1500-byte path: the outer IP datagram arrives in fragments.
const JUMBO = Buffer.alloc(8800, 'j');
for (const [name, encap] of [
  ['VXLAN over IPv4', { kind: 'vxlan', vni: 3, outerMtu: 1500 }],
  ['GENEVE over IPv6', { kind: 'geneve', vni: 3, outerSrc: '2001:db8:ffff::1', outerDst: '2001:db8:ffff::2', outerMtu: 1500 }],
  ['ERSPAN III over IPv4 with outer VLAN', { kind: 'erspan', type: 3, outerMtu: 1500, outerVlan: [{ vid: 12 }] }],
  ['GRE over IPv6', { kind: 'gre', outerSrc: '2001:db8:ffff::1', outerDst: '2001:db8:ffff::2', outerMtu: 1280 }],
] as Array<[string, Encapsulation]>) {
  test(`outer fragments reassembled: ${name}, in order and reversed`, () => {
    const { frames } = encapsulateAll(innerIp(4, JUMBO), 4, encap, 77);
    assert.ok(frames.length >= 6, `${frames.length} fragments`);
    for (const order of [frames, [...frames].reverse()]) {
      const d = new PacketDecoder();
      const out = decodeAll(d, order);
      for (const p of out.slice(0, -1)) assert.equal(p, null);
      assertInner(out.at(-1)!, 4, JUMBO);
      assert.ok(d.reassembled, 'the rebuilt frame is exposed');
      assert.equal(d.counters.fragment_buffered, frames.length - 1);
      assert.equal(d.counters.datagrams_reassembled, 1);
      assert.equal(d.reassemblyBytes, 0, 'nothing held afterwards');
      // The rebuilt frame decodes to the same segment on its own (what a worker receives).
      assertInner(decodeAll(new PacketDecoder(), [d.reassembled!])[0], 4, JUMBO);
    }
  });
}

test('fragments: duplicates ignored, overlaps invalidate the datagram, the byte limit is enforced, stale datagrams expire', () => {
  const { frames } = encapsulateAll(innerIp(4, JUMBO), 4, { kind: 'vxlan', vni: 1, outerMtu: 1500 }, 5);
  const dup = new PacketDecoder();
  const out = decodeAll(dup, [frames[0], frames[0], ...frames.slice(1)]);
  assert.equal(dup.counters.fragment_duplicate, 1);
  assertInner(out.at(-1)!, 4, JUMBO);

  // An overlapping fragment: same datagram, offset 8 bytes into the first fragment's range.
  const overlap = Buffer.from(frames[1]);
  const fo = overlap.readUInt16BE(14 + 6);
  overlap.writeUInt16BE((fo & 0xe000) | ((fo & 0x1fff) - 1), 14 + 6);
  const bad = new PacketDecoder();
  decodeAll(bad, [frames[0], overlap, ...frames.slice(2)]);
  assert.equal(bad.counters.fragment_invalid, 1);
  assert.equal(bad.counters.segments, 0);

  const small = new PacketDecoder({ reassemblyBytes: 4096 });
  decodeAll(small, frames);
  assert.equal(small.counters.segments, 0);
  assert.ok(small.counters.fragment_limit >= 1);
  assert.ok(small.reassemblyBytes <= 4096);

  const slow = new PacketDecoder({ reassemblyTimeoutUs: 10 });
  slow.decode(1, frames[0], 0, frames[0].length, 0);
  slow.decode(1, frames[1], 0, frames[1].length, 100);
  assert.equal(slow.counters.datagrams_expired, 1);
  assert.equal(slow.counters.segments, 0);
});

test('fragments of plain TCP are still counted and skipped (ip_fragment), not reassembled', () => {
  const s = parseIp('10.1.2.3');
  const t = parseIp('10.9.8.7');
  const ip = ipv4Packet({ src: s, dst: t, protocol: PROTO_TCP, payload: Buffer.alloc(100), moreFragments: true });
  const d = new PacketDecoder();
  decodeAll(d, [ethernetFrame({ etherType: ETH_IPV4, payload: ip })]);
  onlyCounter(d.counters, 'ip_fragment');
});
