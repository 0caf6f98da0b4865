/**
 * Micro-benchmark of StreamReassembler alone (no decode, no HTTP): synthetic segments fed through
 * one reused DecodedPacket, as the decoder does. Run: `npx tsx test/bench/reassembly.ts [segments]`.
 * Prints one line per scenario: segments and payload Gbit/s per CPU second, and the counters that matter.
 */
import { DecodedPacket, TCP_ACK, TCP_PSH, TCP_SYN } from '../../node/decode/packet';
import { StreamReassembler } from '../../node/reassembly/stream-reassembler';
import type { StreamHandler } from '../../node/reassembly/types';

const PAYLOAD = 512;
const frame = Buffer.alloc(54 + PAYLOAD, 0x61);

let delivered = 0;
const sink: StreamHandler = {
  onData(_dir, _buf, _off, length) {
    delivered += length;
  },
  onGap() {},
  onClose() {},
};

function limits(maxFlows: number) {
  return { maxFlows, streamBufferBytes: 1 << 20, totalBufferBytes: 256 << 20, idleTimeoutSec: 300 };
}

function setTuple(p: DecodedPacket, flow: number, dir: number): void {
  const client = dir === 0 ? p.src : p.dst;
  const server = dir === 0 ? p.dst : p.src;
  client[0] = 10;
  client[1] = 1;
  client[2] = flow >> 8;
  client[3] = flow & 0xff;
  server[0] = 10;
  server[1] = 2;
  server[2] = 0;
  server[3] = 1;
  p.srcPort = dir === 0 ? 20000 + flow : 80;
  p.dstPort = dir === 0 ? 80 : 20000 + flow;
}

/** Round-robin over `flows` connections, both directions; `swapEvery` > 0 sends every n-th pair reversed. */
function interleaved(segments: number, flows: number, swapEvery: number, quiet = false): void {
  const r = new StreamReassembler(limits(flows), () => sink);
  const p = new DecodedPacket();
  p.data = frame;
  p.payloadOffset = 54;
  const seq = new Uint32Array(flows * 2);
  for (let f = 0; f < flows; f++) {
    for (const dir of [0, 1]) {
      setTuple(p, f, dir);
      p.flags = dir === 0 ? TCP_SYN : TCP_SYN | TCP_ACK;
      p.seq = (f * 7919 + dir * 104729) >>> 0;
      p.payloadLength = 0;
      r.process(p);
      seq[f * 2 + dir] = (p.seq + 1) >>> 0;
    }
  }
  delivered = 0;
  p.flags = TCP_PSH | TCP_ACK;
  p.payloadLength = PAYLOAD;
  const t0 = process.cpuUsage();
  let sent = 0;
  for (let k = 0; sent < segments; k++) {
    const f = k % flows;
    const dir = (k / flows) & 1;
    setTuple(p, f, dir);
    p.ts = k;
    const i = f * 2 + dir;
    p.ack = seq[i ^ 1];
    if (swapEvery > 0 && k % swapEvery === 0) {
      p.seq = (seq[i] + PAYLOAD) >>> 0;
      r.process(p);
      p.seq = seq[i];
      r.process(p);
      sent += 2;
      seq[i] = (seq[i] + 2 * PAYLOAD) >>> 0;
    } else {
      p.seq = seq[i];
      r.process(p);
      sent++;
      seq[i] = (seq[i] + PAYLOAD) >>> 0;
    }
  }
  if (!quiet)
    report(`${flows} flows, ${swapEvery > 0 ? `1 pair in ${swapEvery} reordered` : 'in order'}`, sent, cpuSeconds(t0), r);
  if (delivered !== sent * PAYLOAD) throw new Error(`delivered ${delivered} of ${sent * PAYLOAD} bytes`);
}

/** Adversarial: one flow, tiny segments arriving in decreasing sequence order (all buffered). */
function reversed(segments: number): void {
  const r = new StreamReassembler(limits(1), () => sink);
  const p = new DecodedPacket();
  p.data = frame;
  p.payloadOffset = 54;
  setTuple(p, 1, 0);
  p.flags = TCP_SYN;
  p.seq = 0;
  r.process(p);
  delivered = 0;
  p.flags = TCP_PSH | TCP_ACK;
  p.payloadLength = 1;
  const t0 = process.cpuUsage();
  for (let k = segments; k >= 1; k--) {
    p.seq = k;
    r.process(p);
  }
  report('1 flow, 1-byte segments in reverse order', segments, cpuSeconds(t0), r);
}

/** CPU time (user + system) since `t0`: steadier than wall time on a shared machine. */
function cpuSeconds(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

function report(name: string, segments: number, seconds: number, r: StreamReassembler): void {
  const c = r.counters;
  console.log(
    `${name.padEnd(44)} ${(segments / seconds / 1e6).toFixed(2).padStart(6)} M segments/s` +
      `  ${((c.payloadBytes * 8) / seconds / 1e9).toFixed(2).padStart(6)} Gbit/s payload` +
      `  (${segments} segments in ${seconds.toFixed(2)} s CPU; ooo ${c.oooSegments}, gaps ${c.gaps}, cap hits ${c.streamCapHits + c.totalCapHits})`,
  );
}

const total = Number(process.argv[2] ?? 5_000_000);
interleaved(500_000, 1_000, 100, true); // JIT warm-up, not reported
interleaved(total, 10_000, 0);
interleaved(total, 10_000, 100);
interleaved(total, 100_000, 0);
reversed(Math.min(total, 200_000));
