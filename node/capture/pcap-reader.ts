/**
 * Streaming reader for classic pcap (µs/ns, either byte order) and pcapng (any number of
 * sections and interfaces, EPB/SPB/OPB), format detected from the first bytes. Records are handed
 * to the FrameHandler in place, as offsets into the chunk that holds them; only a record that
 * spans two chunks is copied (into a small carry buffer), so memory stays bounded whatever the
 * file size.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { CaptureFileStats, FrameHandler } from './types';

export interface CaptureReaderOptions {
  /** Largest captured packet accepted (libpcap's MAXIMUM_SNAPLEN, 262144, by default). */
  maxPacketBytes?: number;
  /** Largest pcapng block accepted (libpcap's limit, 16 MiB, by default). */
  maxBlockBytes?: number;
}

export const DEFAULT_MAX_PACKET_BYTES = 262144;
export const DEFAULT_MAX_BLOCK_BYTES = 16 * 1024 * 1024;

/** The input is not a capture we can read past this point. */
export class CaptureFormatError extends Error {
  constructor(
    message: string,
    /** Byte offset in the stream of the offending record or header. */
    readonly offset: number,
  ) {
    super(`${message} (at byte offset ${offset})`);
    this.name = 'CaptureFormatError';
  }
}

const MAGIC_PCAP_US = 0xa1b2c3d4;
const MAGIC_PCAP_NS = 0xa1b23c4d;
const MAGIC_PCAP_US_SWAPPED = 0xd4c3b2a1;
const MAGIC_PCAP_NS_SWAPPED = 0x4d3cb2a1;
const MAGIC_PCAP_MODIFIED = 0xa1b2cd34;
const PCAPNG_BOM = 0x1a2b3c4d;

const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 0x00000001;
const BT_OPB = 0x00000002;
const BT_SPB = 0x00000003;
const BT_EPB = 0x00000006;

const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

const TWO_32 = 4294967296;

const enum Mode {
  Detect,
  Pcap,
  Pcapng,
}

/** Bytes needed before a record's length is known: pcap record header / pcapng block minimum. */
const DETECT_HEADER = 12;
const PCAP_RECORD_HEADER = 16;
const PCAPNG_BLOCK_MIN = 12;

function u32(b: Buffer, o: number, le: boolean): number {
  return le
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function u16(b: Buffer, o: number, le: boolean): number {
  return le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, '0')}`;
}

export function newCaptureFileStats(): CaptureFileStats {
  return {
    format: 'unknown',
    bytes: 0,
    packets: 0,
    snappedPackets: 0,
    skippedBlocks: 0,
    unknownInterfacePackets: 0,
    malformedBlocks: 0,
    formatErrors: 0,
    truncatedRecords: 0,
    interfaces: 0,
    sections: 0,
  };
}

/**
 * Push-style parser: feed chunks with push(), then call end(). Throws CaptureFormatError on input
 * that cannot be framed (the error is also counted in stats.formatErrors).
 */
export class PcapStreamReader {
  readonly stats: CaptureFileStats = newCaptureFileStats();
  private readonly maxPacket: number;
  private readonly maxBlock: number;
  private mode = Mode.Detect;
  private le = true;
  /** Classic pcap: nanosecond timestamps and the file's link type. */
  private nano = false;
  private pcapLinkType = 0;
  /** pcapng interfaces of the current section: link type, time units per second, offset (µs). */
  private ifLinkType: number[] = [];
  private ifUnits: number[] = [];
  private ifOffsetUs: number[] = [];
  private lastTs = 0;
  /** Stream offset of the next record to parse. */
  private pos = 0;
  private carry: Buffer = Buffer.alloc(64 * 1024);
  private carryLen = 0;

  constructor(
    private readonly handler: FrameHandler,
    opts: CaptureReaderOptions = {},
  ) {
    this.maxPacket = opts.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;
    this.maxBlock = opts.maxBlockBytes ?? DEFAULT_MAX_BLOCK_BYTES;
  }

  push(chunk: Buffer): void {
    const end = chunk.length;
    let off = 0;
    this.stats.bytes += end;
    if (this.carryLen > 0) {
      off = this.fillCarry(chunk);
      if (off < 0) return;
    }
    for (;;) {
      const hs = this.headerSize();
      if (end - off < hs) break;
      const size = this.recordSize(chunk, off);
      if (end - off < size) break;
      this.consume(chunk, off, size);
      off += size;
      this.pos += size;
    }
    if (off < end) {
      this.ensureCarry(end - off);
      chunk.copy(this.carry, 0, off, end);
      this.carryLen = end - off;
    }
  }

  /** Completes the record held in the carry buffer; returns the chunk offset after it, or -1. */
  private fillCarry(chunk: Buffer): number {
    let off = 0;
    const hs = this.headerSize();
    if (this.carryLen < hs) {
      const n = Math.min(hs - this.carryLen, chunk.length);
      chunk.copy(this.carry, this.carryLen, 0, n);
      this.carryLen += n;
      off = n;
      if (this.carryLen < hs) return -1;
    }
    const size = this.recordSize(this.carry, 0);
    this.ensureCarry(size);
    const n = Math.min(size - this.carryLen, chunk.length - off);
    chunk.copy(this.carry, this.carryLen, off, off + n);
    this.carryLen += n;
    off += n;
    if (this.carryLen < size) return -1;
    this.carryLen = 0;
    this.consume(this.carry, 0, size);
    this.pos += size;
    return off;
  }

  private ensureCarry(size: number): void {
    if (this.carry.length >= size) return;
    const bigger = Buffer.alloc(Math.max(size, this.carry.length * 2));
    this.carry.copy(bigger, 0, 0, this.carryLen);
    this.carry = bigger;
  }

  /** Ends the stream: a partial record left over is counted as truncated. */
  end(): CaptureFileStats {
    if (this.mode === Mode.Detect) {
      this.fatal(
        this.carryLen === 0
          ? 'empty input: expected a pcap or pcapng file'
          : `input too short (${this.carryLen} bytes) for a pcap or pcapng header`,
      );
    }
    if (this.carryLen > 0) {
      this.stats.truncatedRecords++;
      this.carryLen = 0;
    }
    return this.stats;
  }

  private fatal(message: string, offset = this.pos): never {
    this.stats.formatErrors++;
    throw new CaptureFormatError(message, offset);
  }

  private headerSize(): number {
    return this.mode === Mode.Pcap ? PCAP_RECORD_HEADER : this.mode === Mode.Pcapng ? PCAPNG_BLOCK_MIN : DETECT_HEADER;
  }

  /** The full length of the record at `off` (its header is present); validates the length. */
  private recordSize(b: Buffer, off: number): number {
    if (this.mode === Mode.Pcap) {
      const incl = u32(b, off + 8, this.le);
      if (incl > this.maxPacket) {
        this.fatal(
          `pcap record claims ${incl} captured bytes, more than the ${this.maxPacket}-byte limit: the file is corrupt or not a pcap`,
        );
      }
      return PCAP_RECORD_HEADER + incl;
    }
    const magic = u32(b, off, false);
    if (this.mode === Mode.Detect) {
      if (
        magic === MAGIC_PCAP_US ||
        magic === MAGIC_PCAP_NS ||
        magic === MAGIC_PCAP_US_SWAPPED ||
        magic === MAGIC_PCAP_NS_SWAPPED
      )
        return 24;
      if (magic === MAGIC_PCAP_MODIFIED || magic === 0x34cdb2a1)
        this.fatal('modified (Kuznetzov) pcap is not supported: convert it with `editcap -F pcap`');
      if (magic !== BT_SHB) this.fatal(`not a pcap or pcapng file (first bytes ${hex(magic)})`);
    }
    let le = this.le;
    if (magic === BT_SHB) {
      const bom = u32(b, off + 8, true);
      if (bom === PCAPNG_BOM) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else this.fatal(`pcapng section header with an invalid byte-order magic ${hex(bom)}`);
    }
    const total = u32(b, off + 4, le);
    if (total < PCAPNG_BLOCK_MIN || total % 4 !== 0 || total > this.maxBlock) {
      this.fatal(
        `pcapng block of type ${hex(u32(b, off, le))} has an invalid length ${total} (must be a multiple of 4, 12..${this.maxBlock})`,
      );
    }
    return total;
  }

  private consume(b: Buffer, off: number, size: number): void {
    if (this.mode === Mode.Pcap) return this.pcapRecord(b, off);
    if (this.mode === Mode.Detect && u32(b, off, false) !== BT_SHB) return this.pcapHeader(b, off);
    this.mode = Mode.Pcapng;
    this.stats.format = 'pcapng';
    this.pcapngBlock(b, off, size);
  }

  private pcapHeader(b: Buffer, off: number): void {
    const magic = u32(b, off, false);
    this.le = magic === MAGIC_PCAP_US_SWAPPED || magic === MAGIC_PCAP_NS_SWAPPED;
    this.nano = magic === MAGIC_PCAP_NS || magic === MAGIC_PCAP_NS_SWAPPED;
    // The upper bits of the field carry FCS information, not the link type.
    this.pcapLinkType = u32(b, off + 20, this.le) & 0xffff;
    this.mode = Mode.Pcap;
    this.stats.format = 'pcap';
  }

  private pcapRecord(b: Buffer, off: number): void {
    const le = this.le;
    const sec = u32(b, off, le);
    const frac = u32(b, off + 4, le);
    const incl = u32(b, off + 8, le);
    const orig = u32(b, off + 12, le);
    const ts = sec * 1e6 + (this.nano ? Math.floor(frac / 1000) : frac);
    this.stats.packets++;
    if (incl < orig) this.stats.snappedPackets++;
    this.handler(this.pcapLinkType, b, off + PCAP_RECORD_HEADER, incl, ts, orig);
  }

  private pcapngBlock(b: Buffer, off: number, size: number): void {
    const le = this.le;
    const type = u32(b, off, le);
    const bodyEnd = off + size - 4;
    switch (type) {
      case BT_SHB:
        this.le = u32(b, off + 8, true) === PCAPNG_BOM;
        this.ifLinkType = [];
        this.ifUnits = [];
        this.ifOffsetUs = [];
        this.stats.sections++;
        return;
      case BT_IDB:
        if (bodyEnd - off < 16) return this.malformed();
        this.interfaceBlock(b, off, bodyEnd);
        return;
      case BT_EPB:
      case BT_OPB: {
        if (bodyEnd - off < 28) return this.malformed();
        const ifId = type === BT_EPB ? u32(b, off + 8, le) : u16(b, off + 8, le);
        const capLen = u32(b, off + 20, le);
        const origLen = u32(b, off + 24, le);
        if (capLen > bodyEnd - off - 28 || capLen > this.maxPacket) return this.malformed();
        if (ifId >= this.ifLinkType.length) {
          this.stats.unknownInterfacePackets++;
          return;
        }
        this.lastTs = this.timestamp(ifId, u32(b, off + 12, le), u32(b, off + 16, le));
        this.packet(ifId, b, off + 28, capLen, origLen);
        return;
      }
      case BT_SPB: {
        if (bodyEnd - off < 12) return this.malformed();
        if (this.ifLinkType.length === 0) {
          this.stats.unknownInterfacePackets++;
          return;
        }
        const origLen = u32(b, off + 8, le);
        // No captured length field: the block holds min(original length, what fits).
        const capLen = Math.min(origLen, bodyEnd - off - 12);
        this.packet(0, b, off + 12, capLen, origLen);
        return;
      }
      default:
        this.stats.skippedBlocks++;
    }
  }

  private packet(ifId: number, b: Buffer, off: number, capLen: number, origLen: number): void {
    this.stats.packets++;
    if (capLen < origLen) this.stats.snappedPackets++;
    this.handler(this.ifLinkType[ifId], b, off, capLen, this.lastTs, origLen);
  }

  private malformed(): void {
    this.stats.malformedBlocks++;
  }

  private interfaceBlock(b: Buffer, off: number, bodyEnd: number): void {
    const le = this.le;
    let units = 1e6;
    let offsetUs = 0;
    for (let p = off + 16; p + 4 <= bodyEnd;) {
      const code = u16(b, p, le);
      const len = u16(b, p + 2, le);
      if (code === 0 || p + 4 + len > bodyEnd) break;
      if (code === OPT_IF_TSRESOL && len >= 1) {
        const r = b[p + 4];
        units = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      } else if (code === OPT_IF_TSOFFSET && len === 8) {
        const hi = u32(b, le ? p + 8 : p + 4, le) | 0;
        const lo = u32(b, le ? p + 4 : p + 8, le);
        offsetUs = (hi * TWO_32 + lo) * 1e6;
      }
      p += 4 + ((len + 3) & ~3);
    }
    this.ifLinkType.push(u16(b, off + 8, le));
    this.ifUnits.push(units);
    this.ifOffsetUs.push(offsetUs);
    this.stats.interfaces++;
  }

  /** A 64-bit pcapng timestamp in the interface's units, as µs since the epoch. */
  private timestamp(ifId: number, hi: number, lo: number): number {
    const units = this.ifUnits[ifId];
    const off = this.ifOffsetUs[ifId];
    if (units === 1e6) return hi * TWO_32 + lo + off;
    const d = units / 1e6;
    if (Number.isInteger(d) && d <= 1 << 20) {
      // Exact: split hi so no intermediate exceeds 2^53 (ns timestamps are ~2^60).
      const a = Math.floor(hi / d);
      const r = hi - a * d;
      return a * TWO_32 + Math.floor((r * TWO_32 + lo) / d) + off;
    }
    return Math.floor((hi * TWO_32 + lo) / d) + off;
  }
}

/**
 * Reads a whole capture stream, calling `handler` for every packet. Chunks are pulled one at a
 * time (backpressure: the stream is not read ahead of the handler). Resolves with the counters;
 * rejects with CaptureFormatError (stream destroyed) on input that cannot be read on.
 */
export async function readCapture(
  stream: Readable | AsyncIterable<Buffer>,
  handler: FrameHandler,
  opts: CaptureReaderOptions = {},
): Promise<CaptureFileStats> {
  const reader = new PcapStreamReader(handler, opts);
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  }
  return reader.end();
}

/** Chunk size for file reads: large enough that per-chunk overhead vanishes. */
export const FILE_READ_CHUNK_BYTES = 1024 * 1024;

/**
 * The chunks of a capture path; '-' is standard input. A file is read READ_AHEAD_CHUNKS chunks
 * ahead of its consumer into a ring of buffers, so reads (on libuv's thread pool) run while
 * chunks are analysed and a read delayed by a busy core does not stall the analysis (a stream
 * reads only when asked, and allocates every chunk; docs/performance.md, "Engine notes"). A chunk is valid until the next one is asked for: every stage copies what it keeps (as
 * with live capture's one buffer).
 */
export function openCaptureStream(path: string): AsyncIterable<Buffer> {
  return path === '-' ? (process.stdin as AsyncIterable<Buffer>) : readAhead(path, FILE_READ_CHUNK_BYTES, READ_AHEAD_CHUNKS);
}

/** Chunks read ahead of the one being analysed (each FILE_READ_CHUNK_BYTES). */
const READ_AHEAD_CHUNKS = 4;

export async function* readAhead(path: string, size: number, depth: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  const ring = Array.from({ length: depth }, () => Buffer.allocUnsafe(size));
  const reads: Promise<{ bytesRead: number }>[] = [];
  /** File position of the next read to issue: reads are positioned, so several can be in flight. */
  let next = 0;
  const issue = (slot: number): void => {
    reads[slot] = file.read(ring[slot], 0, size, next);
    next += size;
  };
  try {
    for (let slot = 0; slot < depth; slot++) issue(slot);
    for (let slot = 0; ; slot = (slot + 1) % depth) {
      const at = next - depth * size;
      const { bytesRead } = await reads[slot];
      if (bytesRead === 0) return;
      yield ring[slot].subarray(0, bytesRead);
      if (bytesRead < size) {
        // A short read is the end of the file as it was; the reads behind it assumed a full
        // chunk. If the file grew meanwhile, read on from exactly where this chunk ended.
        await Promise.allSettled(reads);
        next = at + bytesRead;
        for (let k = 1; k <= depth; k++) issue((slot + k) % depth);
        continue;
      }
      issue(slot);
    }
  } finally {
    await Promise.allSettled(reads);
    await file.close();
  }
}
