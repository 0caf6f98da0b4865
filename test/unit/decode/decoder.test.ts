import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketDecoder, MAX_ENCAP_DEPTH } from '../../../node/decode/decoder';
import { DECODE_SKIPS, type DecodeCounters } from '../../../node/decode/counters';
import { formatIp } from '../../../node/address';
import { LINKTYPE_LOOP, LINKTYPE_RAW_BSD, LINKTYPE_RAW_OPENBSD, LINKTYPE_VXLAN_PAYLOAD } from '../../../node/capture/linktypes';
import type { DecodedPacket } from '../../../node/decode/packet';
import { MAX_VLAN_DEPTH } from '../../../node/capture/linktypes';
import {
  ACK,
  ETH_IPV4,
  ETH_IPV6,
  PROTO_TCP,
  PROTO_UDP,
  PSH,
  TPID_8021AD,
  TPID_QINQ_OLD,
  encapsulate,
  ethernetFrame,
  fragmentIpv4,
  fragmentIpv6,
  ipPacket,
  ipv4Packet,
  ipv6Packet,
  parseIp,
  tcpSegment,
  tcpTimestampOption,
  udpDatagram,
  vxlanFrame,
  vxlanHeader,
  type Encapsulation,
  type Ipv6Extension,
} from '../../../node/sample/frames';
import { TcpConversation } from '../../../node/sample/conversation';
import { Rng } from '../../../node/sample/rng';

const V4C = parseIp('10.1.2.3');
const V4S = parseIp('10.9.8.7');
const V6C = parseIp('2001:db8::10');
const V6S = parseIp('2001:db8:1::20');
const PAYLOAD = Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n\r\n');

function seg(src = V4C, dst = V4S, payload = PAYLOAD, options?: Buffer): Buffer {
  return tcpSegment(
    { srcPort: 41000, dstPort: 80, seq: 0xfffffff0, ack: 0x80000001, flags: ACK | PSH, options, payload },
    src,
    dst,
  );
}

function decodeFrame(d: PacketDecoder, linkType: number, frame: Buffer): DecodedPacket | null {
  return d.decode(linkType, frame, 0, frame.length, 1234);
}

/** Asserts the decoded segment is the standard one built by seg(). */
function assertSegment(p: DecodedPacket | null, version: 4 | 6 = 4): DecodedPacket {
  assert.ok(p, 'expected a decoded segment');
  assert.equal(p.ipVersion, version);
  assert.equal(formatIp(p.src, version), version === 4 ? '10.1.2.3' : '2001:db8::10');
  assert.equal(formatIp(p.dst, version), version === 4 ? '10.9.8.7' : '2001:db8:1::20');
  assert.equal(p.srcPort, 41000);
  assert.equal(p.dstPort, 80);
  assert.equal(p.seq, 0xfffffff0);
  assert.equal(p.ack, 0x80000001);
  assert.equal(p.flags, ACK | PSH);
  assert.equal(p.ts, 1234);
  assert.equal(p.data.toString('latin1', p.payloadOffset, p.payloadOffset + p.payloadLength), PAYLOAD.toString('latin1'));
  return p;
}

function onlyCounter(c: DecodeCounters, name: keyof DecodeCounters): void {
  for (const k of DECODE_SKIPS) assert.equal(c[k], k === name ? 1 : 0, `counter ${k}`);
}

for (const version of [4, 6] as const) {
  const [c, s] = version === 4 ? [V4C, V4S] : [V6C, V6S];
  const encaps: Array<[string, Encapsulation]> = [
    ['ethernet', { kind: 'ethernet' }],
    ['sll', { kind: 'sll' }],
    ['sll2', { kind: 'sll2' }],
    ['raw', { kind: 'raw' }],
    ['null', { kind: 'null' }],
    ['vxlan', { kind: 'vxlan', vni: 77 }],
  ];
  for (const [name, encap] of encaps) {
    test(`IPv${version} TCP over ${name}`, () => {
      const d = new PacketDecoder();
      const { linkType, frame } = encapsulate(ipPacket(c, s, PROTO_TCP, seg(c, s)), version, encap);
      const p = assertSegment(decodeFrame(d, linkType, frame), version);
      assert.equal(p.vni, name === 'vxlan' ? 77 : -1);
      assert.equal(d.counters.segments, 1);
    });
  }
}

test('historical raw-IP and BSD loopback link types', () => {
  const d = new PacketDecoder();
  const ip = ipPacket(V4C, V4S, PROTO_TCP, seg());
  assertSegment(decodeFrame(d, LINKTYPE_RAW_BSD, ip));
  assertSegment(decodeFrame(d, LINKTYPE_RAW_OPENBSD, ip));
  const loopBe = Buffer.concat([Buffer.from([0, 0, 0, 2]), ip]);
  assertSegment(decodeFrame(d, LINKTYPE_LOOP, loopBe));
  // LINKTYPE_NULL written by a big-endian host.
  assertSegment(decodeFrame(d, 0, loopBe));
  const ip6 = ipPacket(V6C, V6S, PROTO_TCP, seg(V6C, V6S));
  assertSegment(decodeFrame(d, 0, Buffer.concat([Buffer.from([10, 0, 0, 0]), ip6])), 6);
});

test('VLAN tags at every depth up to the maximum, outermost first, any TPID', () => {
  for (let depth = 1; depth <= MAX_VLAN_DEPTH; depth++) {
    const d = new PacketDecoder();
    const tpids = [TPID_8021AD, TPID_QINQ_OLD, 0x8100];
    const vlan = Array.from({ length: depth }, (_, i) => ({ vid: 100 + i, tpid: tpids[i % 3] }));
    const { linkType, frame } = encapsulate(ipPacket(V4C, V4S, PROTO_TCP, seg()), 4, { kind: 'ethernet', vlan });
    const p = assertSegment(decodeFrame(d, linkType, frame));
    assert.deepEqual(
      [...p.vlan.subarray(0, p.vlanCount)],
      vlan.map((t) => t.vid),
    );
  }
  const d = new PacketDecoder();
  const vlan = Array.from({ length: MAX_VLAN_DEPTH + 1 }, (_, i) => ({ vid: i + 1 }));
  const { linkType, frame } = encapsulate(ipPacket(V4C, V4S, PROTO_TCP, seg()), 4, { kind: 'ethernet', vlan });
  assert.equal(decodeFrame(d, linkType, frame), null);
  onlyCounter(d.counters, 'vlan_too_deep');
});

test('tags are reset between packets and the VID filter matches any depth', () => {
  const d = new PacketDecoder({ vlanVids: [200] });
  const tagged = (vids: number[]): Buffer =>
    encapsulate(ipPacket(V4C, V4S, PROTO_TCP, seg()), 4, { kind: 'ethernet', vlan: vids.map((vid) => ({ vid })) }).frame;
  assertSegment(decodeFrame(d, 1, tagged([200])));
  assertSegment(decodeFrame(d, 1, tagged([10, 200])));
  assert.equal(decodeFrame(d, 1, tagged([10, 20])), null);
  assert.equal(decodeFrame(d, 1, tagged([])), null);
  assert.equal(d.counters.vlan_filtered, 2);
  const plain = new PacketDecoder();
  decodeFrame(plain, 1, tagged([5, 6]));
  assert.equal(decodeFrame(plain, 1, tagged([]))!.vlanCount, 0);
});

test('IPv4 options, Ethernet padding and the total length bound the payload', () => {
  const d = new PacketDecoder();
  const options = Buffer.from([0x94, 0x04, 0, 0, 1, 1, 1, 0]); // router alert, NOPs, EOL
  const ip = ipv4Packet({ src: V4C, dst: V4S, protocol: PROTO_TCP, payload: seg(), options });
  assertSegment(decodeFrame(d, 1, ethernetFrame({ etherType: ETH_IPV4, payload: ip })));
  // A bare SYN is padded to 60 bytes by the NIC: the padding is not payload.
  const syn = tcpSegment({ srcPort: 1, dstPort: 80, seq: 1, ack: 0, flags: 2 }, V4C, V4S);
  const padded = ethernetFrame({ etherType: ETH_IPV4, payload: ipPacket(V4C, V4S, PROTO_TCP, syn), pad: true });
  assert.equal(padded.length, 60);
  assert.equal(decodeFrame(d, 1, padded)!.payloadLength, 0);
  // Trailing garbage after the datagram (e.g. an FCS) is ignored too.
  const withFcs = Buffer.concat([
    ethernetFrame({ etherType: ETH_IPV4, payload: ipPacket(V4C, V4S, PROTO_TCP, seg()) }),
    Buffer.from([1, 2, 3, 4]),
  ]);
  assertSegment(decodeFrame(d, 1, withFcs));
});

test('IPv4 fragments are counted and skipped', () => {
  for (const [fragmentOffset, moreFragments] of [
    [0, true],
    [8, true],
    [1480, false],
  ] as const) {
    const d = new PacketDecoder();
    const ip = ipv4Packet({ src: V4C, dst: V4S, protocol: PROTO_TCP, payload: seg(), fragmentOffset, moreFragments });
    assert.equal(decodeFrame(d, 101, ip), null);
    onlyCounter(d.counters, 'ip_fragment');
  }
});

test('fragmented TCP (generator helpers): every fragment skipped, payload bytes preserved', () => {
  const body = Buffer.alloc(3000, 0x5a);
  const v4 = ipv4Packet({
    src: V4C,
    dst: V4S,
    protocol: PROTO_TCP,
    payload: seg(V4C, V4S, body),
    id: 77,
    options: Buffer.from([1, 1, 1, 1]),
  });
  const f4 = fragmentIpv4(v4, 1000);
  assert.equal(f4.length, 4);
  assert.equal(Buffer.concat(f4.map((f) => f.subarray(24))).length, v4.length - 24);
  const v6 = { src: V6C, dst: V6S, nextHeader: PROTO_TCP, payload: seg(V6C, V6S, body), extensions: [{ type: 'hop' as const }] };
  const f6 = fragmentIpv6(v6, 1400);
  assert.equal(f6.length, 3);
  const d = new PacketDecoder();
  for (const f of [...f4, ...f6]) assert.equal(decodeFrame(d, 101, f), null);
  onlyCounterN(d.counters, 'ip_fragment', 7);
});

function onlyCounterN(c: DecodeCounters, name: keyof DecodeCounters, n: number): void {
  for (const k of DECODE_SKIPS) assert.equal(c[k], k === name ? n : 0, `counter ${k}`);
}

test('malformed IPv4 headers', () => {
  const good = ipPacket(V4C, V4S, PROTO_TCP, seg());
  const cases: Array<[string, (b: Buffer) => void, keyof DecodeCounters]> = [
    ['IHL below 5', (b) => (b[0] = 0x44), 'bad_ip_header'],
    ['total length below IHL', (b) => b.writeUInt16BE(12, 2), 'bad_ip_header'],
    ['total length beyond the frame', (b) => b.writeUInt16BE(b.length + 1, 2), 'truncated'],
    ['IHL beyond the datagram', (b) => (b[0] = 0x4f), 'truncated'],
    ['not TCP', (b) => (b[9] = 1), 'not_tcp'],
  ];
  for (const [name, mutate, counter] of cases) {
    const d = new PacketDecoder();
    const b = Buffer.from(good);
    if (name === 'IHL beyond the datagram') b.writeUInt16BE(40, 2);
    mutate(b);
    assert.equal(decodeFrame(d, 101, b), null, name);
    if (name === 'IHL beyond the datagram') assert.equal(d.counters.bad_ip_header, 1, name);
    else onlyCounter(d.counters, counter);
  }
  // Length 0 is what segmentation offload leaves on the sender's own capture: use the frame.
  const d = new PacketDecoder();
  const tso = Buffer.from(good);
  tso.writeUInt16BE(0, 2);
  assertSegment(decodeFrame(d, 101, tso));
});

test('IPv6 extension headers are walked; fragments are skipped, atomic fragments kept', () => {
  const chains: Ipv6Extension[][] = [
    [{ type: 'hop' }],
    [{ type: 'hop', length: 16 }, { type: 'routing' }, { type: 'dst', length: 24 }],
    [{ type: 'ah' }, { type: 'dst' }],
    [{ type: 'fragment', offset: 0, more: false }],
  ];
  for (const extensions of chains) {
    const d = new PacketDecoder();
    const ip = ipv6Packet({ src: V6C, dst: V6S, nextHeader: PROTO_TCP, payload: seg(V6C, V6S), extensions });
    assertSegment(decodeFrame(d, 1, ethernetFrame({ etherType: ETH_IPV6, payload: ip })), 6);
  }
  for (const frag of [
    { offset: 0, more: true },
    { offset: 1448, more: false },
  ]) {
    const d = new PacketDecoder();
    const ip = ipv6Packet({
      src: V6C,
      dst: V6S,
      nextHeader: PROTO_TCP,
      payload: seg(V6C, V6S),
      extensions: [{ type: 'hop' }, { type: 'fragment', ...frag }],
    });
    assert.equal(decodeFrame(d, 101, ip), null);
    onlyCounter(d.counters, 'ip_fragment');
  }
  const d = new PacketDecoder();
  const noNext = ipv6Packet({ src: V6C, dst: V6S, nextHeader: 59, payload: Buffer.alloc(0) });
  assert.equal(decodeFrame(d, 101, noNext), null);
  onlyCounter(d.counters, 'not_tcp');
  // An extension header longer than the packet.
  const d2 = new PacketDecoder();
  const bad = ipv6Packet({ src: V6C, dst: V6S, nextHeader: PROTO_TCP, payload: seg(V6C, V6S), extensions: [{ type: 'dst' }] });
  bad[41] = 200;
  assert.equal(decodeFrame(d2, 101, bad), null);
  onlyCounter(d2.counters, 'truncated');
});

test('TCP options move the payload; a bad data offset is rejected', () => {
  const d = new PacketDecoder();
  const withOpts = seg(V4C, V4S, PAYLOAD, tcpTimestampOption(5, 6));
  const p = assertSegment(decodeFrame(d, 101, ipPacket(V4C, V4S, PROTO_TCP, withOpts)));
  assert.equal(p.payloadOffset, 20 + 32);
  for (const doff of [4, 15]) {
    const d2 = new PacketDecoder();
    const s = seg(V4C, V4S, Buffer.alloc(0));
    s[12] = doff << 4;
    assert.equal(decodeFrame(d2, 101, ipPacket(V4C, V4S, PROTO_TCP, s)), null);
    onlyCounter(d2.counters, 'bad_tcp_header');
  }
});

function vxlanOf(vni: number, port = 4789, innerVlan: number[] = []): Buffer {
  const inner = ethernetFrame({
    etherType: ETH_IPV4,
    payload: ipPacket(V4C, V4S, PROTO_TCP, seg()),
    vlan: innerVlan.map((vid) => ({ vid })),
  });
  return vxlanFrame(inner, { vni, port, outerVlan: [{ vid: 3 }] });
}

test('VXLAN on the default port, a custom port, and the VNI filters', () => {
  const d = new PacketDecoder();
  const p = assertSegment(decodeFrame(d, 1, vxlanOf(0xabcdef, 4789, [9])));
  assert.equal(p.vni, 0xabcdef);
  assert.deepEqual([...p.vlan.subarray(0, p.vlanCount)], [3, 9]);
  assert.equal(decodeFrame(d, 1, vxlanOf(1, 8472)), null);
  assert.equal(d.counters.not_tcp, 1);

  const custom = new PacketDecoder({ vxlanPorts: [8472] });
  assertSegment(decodeFrame(custom, 1, vxlanOf(1, 8472)));
  assert.equal(decodeFrame(custom, 1, vxlanOf(1, 4789)), null);

  const include = new PacketDecoder({ vniInclude: [5, 6] });
  assertSegment(decodeFrame(include, 1, vxlanOf(5)));
  assert.equal(decodeFrame(include, 1, vxlanOf(7)), null);
  assert.equal(include.counters.vni_filtered, 1);
  // Plain traffic is not subject to VNI filtering.
  assertSegment(decodeFrame(include, 101, ipPacket(V4C, V4S, PROTO_TCP, seg())));

  const exclude = new PacketDecoder({ vniExclude: [5] });
  assert.equal(decodeFrame(exclude, 1, vxlanOf(5)), null);
  assertSegment(decodeFrame(exclude, 1, vxlanOf(6)));
  assert.equal(exclude.counters.vni_filtered, 1);
});

test('VXLAN inside VXLAN up to the depth limit; bad VXLAN headers', () => {
  let frame = ethernetFrame({ etherType: ETH_IPV4, payload: ipPacket(V4C, V4S, PROTO_TCP, seg()) });
  for (let depth = 1; depth <= MAX_ENCAP_DEPTH + 1; depth++) {
    frame = vxlanFrame(frame, { vni: depth });
    const d = new PacketDecoder();
    const p = decodeFrame(d, 1, frame);
    if (depth <= MAX_ENCAP_DEPTH) assert.equal(assertSegment(p).vni, 1, 'the innermost VNI is recorded');
    else onlyCounter(d.counters, 'encap_too_deep');
  }
  const d = new PacketDecoder();
  const noI = vxlanOf(1);
  noI[18 + 20 + 8] = 0; // VXLAN flags (after the tagged outer Ethernet, IPv4, UDP) without the I bit
  assert.equal(decodeFrame(d, 1, noI), null);
  onlyCounter(d.counters, 'bad_vxlan_header');
  // UDP not aimed at a VXLAN port.
  const d2 = new PacketDecoder();
  const dns = ipPacket(V4C, V4S, PROTO_UDP, udpDatagram(5353, 53, Buffer.from('q'), V4C, V4S));
  assert.equal(decodeFrame(d2, 101, dns), null);
  onlyCounter(d2.counters, 'not_tcp');
});

test('a VXLAN payload from a UDP socket decodes with the pseudo link type', () => {
  const d = new PacketDecoder({ vniInclude: [12] });
  const inner = ethernetFrame({ etherType: ETH_IPV4, payload: ipPacket(V4C, V4S, PROTO_TCP, seg()) });
  const dgram = Buffer.concat([vxlanHeader(12), inner]);
  assert.equal(assertSegment(decodeFrame(d, LINKTYPE_VXLAN_PAYLOAD, dgram)).vni, 12);
  assert.equal(decodeFrame(d, LINKTYPE_VXLAN_PAYLOAD, Buffer.concat([vxlanHeader(13), inner])), null);
});

test('server ports: a segment passes when either port is listed', () => {
  const d = new PacketDecoder({ serverPorts: [80, 8080] });
  const both = (sp: number, dp: number): Buffer =>
    ipPacket(V4C, V4S, PROTO_TCP, tcpSegment({ srcPort: sp, dstPort: dp, seq: 1, ack: 1, flags: ACK }, V4C, V4S));
  assert.ok(decodeFrame(d, 101, both(50000, 8080)));
  assert.ok(decodeFrame(d, 101, both(80, 50000)));
  assert.equal(decodeFrame(d, 101, both(50000, 443)), null);
  assert.equal(d.counters.port_filtered, 1);
});

test('unsupported link and EtherType', () => {
  const d = new PacketDecoder();
  assert.equal(decodeFrame(d, 105, Buffer.alloc(100)), null);
  assert.equal(decodeFrame(d, 1, ethernetFrame({ etherType: 0x0806, payload: Buffer.alloc(28) })), null);
  assert.equal(d.counters.unsupported_link, 1);
  assert.equal(d.counters.unsupported_ethertype, 1);
});

test('the frame is decoded at an offset inside a larger buffer', () => {
  const d = new PacketDecoder();
  const { frame } = encapsulate(ipPacket(V4C, V4S, PROTO_TCP, seg()), 4, { kind: 'ethernet', vlan: [{ vid: 1 }] });
  const big = Buffer.concat([Buffer.alloc(37, 0xee), frame, Buffer.alloc(50, 0xee)]);
  const p = assertSegment(d.decode(1, big, 37, frame.length, 1234));
  assert.equal(p.data, big);
  // The length bounds the frame even when the buffer continues.
  assert.equal(d.decode(1, big, 37, 30, 1), null);
  assert.equal(d.counters.truncated, 1);
});

test('every truncation of every kind of frame is counted, never thrown', () => {
  const frames: Array<[number, Buffer]> = [];
  const encaps: Encapsulation[] = [
    { kind: 'ethernet', vlan: [{ vid: 1, tpid: TPID_8021AD }, { vid: 2 }] },
    { kind: 'vxlan', vni: 3, innerVlan: [{ vid: 4 }] },
    { kind: 'sll' },
    { kind: 'sll2' },
    { kind: 'raw' },
    { kind: 'null' },
  ];
  for (const encap of encaps) {
    for (const [c, s] of [
      [V4C, V4S],
      [V6C, V6S],
    ]) {
      const ip =
        c.version === 6
          ? ipv6Packet({
              src: c,
              dst: s,
              nextHeader: PROTO_TCP,
              payload: seg(c, s),
              extensions: [{ type: 'hop' }, { type: 'ah' }],
            })
          : ipPacket(c, s, PROTO_TCP, seg(c, s));
      const r = encapsulate(ip, c.version, encap);
      frames.push([r.linkType, r.frame]);
    }
  }
  const d = new PacketDecoder();
  for (const [linkType, frame] of frames) {
    assert.ok(decodeFrame(d, linkType, frame));
    // Cutting inside the headers must fail; cutting inside the payload fails on the IP length.
    for (let len = 0; len < frame.length; len++) {
      const p = d.decode(linkType, frame, 0, len, 0);
      if (p) assert.ok(len >= frame.length - 60 && p.payloadOffset + p.payloadLength <= len, `accepted a frame cut to ${len}`);
    }
  }
  const c = d.counters;
  const skipped = DECODE_SKIPS.reduce((n, k) => n + c[k], 0);
  assert.equal(c.frames, c.segments + skipped, 'each frame is either a segment or exactly one skip');
});

test('random bytes and random mutations never throw', () => {
  const rng = new Rng(7);
  const d = new PacketDecoder({ vniInclude: [1], vlanVids: [1, 2] });
  const base = new TcpConversation({
    client: '10.0.0.1',
    server: '10.0.0.2',
    encap: { kind: 'vxlan', vni: 1, innerVlan: [{ vid: 2 }] },
  })
    .send('c2s', 'GET / HTTP/1.1\r\n\r\n')
    .packets();
  const linkTypes = [0, 1, 12, 14, 101, 108, 113, 276, LINKTYPE_VXLAN_PAYLOAD, 9999];
  for (let i = 0; i < 20000; i++) {
    let buf: Buffer;
    if (i % 2 === 0) buf = rng.bytes(rng.int(0, 200));
    else {
      buf = Buffer.from(base[rng.int(0, base.length - 1)].frame);
      for (let k = rng.int(1, 4); k > 0; k--) buf[rng.int(0, buf.length - 1)] = rng.int(0, 255);
    }
    const off = rng.int(0, 3);
    d.decode(linkTypes[rng.int(0, linkTypes.length - 1)], buf, off, rng.int(0, buf.length + 10), 0);
  }
  const c = d.counters;
  assert.equal(c.frames, 20000);
  assert.equal(c.frames, c.segments + DECODE_SKIPS.reduce((n, k) => n + c[k], 0));
});

test('a whole generated conversation decodes, sequence numbers wrapping past 2^32', () => {
  const conv = new TcpConversation({ client: '10.0.0.1', server: '10.0.0.2', clientIsn: 0xffffff00, mss: 100 });
  conv.send('c2s', Buffer.alloc(1000, 0x61)).close('fin');
  const d = new PacketDecoder();
  const seqs: number[] = [];
  let bytes = 0;
  for (const p of conv.packets()) {
    const s = d.decode(p.linkType, p.frame, 0, p.frame.length, p.ts);
    assert.ok(s);
    if (s.payloadLength > 0 && s.srcPort === 40000) {
      seqs.push(s.seq);
      bytes += s.payloadLength;
    }
  }
  assert.equal(bytes, 1000);
  assert.equal(seqs[0], 0xffffff01);
  assert.ok(
    seqs.some((q) => q < 0x1000),
    'sequence numbers wrapped',
  );
  assert.ok(seqs.every((q) => q >= 0 && q <= 0xffffffff));
});
