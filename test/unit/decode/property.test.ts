import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PacketDecoder } from '../../../node/decode/decoder';
import { formatIp } from '../../../node/address';
import { MAX_VLAN_DEPTH } from '../../../node/capture/linktypes';
import {
  encapsulate,
  ipv4Packet,
  ipv6Packet,
  PROTO_TCP,
  tcpSegment,
  type Encapsulation,
  type IpAddress,
  type Ipv6Extension,
  type VlanTag,
} from '../../../node/sample/frames';

const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b): IpAddress => ({ version: 4, bytes: Buffer.from(b) }));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b): IpAddress => ({ version: 6, bytes: Buffer.from(b) }));
const tag = fc.record({ vid: fc.integer({ min: 0, max: 4095 }), tpid: fc.constantFrom(0x8100, 0x88a8, 0x9100) });
// Outer and inner stacks of a VXLAN frame together can exceed MAX_VLAN_DEPTH.
const vlanStack = fc.array(tag, { maxLength: 5 });
const extension: fc.Arbitrary<Ipv6Extension> = fc.oneof(
  fc.record({
    type: fc.constantFrom('hop' as const, 'dst' as const, 'routing' as const),
    length: fc.integer({ min: 1, max: 4 }).map((n) => n * 8),
  }),
  fc.record({ type: fc.constant('ah' as const), icvLength: fc.integer({ min: 0, max: 3 }).map((n) => n * 4) }),
  fc.constant<Ipv6Extension>({ type: 'fragment', offset: 0, more: false }),
);
const encap: fc.Arbitrary<Encapsulation> = fc.oneof(
  vlanStack.map((vlan): Encapsulation => ({ kind: 'ethernet', vlan })),
  fc
    .record({
      vni: fc.integer({ min: 0, max: 0xffffff }),
      port: fc.constantFrom(4789, 8472),
      innerVlan: vlanStack,
      outerVlan: vlanStack,
    })
    .map((v): Encapsulation => ({ kind: 'vxlan', ...v })),
  fc.constantFrom<Encapsulation>({ kind: 'sll' }, { kind: 'sll2' }, { kind: 'raw' }, { kind: 'null' }),
);

const segment = fc.record({
  v6: fc.boolean(),
  src4: ipv4,
  dst4: ipv4,
  src6: ipv6,
  dst6: ipv6,
  extensions: fc.array(extension, { maxLength: 4 }),
  ipOptionWords: fc.integer({ min: 0, max: 10 }),
  srcPort: fc.integer({ min: 0, max: 65535 }),
  dstPort: fc.integer({ min: 0, max: 65535 }),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  ack: fc.integer({ min: 0, max: 0xffffffff }),
  flags: fc.integer({ min: 0, max: 255 }),
  tcpOptionWords: fc.integer({ min: 0, max: 10 }),
  payload: fc.uint8Array({ maxLength: 300 }),
  encap,
});

test('any well-formed TCP frame decodes to exactly what was built', () => {
  fc.assert(
    fc.property(segment, (s) => {
      const [src, dst] = s.v6 ? [s.src6, s.dst6] : [s.src4, s.dst4];
      const payload = Buffer.from(s.payload);
      const tcp = tcpSegment(
        {
          srcPort: s.srcPort,
          dstPort: s.dstPort,
          seq: s.seq,
          ack: s.ack,
          flags: s.flags,
          options: Buffer.alloc(s.tcpOptionWords * 4, 1),
          payload,
        },
        src,
        dst,
      );
      const ip = s.v6
        ? ipv6Packet({ src, dst, nextHeader: PROTO_TCP, payload: tcp, extensions: s.extensions })
        : ipv4Packet({ src, dst, protocol: PROTO_TCP, payload: tcp, options: Buffer.alloc(s.ipOptionWords * 4, 1) });
      const { linkType, frame } = encapsulate(ip, src.version, s.encap);
      const d = new PacketDecoder({ vxlanPorts: [4789, 8472] });
      const p = d.decode(linkType, frame, 0, frame.length, 42);
      const tags: VlanTag[] =
        s.encap.kind === 'ethernet'
          ? (s.encap.vlan ?? [])
          : s.encap.kind === 'vxlan'
            ? [...(s.encap.outerVlan ?? []), ...(s.encap.innerVlan ?? [])]
            : [];
      if (tags.length > MAX_VLAN_DEPTH) {
        assert.equal(p, null);
        assert.equal(d.counters.vlan_too_deep, 1);
        return;
      }
      assert.ok(p, JSON.stringify(d.counters));
      assert.equal(p.ipVersion, src.version);
      assert.equal(formatIp(p.src, p.ipVersion), formatIp(src.bytes, src.version));
      assert.equal(formatIp(p.dst, p.ipVersion), formatIp(dst.bytes, dst.version));
      assert.deepEqual([p.srcPort, p.dstPort, p.seq, p.ack, p.flags], [s.srcPort, s.dstPort, s.seq, s.ack, s.flags]);
      assert.deepEqual(Buffer.from(p.data.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength)), payload);
      assert.deepEqual(
        [...p.vlan.subarray(0, p.vlanCount)],
        tags.map((t) => t.vid),
      );
      assert.equal(p.vni, s.encap.kind === 'vxlan' ? s.encap.vni : -1);
    }),
    { numRuns: 1500, seed: 20261127 },
  );
});
