import type { DecodedPacket } from '../decode/packet';
import { SegmentTree } from './segment-tree';
import type { ConnectionInfo, Direction, StreamHandler } from './types';

/**
 * One direction of a connection. Positions are absolute stream offsets (a JS number, exact up to
 * 2^53) so that ordering never needs modular comparisons; a wire sequence number maps to one with
 * `nextAbs + ((seq - nextSeq) | 0)`, which is where the mod-2^32 arithmetic lives.
 */
export class HalfStream {
  /** False until a SYN or the first data/FIN segment of this direction fixed the sequence space. */
  init = false;
  /** Any segment of this direction arrived (a one-way mirror never shows the other direction). */
  seen = false;
  /** Sequence number of absolute offset 0 (after the SYN): tells a retransmitted SYN from port reuse. */
  baseSeq = 0;
  /** Next byte to deliver, as wire sequence (u32) and as absolute offset. */
  nextSeq = 0;
  nextAbs = 0;
  finSeen = false;
  /** Absolute offset of the FIN (= number of data bytes in this direction). */
  finAbs = 0;
  /** Everything up to the FIN has been delivered (or declared lost). */
  done = false;
  /** Highest ACK the peer sent for this direction (u32), if any. */
  ackSeen = false;
  ackSeq = 0;
  readonly ooo = new SegmentTree();
  /** Capture time since which `ooo` has been waiting (buffering began or last progress). */
  waitSince = 0;
  /** Bytes charged against the caps for `ooo` (payload plus per-segment overhead). */
  buffered = 0;
  /** Links in the reassembler's list of directions holding buffered data, oldest first. */
  bufPrev: HalfStream | null = null;
  bufNext: HalfStream | null = null;
  inBufList = false;

  constructor(
    readonly flow: Flow,
    readonly dir: Direction,
  ) {}

  get peer(): HalfStream {
    return this.flow.half[this.dir ^ 1];
  }

  /** How far the peer's bytes may be acknowledged: past the FIN once that is delivered. */
  get reach(): number {
    return this.done ? Math.max(this.nextAbs, this.finAbs + 1) : this.nextAbs;
  }

  start(seq: number): void {
    this.init = true;
    this.baseSeq = seq;
    this.nextSeq = seq;
  }
}

export class Flow {
  readonly half: [HalfStream, HalfStream];
  /** Closed by FIN/RST but kept as a tombstone so late segments do not open a bogus flow. */
  closed = false;
  lastTs: number;
  /** Next flow in the same hash bucket. */
  hashNext: Flow | null = null;
  /** Links in the live or the tombstone list, least recently active first. */
  prev: Flow | null = null;
  next: Flow | null = null;

  /** Addresses as big-endian 32-bit words (IPv4 uses word 0): numbers, not typed arrays, to keep a flow small. */
  readonly c0: number;
  readonly c1: number;
  readonly c2: number;
  readonly c3: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly s3: number;

  constructor(
    readonly hash: number,
    readonly info: ConnectionInfo,
    readonly ipVersion: 4 | 6,
    clientAddr: Uint8Array,
    readonly clientPort: number,
    serverAddr: Uint8Array,
    readonly serverPort: number,
    /** VLAN VIDs are compared against info.vlan. */
    readonly vlanCount: number,
    readonly vni: number,
    /** The application's handler; replaced by a detached one once closed. */
    public handler: StreamHandler,
  ) {
    const v6 = ipVersion === 6;
    this.c0 = word(clientAddr, 0);
    this.c1 = v6 ? word(clientAddr, 1) : 0;
    this.c2 = v6 ? word(clientAddr, 2) : 0;
    this.c3 = v6 ? word(clientAddr, 3) : 0;
    this.s0 = word(serverAddr, 0);
    this.s1 = v6 ? word(serverAddr, 1) : 0;
    this.s2 = v6 ? word(serverAddr, 2) : 0;
    this.s3 = v6 ? word(serverAddr, 3) : 0;
    this.half = [new HalfStream(this, 0), new HalfStream(this, 1)];
    this.lastTs = info.firstTs;
  }
}

/** Big-endian 32-bit word `i` (0..3) of an address, as an int32. */
function word(a: Uint8Array, i: number): number {
  const o = i << 2;
  return (a[o] << 24) | (a[o + 1] << 16) | (a[o + 2] << 8) | a[o + 3];
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function endpointHash(addr: Uint8Array, n: number, port: number): number {
  let h = Math.imul(port + 1, 0x9e3779b1);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ addr[i], 0x01000193);
  return fmix32(h);
}

/**
 * Hash of (addresses, ports, VLAN VIDs, VNI) that is the same for both directions: the two
 * endpoint hashes are combined with commutative operations only. Allocates nothing: 30 bits, so
 * the key stays unboxed (docs/performance.md, "Engine notes").
 */
export function hashPacket(p: DecodedPacket): number {
  const n = p.ipVersion === 4 ? 4 : 16;
  const a = endpointHash(p.src, n, p.srcPort);
  const b = endpointHash(p.dst, n, p.dstPort);
  let h = ((a + b) | 0) ^ Math.imul(a ^ b, 0x27d4eb2f);
  for (let i = 0; i < p.vlanCount; i++) h = Math.imul(h ^ p.vlan[i], 0x01000193);
  h = Math.imul(h ^ p.vni, 0x01000193) ^ p.ipVersion;
  return fmix32(h) & 0x3fffffff;
}

function isAddr(a: Uint8Array, v6: boolean, w0: number, w1: number, w2: number, w3: number): boolean {
  return word(a, 0) === w0 && (!v6 || (word(a, 1) === w1 && word(a, 2) === w2 && word(a, 3) === w3));
}

/** 0 when the packet goes client to server, 1 server to client, -1 when it is another connection. */
export function directionOf(f: Flow, p: DecodedPacket): -1 | Direction {
  if (f.ipVersion !== p.ipVersion || f.vni !== p.vni || f.vlanCount !== p.vlanCount) return -1;
  for (let i = 0; i < p.vlanCount; i++) if (f.info.vlan[i] !== p.vlan[i]) return -1;
  const v6 = p.ipVersion === 6;
  if (
    p.srcPort === f.clientPort &&
    p.dstPort === f.serverPort &&
    isAddr(p.src, v6, f.c0, f.c1, f.c2, f.c3) &&
    isAddr(p.dst, v6, f.s0, f.s1, f.s2, f.s3)
  ) {
    return 0;
  }
  if (
    p.srcPort === f.serverPort &&
    p.dstPort === f.clientPort &&
    isAddr(p.src, v6, f.s0, f.s1, f.s2, f.s3) &&
    isAddr(p.dst, v6, f.c0, f.c1, f.c2, f.c3)
  ) {
    return 1;
  }
  return -1;
}
