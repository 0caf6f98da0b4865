/**
 * Decode cost per encapsulation (docs/performance.md, "Tunnels"): the same 1,400-byte TCP segment
 * as plain Ethernet, VXLAN, GENEVE, VXLAN inside GENEVE, GRE and ERSPAN I/II/III, and a 9,000-byte
 * VXLAN mirror fragmented for a 1,500-byte path (reassembled by the decoder: this path allocates).
 * Prints ns per frame and the heap growth per million frames (0 means the path allocates nothing
 * that survives; run with --expose-gc for that column).
 *   npx tsx test/bench/tunnels.ts [--frames N]
 */
import { parseArgs } from 'node:util';
import { PacketDecoder } from '../../node/decode/decoder';
import { ACK, PROTO_TCP, PSH, encapsulateAll, ipPacket, parseIp, tcpSegment, type Encapsulation } from '../../node/sample/frames';

const C = parseIp('10.1.2.3');
const S = parseIp('10.9.8.7');

function frames(encap: Encapsulation, payload: number): Buffer[] {
  const seg = tcpSegment(
    { srcPort: 41000, dstPort: 80, seq: 1, ack: 1, flags: ACK | PSH, payload: Buffer.alloc(payload, 'x') },
    C,
    S,
  );
  return encapsulateAll(ipPacket(C, S, PROTO_TCP, seg, 7), 4, encap, 7).frames;
}

export interface TunnelRow {
  name: string;
  nsPerFrame: number;
  heapBytesPerMillion: number | null;
}

export function runTunnelBench(n = 2_000_000): TunnelRow[] {
  const cases: Array<[string, Encapsulation, number]> = [
    ['ethernet', { kind: 'ethernet' }, 1400],
    ['vxlan', { kind: 'vxlan', vni: 1 }, 1400],
    ['geneve', { kind: 'geneve', vni: 1, optionBytes: 8 }, 1400],
    ['geneve + vxlan (GWLB)', { kind: 'geneve-vxlan', vni: 1, innerVni: 2 }, 1400],
    ['gre (key, seq)', { kind: 'gre', key: 1, sequence: 1 }, 1400],
    ['erspan I', { kind: 'erspan', type: 1 }, 1400],
    ['erspan II', { kind: 'erspan', type: 2 }, 1400],
    ['erspan III + platform', { kind: 'erspan', type: 3, platform: true }, 1400],
    ['vxlan 9000 B, 7 fragments', { kind: 'vxlan', vni: 1, outerMtu: 1500 }, 8900],
  ];
  const gc = (globalThis as { gc?: () => void }).gc;
  return cases.map(([name, encap, payload]) => {
    const fs = frames(encap, payload);
    const d = new PacketDecoder();
    const rounds = Math.max(1, Math.floor(n / fs.length / (fs.length > 1 ? 8 : 1)));
    // Warm-up, then the measured loop.
    for (let i = 0; i < 10_000; i++) for (const f of fs) d.decode(1, f, 0, f.length, i);
    gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) for (const f of fs) d.decode(1, f, 0, f.length, i);
    const ns = Number(process.hrtime.bigint() - t0);
    gc?.();
    const heap = gc ? ((process.memoryUsage().heapUsed - heap0) / (rounds * fs.length)) * 1e6 : null;
    if (d.counters.segments < rounds) throw new Error(`${name}: ${JSON.stringify(d.counters)}`);
    return { name, nsPerFrame: ns / (rounds * fs.length), heapBytesPerMillion: heap };
  });
}

export function formatTunnelBench(rows: TunnelRow[]): string {
  return [
    'decode per frame, by encapsulation:',
    ...rows.map(
      (r) =>
        `  ${r.name.padEnd(28)} ${r.nsPerFrame.toFixed(0).padStart(6)} ns${r.heapBytesPerMillion === null ? '' : `  heap +${Math.max(0, r.heapBytesPerMillion / 1024).toFixed(0)} KiB / 1M frames`}`,
    ),
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { frames: { type: 'string', default: '2000000' } } });
  process.stdout.write(`${formatTunnelBench(runTunnelBench(Number(values.frames)))}\n`);
}
