/**
 * TLS record framing (RFC 8446 section 5.1), incremental: fed one direction's bytes as they are
 * reassembled, it reports whole records, whether a record spans segments or a segment holds
 * several. A record is passed without copying when it lies within one delivery.
 */

/** Largest record fragment allowed on the wire: 2^14 + 2048 (TLS 1.2 ciphertext) + 256 slack. */
export const MAX_FRAGMENT = 16384 + 2048 + 256;

export const enum ContentType {
  ChangeCipherSpec = 20,
  Alert = 21,
  Handshake = 22,
  ApplicationData = 23,
}

/** True for the first bytes of a record header: a content type 20-23 and version 3.x (x ≤ 4). */
export function isRecordHeader(b: Buffer, p: number): boolean {
  return b[p] >= 20 && b[p] <= 23 && b[p + 1] === 3 && b[p + 2] <= 4;
}

export interface RecordSink {
  /** `header` (5 bytes) and `fragment` are only valid during the call. */
  record(header: Buffer, fragment: Buffer, ts: number): void;
  /** The bytes are not TLS records (bad header or length): nothing more is reported. */
  badRecord(detail: string): void;
}

export class RecordReader {
  /** A partial record (header and what arrived of its fragment). */
  private partial: Buffer | null = null;
  private partialLength = 0;
  private broken = false;

  constructor(private readonly sink: RecordSink) {}

  /** Bytes of a partial record held. */
  get held(): number {
    return this.partialLength;
  }

  push(buf: Buffer, offset: number, length: number, ts: number): void {
    if (this.broken) return;
    let p = offset;
    const end = offset + length;
    if (this.partial !== null) {
      p = this.fill(buf, p, end, ts);
      if (this.partial !== null || this.broken) return;
    }
    while (p < end) {
      if (end - p < 5) {
        this.startPartial(buf, p, end);
        return;
      }
      const size = buf.readUInt16BE(p + 3);
      if (!isRecordHeader(buf, p) || size > MAX_FRAGMENT) return this.fail(buf, p);
      if (end - p - 5 < size) {
        this.startPartial(buf, p, end);
        return;
      }
      this.sink.record(buf.subarray(p, p + 5), buf.subarray(p + 5, p + 5 + size), ts);
      p += 5 + size;
      if (this.broken) return;
    }
  }

  private startPartial(buf: Buffer, p: number, end: number): void {
    // Sized for the whole record once its header is known (fill grows it).
    this.partial = Buffer.allocUnsafe(end - p >= 5 ? 5 + buf.readUInt16BE(p + 3) : 5);
    buf.copy(this.partial, 0, p, end);
    this.partialLength = end - p;
  }

  /** Completes the partial record from buf[p..end); returns where its bytes ended. */
  private fill(buf: Buffer, p: number, end: number, ts: number): number {
    const part = this.partial!;
    if (this.partialLength < 5) {
      const n = Math.min(5 - this.partialLength, end - p);
      buf.copy(part, this.partialLength, p, p + n);
      this.partialLength += n;
      p += n;
      if (this.partialLength < 5) return p;
      const size = part.readUInt16BE(3);
      if (!isRecordHeader(part, 0) || size > MAX_FRAGMENT) {
        this.fail(part, 0);
        return end;
      }
      const grown = Buffer.allocUnsafe(5 + size);
      part.copy(grown, 0, 0, 5);
      this.partial = grown;
      return this.fill(buf, p, end, ts);
    }
    const need = part.length - this.partialLength;
    const n = Math.min(need, end - p);
    buf.copy(part, this.partialLength, p, p + n);
    this.partialLength += n;
    p += n;
    if (this.partialLength === part.length) {
      this.partial = null;
      this.partialLength = 0;
      this.sink.record(part.subarray(0, 5), part.subarray(5), ts);
    }
    return p;
  }

  private fail(b: Buffer, p: number): void {
    this.broken = true;
    this.partial = null;
    this.partialLength = 0;
    this.sink.badRecord(`record header ${b.subarray(p, p + 5).toString('hex')} is not TLS`);
  }
}
