/**
 * Capture-file writers for tests and benchmarks: classic pcap (µs or ns, either byte order) and
 * pcapng (several interfaces with their own link types and if_tsresol, EPB/SPB/OPB, either byte
 * order). Each method returns the encoded bytes too, so big files can be streamed to disk.
 */

export interface PcapWriterOptions {
  linkType: number;
  nanosecond?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

export class PcapWriter {
  private readonly chunks: Buffer[] = [];
  readonly header: Buffer;

  constructor(private readonly opts: PcapWriterOptions) {
    const h = Buffer.alloc(24);
    const be = !!opts.bigEndian;
    const u32 = (v: number, o: number): void => void (be ? h.writeUInt32BE(v, o) : h.writeUInt32LE(v, o));
    const u16 = (v: number, o: number): void => void (be ? h.writeUInt16BE(v, o) : h.writeUInt16LE(v, o));
    u32(opts.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, 0);
    u16(2, 4);
    u16(4, 6);
    u32(opts.snaplen ?? 262144, 16);
    u32(opts.linkType, 20);
    this.header = h;
    this.chunks.push(h);
  }

  /** Encodes one record (ts in µs since the epoch; `subMicroNs` adds 0-999 ns in ns files). */
  record(ts: number, frame: Buffer, origLength = frame.length, subMicroNs = 0): Buffer {
    const r = Buffer.alloc(16 + frame.length);
    const sec = Math.floor(ts / 1e6);
    const frac = this.opts.nanosecond ? (ts - sec * 1e6) * 1000 + subMicroNs : ts - sec * 1e6;
    if (this.opts.bigEndian) {
      r.writeUInt32BE(sec, 0);
      r.writeUInt32BE(frac, 4);
      r.writeUInt32BE(frame.length, 8);
      r.writeUInt32BE(origLength, 12);
    } else {
      r.writeUInt32LE(sec, 0);
      r.writeUInt32LE(frac, 4);
      r.writeUInt32LE(frame.length, 8);
      r.writeUInt32LE(origLength, 12);
    }
    frame.copy(r, 16);
    return r;
  }

  packet(ts: number, frame: Buffer, origLength = frame.length): this {
    this.chunks.push(this.record(ts, frame, origLength));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface PcapngInterface {
  linkType: number;
  /** if_tsresol byte: 6 = µs (default), 9 = ns, 0x80|n = 2^-n seconds. */
  tsresol?: number;
  snaplen?: number;
  name?: string;
}

export type PcapngPacketBlock = 'epb' | 'spb' | 'opb';

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_OPB = 0x00000002;
const BT_SPB = 0x00000003;
const BT_EPB = 0x00000006;

function pad4(n: number): number {
  return (n + 3) & ~3;
}

export class PcapngWriter {
  private readonly chunks: Buffer[] = [];
  private readonly interfaces: PcapngInterface[] = [];
  private readonly be: boolean;

  constructor(opts: { bigEndian?: boolean } = {}) {
    this.be = !!opts.bigEndian;
    this.chunks.push(this.section());
  }

  private u16(b: Buffer, v: number, o: number): void {
    if (this.be) b.writeUInt16BE(v, o);
    else b.writeUInt16LE(v, o);
  }

  private u32(b: Buffer, v: number, o: number): void {
    if (this.be) b.writeUInt32BE(v >>> 0, o);
    else b.writeUInt32LE(v >>> 0, o);
  }

  /** A block with the given type and body (body is padded; lengths written at both ends). */
  block(type: number, body: Buffer): Buffer {
    const total = 12 + pad4(body.length);
    const b = Buffer.alloc(total);
    this.u32(b, type, 0);
    this.u32(b, total, 4);
    body.copy(b, 8);
    this.u32(b, total, total - 4);
    return b;
  }

  private options(opts: Array<[number, Buffer]>): Buffer {
    const parts: Buffer[] = [];
    for (const [code, value] of opts) {
      const h = Buffer.alloc(4 + pad4(value.length));
      this.u16(h, code, 0);
      this.u16(h, value.length, 2);
      value.copy(h, 4);
      parts.push(h);
    }
    if (parts.length > 0) parts.push(Buffer.alloc(4)); // opt_endofopt
    return Buffer.concat(parts);
  }

  /** Encodes a Section Header Block; a later call starts a new section (interfaces reset). */
  section(): Buffer {
    this.interfaces.length = 0;
    const body = Buffer.alloc(16);
    this.u32(body, 0x1a2b3c4d, 0);
    this.u16(body, 1, 4);
    this.u16(body, 0, 6);
    body.fill(0xff, 8, 16); // section length unknown
    return this.block(BT_SHB, Buffer.concat([body, this.options([[4, Buffer.from('aio-native test generator')]])]));
  }

  newSection(): this {
    this.chunks.push(this.section());
    return this;
  }

  /** Adds an Interface Description Block; returns the interface id. */
  addInterface(iface: PcapngInterface): number {
    const fixed = Buffer.alloc(8);
    this.u16(fixed, iface.linkType, 0);
    this.u32(fixed, iface.snaplen ?? 262144, 4);
    const opts: Array<[number, Buffer]> = [];
    if (iface.name) opts.push([2, Buffer.from(iface.name)]);
    if (iface.tsresol !== undefined) opts.push([9, Buffer.from([iface.tsresol])]);
    this.chunks.push(this.block(BT_IDB, Buffer.concat([fixed, this.options(opts)])));
    this.interfaces.push(iface);
    return this.interfaces.length - 1;
  }

  private timestamp(ifId: number, ts: number): bigint {
    const res = this.interfaces[ifId]?.tsresol ?? 6;
    const us = BigInt(Math.round(ts));
    if (res & 0x80) return (us << BigInt(res & 0x7f)) / 1000000n;
    const exp = res;
    return exp >= 6 ? us * 10n ** BigInt(exp - 6) : us / 10n ** BigInt(6 - exp);
  }

  /** Encodes a packet block. SPB has no interface id or timestamp: it belongs to interface 0. */
  packetBlock(ifId: number, ts: number, frame: Buffer, kind: PcapngPacketBlock = 'epb', origLength = frame.length): Buffer {
    if (kind === 'spb') {
      const fixed = Buffer.alloc(4);
      this.u32(fixed, origLength, 0);
      return this.block(BT_SPB, Buffer.concat([fixed, frame, Buffer.alloc(pad4(frame.length) - frame.length)]));
    }
    const t = this.timestamp(ifId, ts);
    const fixed = Buffer.alloc(20);
    if (kind === 'epb') this.u32(fixed, ifId, 0);
    else {
      this.u16(fixed, ifId, 0);
      this.u16(fixed, 0, 2); // drops count
    }
    this.u32(fixed, Number(t >> 32n), 4);
    this.u32(fixed, Number(t & 0xffffffffn), 8);
    this.u32(fixed, frame.length, 12);
    this.u32(fixed, origLength, 16);
    const comment = this.options([[1, Buffer.from('pkt')]]);
    return this.block(
      kind === 'epb' ? BT_EPB : BT_OPB,
      Buffer.concat([fixed, frame, Buffer.alloc(pad4(frame.length) - frame.length), comment]),
    );
  }

  packet(ifId: number, ts: number, frame: Buffer, kind: PcapngPacketBlock = 'epb', origLength = frame.length): this {
    this.chunks.push(this.packetBlock(ifId, ts, frame, kind, origLength));
    return this;
  }

  /** Appends an arbitrary block (e.g. a type the reader must skip). */
  raw(type: number, body: Buffer): this {
    this.chunks.push(this.block(type, body));
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** A classic pcap of packets that all share one link type. */
export function writePcap(
  packets: Array<{ ts: number; linkType: number; frame: Buffer }>,
  opts: Omit<PcapWriterOptions, 'linkType'> = {},
): Buffer {
  const linkType = packets[0]?.linkType ?? 1;
  const w = new PcapWriter({ ...opts, linkType });
  for (const p of packets) {
    if (p.linkType !== linkType)
      throw new Error(`classic pcap holds one link type; got ${p.linkType} after ${linkType} (use writePcapng)`);
    w.packet(p.ts, p.frame);
  }
  return w.toBuffer();
}

/** A pcapng with one interface per distinct link type (in order of first appearance). */
export function writePcapng(
  packets: Array<{ ts: number; linkType: number; frame: Buffer }>,
  opts: { bigEndian?: boolean; tsresol?: number } = {},
): Buffer {
  const w = new PcapngWriter(opts);
  const ifaces = new Map<number, number>();
  for (const p of packets) {
    let id = ifaces.get(p.linkType);
    if (id === undefined) {
      id = w.addInterface({ linkType: p.linkType, tsresol: opts.tsresol });
      ifaces.set(p.linkType, id);
    }
    w.packet(id, p.ts, p.frame);
  }
  return w.toBuffer();
}
