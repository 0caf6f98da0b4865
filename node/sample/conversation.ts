/**
 * Scripted TCP conversations rendered to captured frames, with the impairments a mirror port
 * produces (reordering, retransmission, overlapping retransmission, loss) applied to the segment
 * list before rendering. Deterministic for a given seed.
 */
import {
  ACK,
  FIN,
  PSH,
  RST,
  SYN,
  encapsulateAll,
  ipPacket,
  parseIp,
  PROTO_TCP,
  tcpSegment,
  tcpSynOptions,
  tcpTimestampOption,
  type Encapsulation,
  type IpAddress,
} from './frames';
import { Rng } from './rng';

export type Dir = 'c2s' | 's2c';

/** One rendered packet, ready for a writer. */
export interface GenPacket {
  ts: number;
  linkType: number;
  frame: Buffer;
}

/** A TCP segment before rendering; transforms reorder, copy and drop these. */
export interface Segment {
  dir: Dir;
  seq: number;
  ack: number;
  flags: number;
  payload: Buffer;
  /** Set on copies made by retransmit(), which are never copied again. */
  retransmission?: boolean;
}

export interface ConversationOptions {
  client: string;
  server: string;
  clientPort?: number;
  serverPort?: number;
  encap?: Encapsulation;
  /** false: the capture starts mid-connection (no SYN/SYN-ACK/ACK). */
  handshake?: boolean;
  /** Initial sequence numbers (the SYN's seq); pick near 2^32 to test wrap-around. */
  clientIsn?: number;
  serverIsn?: number;
  /** Largest payload per segment. */
  mss?: number;
  /** Receiver sends a pure ACK after each send(). */
  acks?: boolean;
  /** Put a timestamps option on every segment (exercises option parsing). */
  tcpTimestamps?: boolean;
  startTs?: number;
  /** Microseconds between consecutive packets. */
  stepUs?: number;
  seed?: number;
}

export class TcpConversation {
  readonly segments: Segment[] = [];
  readonly client: IpAddress;
  readonly server: IpAddress;
  readonly clientPort: number;
  readonly serverPort: number;
  private readonly encap: Encapsulation;
  private readonly mss: number;
  private readonly acks: boolean;
  private readonly tcpTimestamps: boolean;
  private readonly rng: Rng;
  private startTs: number;
  private stepUs: number;
  private next: Record<Dir, number>;
  private ipId = 1;

  constructor(opts: ConversationOptions) {
    this.client = parseIp(opts.client);
    this.server = parseIp(opts.server);
    if (this.client.version !== this.server.version) throw new Error('client and server must be the same IP version');
    this.clientPort = opts.clientPort ?? 40000;
    this.serverPort = opts.serverPort ?? 80;
    this.encap = opts.encap ?? { kind: 'ethernet' };
    this.mss = opts.mss ?? 1460;
    this.acks = opts.acks ?? true;
    this.tcpTimestamps = opts.tcpTimestamps ?? false;
    this.rng = new Rng(opts.seed ?? 1);
    this.startTs = opts.startTs ?? 1_700_000_000_000_000;
    this.stepUs = opts.stepUs ?? 100;
    const cIsn = (opts.clientIsn ?? 1000) >>> 0;
    const sIsn = (opts.serverIsn ?? 5000) >>> 0;
    this.next = { c2s: cIsn, s2c: sIsn };
    if (opts.handshake ?? true) {
      this.segments.push({ dir: 'c2s', seq: cIsn, ack: 0, flags: SYN, payload: Buffer.alloc(0) });
      this.segments.push({ dir: 's2c', seq: sIsn, ack: (cIsn + 1) >>> 0, flags: SYN | ACK, payload: Buffer.alloc(0) });
      this.next = { c2s: (cIsn + 1) >>> 0, s2c: (sIsn + 1) >>> 0 };
      this.segments.push({ dir: 'c2s', seq: this.next.c2s, ack: this.next.s2c, flags: ACK, payload: Buffer.alloc(0) });
    }
  }

  private other(dir: Dir): Dir {
    return dir === 'c2s' ? 's2c' : 'c2s';
  }

  /** Sends bytes in MSS-sized segments; PSH on the last one. */
  send(dir: Dir, bytes: Buffer | string): this {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    for (let off = 0; off < data.length; off += this.mss) {
      const payload = data.subarray(off, Math.min(off + this.mss, data.length));
      const last = off + this.mss >= data.length;
      this.segments.push({ dir, seq: this.next[dir], ack: this.next[this.other(dir)], flags: ACK | (last ? PSH : 0), payload });
      this.next[dir] = (this.next[dir] + payload.length) >>> 0;
    }
    if (this.acks && data.length > 0) {
      const o = this.other(dir);
      this.segments.push({ dir: o, seq: this.next[o], ack: this.next[dir], flags: ACK, payload: Buffer.alloc(0) });
    }
    return this;
  }

  /** FIN handshake started by `by`, or a single RST from `by`. */
  close(how: 'fin' | 'rst', by: Dir = 'c2s'): this {
    const o = this.other(by);
    if (how === 'rst') {
      this.segments.push({ dir: by, seq: this.next[by], ack: this.next[o], flags: RST | ACK, payload: Buffer.alloc(0) });
      return this;
    }
    this.segments.push({ dir: by, seq: this.next[by], ack: this.next[o], flags: FIN | ACK, payload: Buffer.alloc(0) });
    this.next[by] = (this.next[by] + 1) >>> 0;
    this.segments.push({ dir: o, seq: this.next[o], ack: this.next[by], flags: FIN | ACK, payload: Buffer.alloc(0) });
    this.next[o] = (this.next[o] + 1) >>> 0;
    this.segments.push({ dir: by, seq: this.next[by], ack: this.next[o], flags: ACK, payload: Buffer.alloc(0) });
    return this;
  }

  /** Indexes (into `segments`) of the data-carrying segments of one direction. */
  dataIndexes(dir: Dir): number[] {
    const out: number[] = [];
    this.segments.forEach((s, i) => {
      if (s.dir === dir && s.payload.length > 0) out.push(i);
    });
    return out;
  }

  /** Shuffles data segments within consecutive windows of `window` data segments. */
  reorder(window = 4): this {
    const idx = this.segments.map((s, i) => (s.payload.length > 0 ? i : -1)).filter((i) => i >= 0);
    for (let w = 0; w < idx.length; w += window) {
      const slots = idx.slice(w, w + window);
      const moved = this.rng.shuffle(slots.map((i) => this.segments[i]));
      slots.forEach((slot, k) => (this.segments[slot] = moved[k]));
    }
    return this;
  }

  /** Re-sends each data segment with probability `p`, a few packets later. */
  retransmit(p = 0.3, maxDelay = 3): this {
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i];
      if (s.payload.length === 0 || s.retransmission || this.rng.next() >= p) continue;
      const at = Math.min(this.segments.length, i + 1 + this.rng.int(0, maxDelay));
      this.segments.splice(at, 0, { ...s, retransmission: true });
    }
    return this;
  }

  /**
   * Adds `count` retransmissions that each cover the second half of one data segment and the
   * first half of the next one of the same direction (the same bytes, a new segmentation).
   */
  overlap(count = 1, dir: Dir = 'c2s'): this {
    const idx = this.dataIndexes(dir);
    const pairs: Array<[number, number]> = [];
    for (let k = 0; k + 1 < idx.length; k++) {
      const a = this.segments[idx[k]];
      const b = this.segments[idx[k + 1]];
      if ((a.seq + a.payload.length) >>> 0 === b.seq) pairs.push([idx[k], idx[k + 1]]);
    }
    this.rng.shuffle(pairs);
    const inserts = pairs.slice(0, count).map(([ia, ib]) => {
      const a = this.segments[ia];
      const b = this.segments[ib];
      const cut = Math.floor(a.payload.length / 2);
      const payload = Buffer.concat([a.payload.subarray(cut), b.payload.subarray(0, Math.ceil(b.payload.length / 2))]);
      return { after: ib, seg: { dir, seq: (a.seq + cut) >>> 0, ack: b.ack, flags: ACK, payload } };
    });
    inserts.sort((x, y) => y.after - x.after);
    for (const ins of inserts) this.segments.splice(ins.after + 1, 0, ins.seg);
    return this;
  }

  /** Removes the `n`th data segment of `dir` (0-based): a capture gap. */
  drop(dir: Dir, n: number): this {
    const idx = this.dataIndexes(dir);
    if (n >= idx.length) throw new Error(`no data segment ${n} in ${dir}`);
    this.segments.splice(idx[n], 1);
    return this;
  }

  /**
   * Renders every segment to a frame (several when a tunnel's outer IP is fragmented: one
   * microsecond apart); timestamps are startTs + i * stepUs.
   */
  packets(): GenPacket[] {
    let tsVal = 1;
    return this.segments.flatMap((s, i) => {
      const fromClient = s.dir === 'c2s';
      const src = fromClient ? this.client : this.server;
      const dst = fromClient ? this.server : this.client;
      let options: Buffer | undefined;
      if (s.flags & SYN) options = tcpSynOptions(this.mss, tsVal);
      else if (this.tcpTimestamps) options = tcpTimestampOption(tsVal, tsVal - 1);
      tsVal++;
      const seg = tcpSegment(
        {
          srcPort: fromClient ? this.clientPort : this.serverPort,
          dstPort: fromClient ? this.serverPort : this.clientPort,
          seq: s.seq,
          ack: s.ack,
          flags: s.flags,
          options,
          payload: s.payload,
        },
        src,
        dst,
      );
      const id = this.ipId++;
      const ip = ipPacket(src, dst, PROTO_TCP, seg, id);
      const { linkType, frames } = encapsulateAll(ip, src.version, this.encap, id);
      return frames.map((frame, k) => ({ ts: this.startTs + i * this.stepUs + k, linkType, frame }));
    });
  }
}

/** Merges packet lists by timestamp (stable: ties keep list order). */
export function mergeByTime(lists: GenPacket[][]): GenPacket[] {
  return lists
    .flatMap((l, li) => l.map((p, pi) => ({ p, li, pi })))
    .sort((a, b) => a.p.ts - b.p.ts || a.li - b.li || a.pi - b.pi)
    .map((x) => x.p);
}

/**
 * Interleaves conversations randomly while keeping each one's packet order, then restamps the
 * result so time increases by `stepUs` per packet from `startTs`.
 */
export function interleave(lists: GenPacket[][], seed = 1, startTs = 1_700_000_000_000_000, stepUs = 50): GenPacket[] {
  const rng = new Rng(seed);
  const heads = lists.map(() => 0);
  const out: GenPacket[] = [];
  let remaining = lists.reduce((n, l) => n + l.length, 0);
  while (remaining > 0) {
    const open = heads.map((h, i) => (h < lists[i].length ? i : -1)).filter((i) => i >= 0);
    const pick = open[rng.int(0, open.length - 1)];
    out.push({ ...lists[pick][heads[pick]++], ts: startTs + out.length * stepUs });
    remaining--;
  }
  return out;
}
