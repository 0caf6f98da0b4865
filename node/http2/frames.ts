/**
 * HTTP/2 frame layer (RFC 9113 section 4), one reader per direction: fed byte ranges, it calls its
 * sink once per frame. DATA payloads stream through in pieces as they arrive (never buffered, with
 * padding removed); every other frame is delivered whole, buffered when split across deliveries,
 * up to `maxFrameBytes` (larger ones are skipped and counted). After a capture gap, or on a
 * connection joined mid-stream, the reader looks for the next frame boundary: a position where
 * well-formed frame headers follow one another (docs/http2.md "Gaps and mid-stream joins").
 */

export const enum FrameType {
  Data = 0,
  Headers = 1,
  Priority = 2,
  RstStream = 3,
  Settings = 4,
  PushPromise = 5,
  Ping = 6,
  Goaway = 7,
  WindowUpdate = 8,
  Continuation = 9,
}

export const FLAG_END_STREAM = 0x1;
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

export const FRAME_HEADER_BYTES = 9;
/** RFC 9113 4.2: the largest frame payload any peer may allow (2^24 - 1). */
const MAX_FRAME_PAYLOAD = 0xffffff;
/** The connection preface a client sends first (RFC 9113 3.4). */
export const CONNECTION_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export interface FrameSink {
  /** A complete non-DATA frame; `payload[off, off+len)` is valid only during the call. */
  frame(type: number, flags: number, streamId: number, payload: Buffer, off: number, len: number, ts: number): void;
  /** The start of a DATA frame (`length` payload bytes after padding is removed). */
  dataStart(streamId: number, flags: number, length: number, ts: number): void;
  /** Part of the current DATA frame's payload. */
  data(streamId: number, buf: Buffer, off: number, len: number, ts: number): void;
  /** The end of the current DATA frame (END_STREAM is in its flags). */
  dataEnd(streamId: number, flags: number, ts: number): void;
  /** Bytes of the current DATA frame were lost in a capture gap. */
  dataLost(streamId: number): void;
  /** A non-DATA frame was cut by a capture gap: it is lost whole. */
  frameLost(type: number, streamId: number): void;
  /** A frame larger than maxFrameBytes or malformed padding: skipped, with the reason. */
  frameError(kind: 'frame_too_large' | 'bad_padding', streamId: number, detail: string): void;
}

const enum State {
  Header,
  /** Non-DATA payload being collected. */
  Payload,
  /** DATA: waiting for the pad length byte. */
  DataPadLength,
  DataBody,
  DataPadding,
  /** Skipping the payload of a frame too large to buffer. */
  Skip,
  /** Looking for the next frame boundary after a gap. */
  Lost,
}

/** Bytes examined after a gap before giving up on finding a frame boundary in them. */
const RESYNC_WINDOW = 64 * 1024;

export class FrameReader {
  private state = State.Header;
  private header = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFill = 0;
  private type = 0;
  private flags = 0;
  private streamId = 0;
  private remaining = 0;
  private padding = 0;
  private payload: Buffer = Buffer.alloc(0);
  private payloadFill = 0;
  /** Bytes seen while lost, kept to search for a frame boundary. */
  private lostBuf: Buffer[] = [];
  private lostBytes = 0;
  /** Bytes not parsed because the reader was looking for a boundary. */
  skippedBytes = 0;
  resyncs = 0;
  frames = 0;

  constructor(
    private readonly sink: FrameSink,
    /** Largest non-DATA frame buffered (Limits.headerBytes). */
    private readonly maxFrameBytes: number,
    /** Mid-stream: the first byte need not start a frame. */
    lost: boolean,
  ) {
    if (lost) this.state = State.Lost;
  }

  /**
   * `length` bytes of this direction were lost. Inside a frame whose end is still ahead the loss
   * is absorbed and the frame layer stays in step: DATA bytes are lost to that stream only
   * (`sink.dataLost`), any other frame is lost whole (`sink.frameLost`). Otherwise the frame
   * boundary is unknown and the reader looks for it again; returns false then.
   */
  gap(length: number, ts: number): boolean {
    switch (this.state) {
      case State.DataBody:
        if (length <= this.remaining) {
          this.sink.dataLost(this.streamId);
          this.remaining -= length;
          if (this.remaining === 0) this.afterDataBytes(ts);
          return true;
        }
        break;
      case State.DataPadding:
      case State.Skip:
        if (length <= this.remaining) {
          this.remaining -= length;
          if (this.remaining === 0) {
            if (this.state === State.DataPadding) this.sink.dataEnd(this.streamId, this.flags, ts);
            this.state = State.Header;
          }
          return true;
        }
        break;
      case State.Payload: {
        const left = this.remaining - this.payloadFill;
        if (length <= left) {
          this.sink.frameLost(this.type, this.streamId);
          this.payloadFill = 0;
          this.remaining = left - length;
          this.state = this.remaining === 0 ? State.Header : State.Skip;
          return true;
        }
        break;
      }
      default:
        break;
    }
    if (this.state === State.DataBody || this.state === State.DataPadding || this.state === State.DataPadLength) {
      this.sink.dataLost(this.streamId);
      this.sink.dataEnd(this.streamId, 0, ts);
    }
    this.lose();
    return false;
  }

  /** The frame boundary is unknown from here (a gap, or bytes that are not the expected preface). */
  lose(): void {
    this.state = State.Lost;
    this.headerFill = 0;
    this.payloadFill = 0;
    this.lostBuf = [];
    this.lostBytes = 0;
  }

  get isLost(): boolean {
    return this.state === State.Lost;
  }

  execute(buf: Buffer, off: number, len: number, ts: number): void {
    const end = off + len;
    let p = off;
    while (p < end) {
      switch (this.state) {
        case State.Header: {
          if (this.headerFill === 0 && end - p >= FRAME_HEADER_BYTES) {
            this.startFrame(buf, p, ts);
            p += FRAME_HEADER_BYTES;
            break;
          }
          const n = Math.min(FRAME_HEADER_BYTES - this.headerFill, end - p);
          buf.copy(this.header, this.headerFill, p, p + n);
          this.headerFill += n;
          p += n;
          if (this.headerFill === FRAME_HEADER_BYTES) {
            this.headerFill = 0;
            this.startFrame(this.header, 0, ts);
          }
          break;
        }
        case State.Payload: {
          if (this.payloadFill === 0 && end - p >= this.remaining) {
            // The whole payload is in this delivery: no copy.
            const n = this.remaining;
            this.state = State.Header;
            this.frames++;
            this.sink.frame(this.type, this.flags, this.streamId, buf, p, n, ts);
            p += n;
            break;
          }
          const n = Math.min(this.remaining - this.payloadFill, end - p);
          buf.copy(this.payload, this.payloadFill, p, p + n);
          this.payloadFill += n;
          p += n;
          if (this.payloadFill === this.remaining) {
            this.state = State.Header;
            this.frames++;
            this.payloadFill = 0;
            this.sink.frame(this.type, this.flags, this.streamId, this.payload, 0, this.remaining, ts);
          }
          break;
        }
        case State.DataPadLength: {
          this.padding = buf[p++];
          this.remaining--;
          if (this.padding > this.remaining) {
            this.sink.frameError(
              'bad_padding',
              this.streamId,
              `pad length ${this.padding} beyond the frame's ${this.remaining} bytes`,
            );
            this.padding = this.remaining;
          }
          this.remaining -= this.padding;
          this.sink.dataStart(this.streamId, this.flags, this.remaining, ts);
          this.afterDataBytes(ts);
          break;
        }
        case State.DataBody: {
          const n = Math.min(this.remaining, end - p);
          this.sink.data(this.streamId, buf, p, n, ts);
          this.remaining -= n;
          p += n;
          if (this.remaining === 0) this.afterDataBytes(ts);
          break;
        }
        case State.DataPadding:
        case State.Skip: {
          const n = Math.min(this.remaining, end - p);
          this.remaining -= n;
          p += n;
          if (this.remaining === 0) {
            if (this.state === State.DataPadding) this.sink.dataEnd(this.streamId, this.flags, ts);
            this.state = State.Header;
          }
          break;
        }
        case State.Lost:
          p = this.resync(buf, p, end, ts);
          break;
      }
    }
  }

  private startFrame(h: Buffer, p: number, ts: number): void {
    const length = (h[p] << 16) | (h[p + 1] << 8) | h[p + 2];
    this.type = h[p + 3];
    this.flags = h[p + 4];
    this.streamId = h.readUInt32BE(p + 5) & 0x7fffffff;
    this.remaining = length;
    if (this.type === FrameType.Data) {
      this.frames++;
      if ((this.flags & FLAG_PADDED) !== 0) {
        if (length === 0) {
          this.sink.frameError('bad_padding', this.streamId, 'PADDED DATA frame without a pad length');
          this.sink.dataStart(this.streamId, this.flags, 0, ts);
          this.sink.dataEnd(this.streamId, this.flags, ts);
          this.state = State.Header;
          return;
        }
        this.state = State.DataPadLength;
        return;
      }
      this.padding = 0;
      this.sink.dataStart(this.streamId, this.flags, length, ts);
      this.afterDataBytes(ts);
      return;
    }
    if (length > this.maxFrameBytes) {
      this.sink.frameError(
        'frame_too_large',
        this.streamId,
        `frame type ${this.type} of ${length} bytes exceeds ${this.maxFrameBytes} (limits.header_bytes); skipped`,
      );
      this.state = State.Skip;
      if (length === 0) this.state = State.Header;
      return;
    }
    if (length === 0) {
      this.frames++;
      this.sink.frame(this.type, this.flags, this.streamId, h, p, 0, ts);
      this.state = State.Header;
      return;
    }
    if (this.payload.length < length) this.payload = Buffer.allocUnsafe(Math.max(length, 1024));
    this.payloadFill = 0;
    this.state = State.Payload;
  }

  /** DATA: after the body bytes come the padding bytes, then the frame ends. */
  private afterDataBytes(ts: number): void {
    if (this.remaining > 0) {
      this.state = State.DataBody;
      return;
    }
    if (this.padding > 0) {
      this.remaining = this.padding;
      this.padding = 0;
      this.state = State.DataPadding;
      return;
    }
    this.state = State.Header;
    this.sink.dataEnd(this.streamId, this.flags, ts);
  }

  /**
   * Collects lost bytes and looks for a frame boundary in them: a position where frame headers
   * chain (each well-formed, the next one exactly where the previous frame ends) up to the end of
   * what was collected, through at least two headers or one frame ending exactly at the end.
   */
  private resync(buf: Buffer, p: number, end: number, ts: number): number {
    this.lostBuf.push(Buffer.from(buf.subarray(p, end)));
    this.lostBytes += end - p;
    const all = this.lostBuf.length === 1 ? this.lostBuf[0] : Buffer.concat(this.lostBuf);
    this.lostBuf = [all];
    const at = findFrameBoundary(all, this.maxFrameBytes);
    if (at >= 0) {
      this.skippedBytes += at;
      this.resyncs++;
      this.state = State.Header;
      this.lostBuf = [];
      this.lostBytes = 0;
      this.execute(all, at, all.length - at, ts);
      return end;
    }
    if (this.lostBytes > RESYNC_WINDOW) {
      // Keep only the tail that may still hold the start of a boundary.
      const keep = all.subarray(all.length - FRAME_HEADER_BYTES * 2);
      this.skippedBytes += all.length - keep.length;
      this.lostBuf = [Buffer.from(keep)];
      this.lostBytes = keep.length;
    }
    return end;
  }
}

/** A frame header that any peer could send: known type, no reserved bit, plausible length and id. */
export function plausibleFrameHeader(b: Buffer, p: number, maxFrameBytes: number): boolean {
  const length = (b[p] << 16) | (b[p + 1] << 8) | b[p + 2];
  const type = b[p + 3];
  if (type > FrameType.Continuation || length > MAX_FRAME_PAYLOAD) return false;
  if ((b[p + 5] & 0x80) !== 0) return false;
  const id = b.readUInt32BE(p + 5);
  const flags = b[p + 4];
  switch (type) {
    case FrameType.Data:
      return id !== 0 && (flags & ~(FLAG_END_STREAM | FLAG_PADDED)) === 0;
    case FrameType.Headers:
      return (
        id !== 0 && length <= maxFrameBytes && (flags & ~(FLAG_END_STREAM | FLAG_END_HEADERS | FLAG_PADDED | FLAG_PRIORITY)) === 0
      );
    case FrameType.Priority:
      return id !== 0 && length === 5;
    case FrameType.RstStream:
      return id !== 0 && length === 4;
    case FrameType.Settings:
      return id === 0 && length % 6 === 0 && (flags & ~FLAG_ACK) === 0 && (flags === 0 || length === 0);
    case FrameType.PushPromise:
      return id !== 0 && length >= 4 && length <= maxFrameBytes;
    case FrameType.Ping:
      return id === 0 && length === 8 && (flags & ~FLAG_ACK) === 0;
    case FrameType.Goaway:
      return id === 0 && length >= 8 && length <= maxFrameBytes;
    case FrameType.WindowUpdate:
      return length === 4;
    case FrameType.Continuation:
      return id !== 0 && length <= maxFrameBytes && (flags & ~FLAG_END_HEADERS) === 0;
    default:
      return false;
  }
}

/**
 * The first offset in `b` where frame headers chain to the end of `b` (at least two headers, or
 * one whose frame ends exactly at the end); -1 when none is found yet.
 */
export function findFrameBoundary(b: Buffer, maxFrameBytes: number): number {
  for (let at = 0; at + FRAME_HEADER_BYTES <= b.length; at++) {
    let p = at;
    let headers = 0;
    let ok = false;
    while (p + FRAME_HEADER_BYTES <= b.length && plausibleFrameHeader(b, p, maxFrameBytes)) {
      headers++;
      p += FRAME_HEADER_BYTES + ((b[p] << 16) | (b[p + 1] << 8) | b[p + 2]);
      if (p === b.length || (headers >= 2 && p >= b.length)) {
        ok = true;
        break;
      }
    }
    // Two chained headers, the second's frame still arriving, also count.
    if (!ok && headers >= 2) ok = true;
    if (ok) return at;
  }
  return -1;
}
