/**
 * The durable spool between the exporter and the cloud. Every batch is framed, appended to a
 * segment file and fsync'd before it is sent; its acknowledgement (or parking) is appended the same
 * way after the cloud answers. After a crash, replaying the segments gives exactly the batches
 * still owed: unacknowledged ones are sent again with the same id and the same bytes, acknowledged
 * ones never.
 *
 * Frame (all integers big-endian):
 *   0  magic "WNS1"   4  type u8 (1 batch, 2 ack, 3 parked)   5  3 zero bytes
 *   8  payload length u32   12  crc32 of bytes 4..11 followed by the payload   16 payload
 * Batch payload: kind u8 (1 events, 2 api-discovery), record count u32, created ms f64,
 *   id length u8, id (ASCII), then the request body exactly as sent (gzip JSON).
 * Ack / parked payload: id length u8, id.
 *
 * Segments (seg-NNNNNNNNNNNN.log) are only ever deleted oldest first, and only once every batch in
 * them is resolved: an acknowledgement always sits in the batch's segment or a later one, so it is
 * never deleted while the batch it resolves is still on disk. The total size is capped:
 * beyond it whole oldest segments are dropped and counted.
 * A torn or corrupt frame (power loss mid-write) ends its segment: the file is truncated there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Logger } from './logger';
import { fsyncDir, writeFileAtomic } from './node-yaml';

export type BatchKind = 'events' | 'api-discovery';

export interface SpooledBatch {
  readonly id: string;
  readonly kind: BatchKind;
  readonly records: number;
  readonly createdMs: number;
  /** Where the body lives: segment number, byte offset and length inside that file. */
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
}

export interface SpoolOptions {
  dir: string;
  /** Cap on all segment files together; the oldest are dropped beyond it. */
  maxBytes: number;
  /** A segment is closed once it reaches this size. Default min(4 MiB, maxBytes / 8). */
  segmentBytes?: number;
  /**
   * Cap on unsent batches (each costs a little memory for its index entry); beyond it the oldest
   * segments are dropped like for maxBytes. Default 100 000.
   */
  maxBatches?: number;
  /** Cap on bodies kept in dir/parked/; the oldest are deleted beyond it. Default 16 MiB. */
  parkedMaxBytes?: number;
  logger: Logger;
}

export interface SpoolStats {
  bytes: number;
  pendingBatches: number;
  pendingRecords: number;
  droppedBatches: number;
  droppedRecords: number;
  parkedBatches: number;
  corruptTails: number;
  corruptBytes: number;
}

const MAGIC = 0x574e5331; // "WNS1"
const HEADER = 16;
const enum FrameType {
  Batch = 1,
  Ack = 2,
  Parked = 3,
}
const KIND_CODE: Record<BatchKind, number> = { events: 1, 'api-discovery': 2 };
const KIND_BY_CODE: Record<number, BatchKind> = { 1: 'events', 2: 'api-discovery' };
const SEGMENT_NAME = /^seg-(\d{12})\.log$/;

interface Segment {
  no: number;
  file: string;
  size: number;
  /** Batches in this segment not yet acknowledged, parked or dropped. */
  unresolved: number;
}

export class Spool {
  private readonly segments: Segment[] = [];
  /** Unresolved batches, oldest first (Map keeps insertion order). */
  private readonly pendingById = new Map<string, SpooledBatch>();
  private readonly segmentBytes: number;
  private readonly parkedDir: string;
  private active!: Segment;
  private fd = -1;
  private totalBytes = 0;
  private pendingRecordCount = 0;
  private readonly s = { droppedBatches: 0, droppedRecords: 0, parkedBatches: 0, corruptTails: 0, corruptBytes: 0 };

  private constructor(private readonly o: SpoolOptions) {
    this.segmentBytes = o.segmentBytes ?? Math.max(4096, Math.min(4 << 20, Math.floor(o.maxBytes / 8)));
    this.parkedDir = path.join(o.dir, 'parked');
  }

  /** Opens (creating if needed) the spool in `dir`, replaying what a previous run left. */
  static open(o: SpoolOptions): Spool {
    const spool = new Spool(o);
    fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
    spool.lock();
    spool.replay();
    spool.startSegment();
    spool.collect();
    return spool;
  }

  /**
   * Appends and fsyncs one batch. Returns null when the batch alone is larger than the whole spool
   * (it is counted as dropped). Older segments may be dropped to make room.
   */
  append(kind: BatchKind, id: string, records: number, body: Buffer): SpooledBatch | null {
    const idBytes = Buffer.from(id, 'ascii');
    const head = Buffer.alloc(14 + idBytes.length);
    head.writeUInt8(KIND_CODE[kind], 0);
    head.writeUInt32BE(records, 1);
    const createdMs = Date.now();
    head.writeDoubleBE(createdMs, 5);
    head.writeUInt8(idBytes.length, 13);
    idBytes.copy(head, 14);
    const frameLength = HEADER + head.length + body.length;
    if (frameLength > this.o.maxBytes) {
      this.s.droppedBatches++;
      this.s.droppedRecords += records;
      this.o.logger.error('batch larger than the whole spool dropped', {
        batch_id: id,
        bytes: frameLength,
        spool_max_bytes: this.o.maxBytes,
      });
      return null;
    }
    this.makeRoom(frameLength);
    const offset = this.write(FrameType.Batch, [head, body]) + head.length;
    const batch: SpooledBatch = { id, kind, records, createdMs, segment: this.active.no, offset, length: body.length };
    this.pendingById.set(id, batch);
    this.pendingRecordCount += records;
    this.active.unresolved++;
    return batch;
  }

  /** The oldest unresolved batch. */
  next(): SpooledBatch | undefined {
    return this.pendingById.values().next().value;
  }

  isPending(id: string): boolean {
    return this.pendingById.has(id);
  }

  /** The body exactly as appended. */
  readBody(b: SpooledBatch): Buffer {
    const fd = fs.openSync(segmentFile(this.o.dir, b.segment), 'r');
    try {
      const buf = Buffer.allocUnsafe(b.length);
      const n = fs.readSync(fd, buf, 0, b.length, b.offset);
      if (n !== b.length) throw new Error(`spool segment ${b.segment} is shorter than batch ${b.id}`);
      return buf;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** The cloud has the batch: record that durably so it is never sent again. */
  ack(id: string): void {
    if (!this.pendingById.has(id)) return;
    this.write(FrameType.Ack, [idPayload(id)]);
    this.resolve(id);
  }

  /**
   * The cloud refused the batch for good: its body moves to parked/ (for a person to look at or
   * replay by hand) and it leaves the queue. Returns the parked file's path.
   */
  park(id: string): string {
    const b = this.pendingById.get(id);
    if (!b) return '';
    fs.mkdirSync(this.parkedDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.parkedDir, `${b.kind}-${b.id}.json.gz`);
    writeFileAtomic(file, this.readBody(b), 0o600);
    this.trimParked();
    this.write(FrameType.Parked, [idPayload(id)]);
    this.resolve(id);
    this.s.parkedBatches++;
    return file;
  }

  stats(): SpoolStats {
    return { bytes: this.totalBytes, pendingBatches: this.pendingById.size, pendingRecords: this.pendingRecordCount, ...this.s };
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
    fs.rmSync(this.lockFile, { force: true });
    openInThisProcess.delete(path.resolve(this.o.dir));
  }

  private get lockFile(): string {
    return path.join(this.o.dir, 'lock');
  }

  /**
   * One writer per spool: two would interleave frames. The lock file holds the owner's pid; it is
   * stale (taken over) when that process is gone, is this very process (a pid reused after a
   * restart), or was written before the last boot.
   */
  private lock(): void {
    const dir = path.resolve(this.o.dir);
    if (openInThisProcess.has(dir)) throw new Error(`spool ${dir} is already open in this process`);
    let owner = NaN;
    let writtenMs = 0;
    try {
      owner = Number(fs.readFileSync(this.lockFile, 'utf8').trim());
      writtenMs = fs.statSync(this.lockFile).mtimeMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const bootedMs = Date.now() - os.uptime() * 1000;
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && writtenMs > bootedMs && processAlive(owner)) {
      throw new Error(
        `spool ${dir} is in use by process ${owner}; stop it first (is the wallarm service running?) or use another --state-dir`,
      );
    }
    writeFileAtomic(this.lockFile, Buffer.from(`${process.pid}\n`), 0o600);
    openInThisProcess.add(dir);
  }

  private resolve(id: string): void {
    const b = this.pendingById.get(id)!;
    this.pendingById.delete(id);
    this.pendingRecordCount -= b.records;
    const seg = this.segments.find((s) => s.no === b.segment);
    if (seg) seg.unresolved--;
    this.collect();
  }

  /** Writes one frame to the active segment and fsyncs; returns the payload's offset. */
  private write(type: FrameType, parts: Buffer[]): number {
    if (this.fd < 0) throw new Error('spool is closed');
    let payloadLength = 0;
    for (const p of parts) payloadLength += p.length;
    if (this.active.size > 0 && this.active.size + HEADER + payloadLength > this.segmentBytes) {
      this.startSegment();
    }
    const header = Buffer.alloc(HEADER);
    header.writeUInt32BE(MAGIC, 0);
    header.writeUInt8(type, 4);
    header.writeUInt32BE(payloadLength, 8);
    let crc = zlib.crc32(header.subarray(4, 12));
    for (const p of parts) crc = zlib.crc32(p, crc);
    header.writeUInt32BE(crc, 12);
    const at = this.active.size;
    const frame = [header, ...parts];
    let written = 0;
    try {
      while (written < HEADER + payloadLength) {
        written += fs.writevSync(this.fd, sliceFrom(frame, written), at + written);
      }
      fs.fsyncSync(this.fd);
    } catch (err) {
      // A half-written frame would hide every later frame at replay: cut it off (best effort).
      try {
        fs.ftruncateSync(this.fd, at);
      } catch {
        // the replay's checksum will find it instead
      }
      throw err;
    }
    this.active.size += written;
    this.totalBytes += written;
    return at + HEADER;
  }

  private startSegment(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    const no = (this.segments.at(-1)?.no ?? 0) + 1;
    const file = segmentFile(this.o.dir, no);
    this.fd = fs.openSync(file, 'w', 0o600);
    fsyncDir(this.o.dir);
    this.active = { no, file, size: 0, unresolved: 0 };
    this.segments.push(this.active);
  }

  /** Deletes fully resolved segments, oldest first, never the active one. */
  private collect(): void {
    while (this.segments.length > 1 && this.segments[0].unresolved === 0) this.deleteOldest();
  }

  private makeRoom(frameLength: number): void {
    const maxBatches = this.o.maxBatches ?? 100_000;
    while (this.totalBytes + frameLength > this.o.maxBytes || this.pendingById.size >= maxBatches) {
      if (this.segments[0] === this.active) this.startSegment();
      const victim = this.segments[0];
      let batches = 0;
      let records = 0;
      for (const b of this.pendingById.values()) {
        if (b.segment !== victim.no) continue;
        this.pendingById.delete(b.id);
        this.pendingRecordCount -= b.records;
        batches++;
        records += b.records;
      }
      this.s.droppedBatches += batches;
      this.s.droppedRecords += records;
      this.o.logger.warn('spool full: oldest unsent batches dropped', {
        batches,
        records,
        spool_max_bytes: this.o.maxBytes,
        spool_max_batches: maxBatches,
        dropped_batches_total: this.s.droppedBatches,
      });
      victim.unresolved = 0;
      this.deleteOldest();
    }
  }

  private deleteOldest(): void {
    const seg = this.segments.shift()!;
    fs.rmSync(seg.file, { force: true });
    fsyncDir(this.o.dir);
    this.totalBytes -= seg.size;
  }

  private replay(): void {
    const numbers = fs
      .readdirSync(this.o.dir)
      .map((n) => SEGMENT_NAME.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const no of numbers) {
      const file = segmentFile(this.o.dir, no);
      const data = fs.readFileSync(file);
      const end = this.replaySegment(no, data);
      if (end < data.length) {
        fs.truncateSync(file, end);
        this.s.corruptTails++;
        this.s.corruptBytes += data.length - end;
        this.o.logger.warn('spool segment had a torn or corrupt tail (crash while writing?); truncated', {
          file,
          kept_bytes: end,
          removed_bytes: data.length - end,
        });
      }
      this.segments.push({ no, file, size: end, unresolved: 0 });
      this.totalBytes += end;
    }
    for (const b of this.pendingById.values()) {
      const seg = this.segments.find((s) => s.no === b.segment);
      if (seg) seg.unresolved++;
    }
  }

  /** Applies a segment's valid frames; returns where the valid part ends. */
  private replaySegment(no: number, data: Buffer): number {
    let at = 0;
    while (at + HEADER <= data.length) {
      if (data.readUInt32BE(at) !== MAGIC) break;
      const type = data.readUInt8(at + 4);
      const length = data.readUInt32BE(at + 8);
      if (at + HEADER + length > data.length) break;
      const payload = data.subarray(at + HEADER, at + HEADER + length);
      if (zlib.crc32(payload, zlib.crc32(data.subarray(at + 4, at + 12))) !== data.readUInt32BE(at + 12)) break;
      if (!this.applyFrame(type, payload, no, at + HEADER)) break;
      at += HEADER + length;
    }
    return at;
  }

  private applyFrame(type: number, p: Buffer, segment: number, payloadAt: number): boolean {
    if (type === FrameType.Batch) {
      if (p.length < 14) return false;
      const kind = KIND_BY_CODE[p.readUInt8(0)];
      const idLength = p.readUInt8(13);
      if (!kind || p.length < 14 + idLength) return false;
      const id = p.toString('ascii', 14, 14 + idLength);
      const records = p.readUInt32BE(1);
      const head = 14 + idLength;
      if (this.pendingById.has(id)) return true; // an id is written once; a copy changes nothing
      this.pendingById.set(id, {
        id,
        kind,
        records,
        createdMs: p.readDoubleBE(5),
        segment,
        offset: payloadAt + head,
        length: p.length - head,
      });
      this.pendingRecordCount += records;
      return true;
    }
    if (type === FrameType.Ack || type === FrameType.Parked) {
      if (p.length < 1 || p.length < 1 + p.readUInt8(0)) return false;
      const id = p.toString('ascii', 1, 1 + p.readUInt8(0));
      const b = this.pendingById.get(id);
      if (b) {
        this.pendingById.delete(id);
        this.pendingRecordCount -= b.records;
      }
      return true;
    }
    return false;
  }

  private trimParked(): void {
    const limit = this.o.parkedMaxBytes ?? 16 << 20;
    const files = fs
      .readdirSync(this.parkedDir)
      .map((name) => {
        const file = path.join(this.parkedDir, name);
        const st = fs.statSync(file);
        return { file, size: st.size, mtime: st.mtimeMs };
      })
      .sort((a, b) => a.mtime - b.mtime);
    let total = files.reduce((n, f) => n + f.size, 0);
    for (const f of files) {
      if (total <= limit) break;
      fs.rmSync(f.file, { force: true });
      total -= f.size;
      this.o.logger.warn('parked batches over their cap: oldest parked body deleted', { file: f.file, parked_max_bytes: limit });
    }
  }
}

const openInThisProcess = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function segmentFile(dir: string, no: number): string {
  return path.join(dir, `seg-${String(no).padStart(12, '0')}.log`);
}

function idPayload(id: string): Buffer {
  const idBytes = Buffer.from(id, 'ascii');
  return Buffer.concat([Buffer.from([idBytes.length]), idBytes]);
}

/** The buffers of `parts` from byte `skip` on (for a short writev). */
function sliceFrom(parts: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  for (const p of parts) {
    if (skip >= p.length) {
      skip -= p.length;
      continue;
    }
    out.push(skip > 0 ? p.subarray(skip) : p);
    skip = 0;
  }
  return out;
}
