/**
 * The UDP tunnel listeners (vxlan engine, from_vxlan, from_geneve) take 9001-byte mirrored frames
 * whole: no fixed small receive buffer between the socket and the decoder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { UdpTunnelListener, type TunnelEncapsulation } from '../../../node/capture/vxlan-socket';
import { PacketDecoder } from '../../../node/decode/decoder';
import {
  ACK,
  ETH_IPV4,
  PROTO_TCP,
  PROTO_TEB,
  PSH,
  ethernetFrame,
  geneveHeader,
  ipPacket,
  parseIp,
  tcpSegment,
  vxlanHeader,
} from '../../../node/sample/frames';

const C = parseIp('10.1.2.3');
const S = parseIp('10.9.8.7');

/** An Ethernet frame of exactly `size` bytes carrying one TCP segment. */
function jumboFrame(size: number): { frame: Buffer; payload: Buffer } {
  const payload = Buffer.alloc(size - 14 - 20 - 20, 'J');
  const ip = ipPacket(
    C,
    S,
    PROTO_TCP,
    tcpSegment({ srcPort: 41000, dstPort: 80, seq: 1, ack: 1, flags: ACK | PSH, payload }, C, S),
  );
  const frame = ethernetFrame({ etherType: ETH_IPV4, payload: ip });
  assert.equal(frame.length, size);
  return { frame, payload };
}

for (const encapsulation of ['vxlan', 'geneve'] as TunnelEncapsulation[]) {
  test(`${encapsulation} listener: a 9001-byte inner frame arrives whole and decodes`, async () => {
    const { frame, payload } = jumboFrame(9001);
    const header = encapsulation === 'vxlan' ? vxlanHeader(5) : geneveHeader(5, PROTO_TEB, 16);
    const decoder = new PacketDecoder();
    const got: number[] = [];
    let decoded: Buffer | null = null;
    const listener = new UdpTunnelListener(
      { port: 0, address: '127.0.0.1', encapsulation },
      (linkType, buf, offset, length, ts) => {
        got.push(length);
        const p = decoder.decode(linkType, buf, offset, length, ts);
        if (p) decoded = Buffer.from(p.data.subarray(p.payloadOffset, p.payloadOffset + p.payloadLength));
      },
    );
    await listener.start();
    try {
      const sender = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) =>
        sender.send(Buffer.concat([header, frame]), listener.port(), '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
      sender.close();
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(got, [header.length + 9001]);
      assert.ok(decoded, `decoded; counters ${JSON.stringify(decoder.counters)}`);
      assert.ok(decoded!.equals(payload));
      assert.equal(decoder.counters[encapsulation === 'vxlan' ? 'tunnel_vxlan' : 'tunnel_geneve'], 1);
    } finally {
      await listener.stop();
    }
  });
}
