/**
 * Reassembly of outer IP fragments of tunnel packets (docs/capture.md, "IP fragments"): a 9000-byte
 * mirrored frame sent as VXLAN, GENEVE or GRE over a 1500-byte path arrives as several IPv4 or IPv6
 * fragments. Fragments are held until the datagram is complete, then the decoder walks the whole
 * datagram as if it had arrived in one frame.
 *
 * Bounded: at most `maxBytes` of fragment data is held across all datagrams (the oldest datagram is
 * given up to make room, counted as evicted), and a datagram incomplete `timeoutUs` after its first
 * fragment (capture time) is given up (counted as expired). Overlapping fragments (RFC 5722: an
 * evasion technique) make the whole datagram invalid. This path allocates (a buffer per datagram);
 * unfragmented traffic never reaches it.
 */

/** What add() did with a fragment; a Buffer is the completed frame. */
export type FragmentOutcome = Buffer | 'buffered' | 'duplicate' | 'invalid' | 'limit';

export interface IpReassemblyOptions {
  /** Fragment data held across all datagrams at most. */
  maxBytes: number;
  /** A datagram not complete this long (capture time, microseconds) after its first fragment is given up. */
  timeoutUs: number;
}

export interface IpReassemblyTallies {
  reassembled: number;
  expired: number;
  evicted: number;
}

/** 65535 is the largest IPv4 total length and IPv6 payload length (jumbograms are never fragmented). */
const MAX_DATAGRAM = 65535;

interface Datagram {
  firstTs: number;
  /** Headers before the fragmentable part, from the fragment at offset 0 (null until it arrives). */
  header: Buffer | null;
  /** IPv6: index in `header` of the next-header byte that named the Fragment header. */
  nextHeaderAt: number;
  /** IPv6: the protocol after the Fragment header. */
  nextHeader: number;
  data: Buffer;
  /** Received [start, end) ranges of the fragmentable part, in arrival order. */
  ranges: number[];
  received: number;
  /** Length of the fragmentable part, known once the last fragment (MF = 0) arrived; -1 before. */
  total: number;
}

export const DEFAULT_REASSEMBLY_BYTES = 8 * 1024 * 1024;
export const DEFAULT_REASSEMBLY_TIMEOUT_US = 30_000_000;

export class IpReassembler {
  private readonly datagrams = new Map<string, Datagram>();
  private heldBytes = 0;

  constructor(
    private readonly opts: IpReassemblyOptions,
    private readonly tallies: IpReassemblyTallies,
  ) {}

  /** Bytes held now (for tests and status). */
  get bytes(): number {
    return this.heldBytes;
  }

  /**
   * One IPv4 fragment: the packet at b[ip, ip + totalLen) with a header of headerLen bytes. `prefix`
   * bytes before `ip` (the link layer) are copied in front of the completed datagram.
   */
  addV4(b: Buffer, frameStart: number, ip: number, headerLen: number, totalLen: number, ts: number): FragmentOutcome {
    const key = `4 ${b.readUInt32BE(ip + 12)} ${b.readUInt32BE(ip + 16)} ${b[ip + 9]} ${(b[ip + 4] << 8) | b[ip + 5]}`;
    const offset = (((b[ip + 6] & 0x1f) << 8) | b[ip + 7]) * 8;
    const more = (b[ip + 6] & 0x20) !== 0;
    const start = ip + headerLen;
    const end = ip + totalLen;
    const outcome = this.add(key, b, start, end, offset, more, MAX_DATAGRAM - headerLen, ts);
    if (outcome !== 'stored') return outcome;
    const d = this.datagrams.get(key)!;
    if (offset === 0) d.header = Buffer.from(b.subarray(ip, start));
    return this.complete(key, d, b, frameStart, ip);
  }

  /**
   * One IPv6 fragment: the Fragment header at `frag`, the fragmentable part from frag + 8 to `ipEnd`;
   * `nextHeaderAt` is the absolute index of the byte that named the Fragment header (44).
   */
  addV6(
    b: Buffer,
    frameStart: number,
    ip: number,
    frag: number,
    nextHeaderAt: number,
    ipEnd: number,
    ts: number,
  ): FragmentOutcome {
    const key = `6 ${b.toString('latin1', ip + 8, ip + 40)} ${b[frag]} ${b.readUInt32BE(frag + 4)}`;
    const offset = ((b[frag + 2] << 8) | b[frag + 3]) & 0xfff8;
    const more = (b[frag + 3] & 1) !== 0;
    const unfragmentable = frag - ip;
    const outcome = this.add(key, b, frag + 8, ipEnd, offset, more, MAX_DATAGRAM - (unfragmentable - 40), ts);
    if (outcome !== 'stored') return outcome;
    const d = this.datagrams.get(key)!;
    if (offset === 0) {
      d.header = Buffer.from(b.subarray(ip, frag));
      d.nextHeaderAt = nextHeaderAt - ip;
      d.nextHeader = b[frag];
    }
    return this.complete(key, d, b, frameStart, ip);
  }

  /** Gives up datagrams older than the timeout at capture time `ts`. */
  expire(ts: number): void {
    for (const [key, d] of this.datagrams) {
      if (ts - d.firstTs <= this.opts.timeoutUs) break;
      this.drop(key, d);
      this.tallies.expired++;
    }
  }

  private add(
    key: string,
    b: Buffer,
    start: number,
    end: number,
    offset: number,
    more: boolean,
    maxLength: number,
    ts: number,
  ): FragmentOutcome | 'stored' {
    this.expire(ts);
    const len = end - start;
    const last = offset + len;
    // Every fragment but the last carries a multiple of 8 bytes (RFC 791, RFC 8200 4.5).
    if (last > maxLength || (more && (len === 0 || len % 8 !== 0))) return this.invalidate(key);
    let d = this.datagrams.get(key);
    if (d === undefined) {
      if (last > this.opts.maxBytes) return 'limit';
      d = {
        firstTs: ts,
        header: null,
        nextHeaderAt: 6,
        nextHeader: 0,
        data: Buffer.alloc(0),
        ranges: [],
        received: 0,
        total: -1,
      };
      this.datagrams.set(key, d);
    }
    let maxEnd = last;
    for (let i = 0; i < d.ranges.length; i += 2) {
      const s = d.ranges[i];
      const e = d.ranges[i + 1];
      if (s === offset && e === last && b.compare(d.data, s, e, start, end) === 0) return 'duplicate';
      if (offset < e && s < last) return this.invalidate(key);
      if (e > maxEnd) maxEnd = e;
    }
    if (!more) {
      if (d.total >= 0 && d.total !== last) return this.invalidate(key);
      d.total = last;
    }
    if (d.total >= 0 && maxEnd > d.total) return this.invalidate(key);
    if (last > d.data.length) {
      const grown = Math.min(maxLength, Math.max(last, d.data.length * 2, 2048));
      const growBy = grown - d.data.length;
      if (!this.makeRoom(growBy, d)) {
        this.drop(key, d);
        return 'limit';
      }
      const data = Buffer.alloc(grown);
      d.data.copy(data);
      d.data = data;
      this.heldBytes += growBy;
    }
    b.copy(d.data, offset, start, end);
    d.ranges.push(offset, last);
    d.received += len;
    return 'stored';
  }

  /** Frees the oldest datagrams (never `keep`) until `bytes` more fit under maxBytes. */
  private makeRoom(bytes: number, keep: Datagram): boolean {
    if (this.heldBytes + bytes <= this.opts.maxBytes) return true;
    for (const [key, d] of this.datagrams) {
      if (d === keep) continue;
      this.drop(key, d);
      this.tallies.evicted++;
      if (this.heldBytes + bytes <= this.opts.maxBytes) return true;
    }
    return this.heldBytes + bytes <= this.opts.maxBytes;
  }

  private complete(key: string, d: Datagram, b: Buffer, frameStart: number, ip: number): FragmentOutcome {
    if (d.total < 0 || d.header === null || d.received !== d.total) return 'buffered';
    const prefix = ip - frameStart;
    const h = d.header;
    const frame = Buffer.allocUnsafe(prefix + h.length + d.total);
    b.copy(frame, 0, frameStart, ip);
    h.copy(frame, prefix);
    d.data.copy(frame, prefix + h.length, 0, d.total);
    if (h[0] >> 4 === 4) {
      frame.writeUInt16BE(h.length + d.total, prefix + 2);
      frame[prefix + 6] &= 0x40; // keep DF, clear MF and the offset
      frame[prefix + 7] = 0;
    } else {
      frame.writeUInt16BE(h.length - 40 + d.total, prefix + 4);
      frame[prefix + d.nextHeaderAt] = d.nextHeader;
    }
    this.drop(key, d);
    this.tallies.reassembled++;
    return frame;
  }

  private invalidate(key: string): 'invalid' {
    const d = this.datagrams.get(key);
    if (d !== undefined) this.drop(key, d);
    return 'invalid';
  }

  private drop(key: string, d: Datagram): void {
    this.heldBytes -= d.data.length;
    this.datagrams.delete(key);
  }
}
