/**
 * The WebSocket frame layer (RFC 6455 5.2): one `FrameReader` per direction, fed byte ranges in
 * order, telling its sink each frame's header, its payload (unmasked) in as many pieces as the
 * bytes arrived in, and its end. It keeps no message state: fragmentation, control frames and
 * compression are the connection's (./connection.ts). See docs/websocket.md "Frames".
 *
 * After a gap across a frame boundary, or when the connection was joined mid-stream, the reader
 * hunts for the next frame boundary: a position where a plausible header starts and the frame it
 * announces is followed by another plausible header (or ends exactly where the bytes do).
 */

export const enum Opcode {
  Continuation = 0,
  Text = 1,
  Binary = 2,
  Close = 8,
  Ping = 9,
  Pong = 10,
}

/** A frame header as read; `mask` is the masking key (0 when not masked). */
export interface FrameHeader {
  fin: boolean;
  /** RSV1 (the per-message compressed bit under permessage-deflate, RFC 7692). */
  rsv1: boolean;
  opcode: number;
  masked: boolean;
  mask: number;
  /** Payload length. */
  length: number;
}

export interface FrameSink {
  /** A frame starts; returns false when its payload is not wanted (payload() is then not called). */
  frameStart(h: FrameHeader, ts: number): boolean;
  /** Unmasked payload bytes of the current frame; `buf` is valid during the call only. */
  payload(buf: Buffer, off: number, len: number): void;
  frameEnd(ts: number): void;
  /** `length` payload bytes of the current frame were lost (a gap inside it): the frame layer stays in step. */
  payloadLost(length: number): void;
  /** The reader lost its frame boundary (gap, bad header): whatever frame was in progress is cut. */
  syncLost(): void;
}

/** Largest header: 2 bytes, 8 of extended length, 4 of masking key. */
const MAX_HEADER_BYTES = 14;
/** Bytes held while hunting for a frame boundary; a frame announced longer than this is taken on its header alone. */
export const RESYNC_WINDOW = 16384;
/** Largest payload length taken as plausible (2^53: a JavaScript number). */
const MAX_PAYLOAD = 2 ** 53 - 1;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const enum State {
  Header,
  Payload,
  Hunting,
}

/** What the reader knows about the frames it will see (for plausibility while hunting). */
export interface FrameExpectations {
  /** Client frames are masked, server frames are not; null: not known yet (joined mid-stream). */
  masked: boolean | null;
  /** RSV1 may be set (permessage-deflate negotiated, or not known). */
  rsv1: boolean;
}

export class FrameReader {
  private state: State;
  private readonly head = Buffer.alloc(MAX_HEADER_BYTES);
  private headLen = 0;
  private remaining = 0;
  private maskKey = Buffer.alloc(4);
  private masked = false;
  /** Position in the masking key of the next payload byte. */
  private maskPhase = 0;
  private wanted = false;
  private scratch = Buffer.alloc(0);
  private words = new Uint32Array(0);
  private hunt: Buffer[] = [];
  private huntBytes = 0;
  private readonly header: FrameHeader = { fin: false, rsv1: false, opcode: 0, masked: false, mask: 0, length: 0 };
  frames = 0;
  resyncs = 0;
  skippedBytes = 0;
  /** Headers that were not plausible where a frame had to start (sync lost there). */
  badHeaders = 0;

  constructor(
    private readonly sink: FrameSink,
    readonly expect: FrameExpectations,
    lost: boolean,
  ) {
    this.state = lost ? State.Hunting : State.Header;
  }

  /** The FIN bit of the current (or last) frame. */
  get lastFin(): boolean {
    return this.header.fin;
  }

  get inPayload(): boolean {
    return this.state === State.Payload;
  }

  execute(buf: Buffer, off: number, len: number, ts: number): void {
    const end = off + len;
    let p = off;
    while (p < end) {
      if (this.state === State.Hunting) {
        this.huntMore(buf, p, end - p, ts);
        return;
      }
      if (this.state === State.Header) {
        p = this.readHeader(buf, p, end, ts);
        continue;
      }
      const n = Math.min(this.remaining, end - p);
      if (this.wanted) this.deliver(buf, p, n);
      else this.maskPhase = (this.maskPhase + n) & 3;
      this.remaining -= n;
      p += n;
      if (this.remaining === 0) this.endFrame(ts);
    }
  }

  /**
   * `length` bytes of this direction were lost. Inside a payload whose end is still ahead, the
   * reader stays in step (returns true); otherwise it hunts for the next frame boundary.
   */
  gap(length: number, ts: number): boolean {
    if (this.state === State.Payload && length < this.remaining) {
      this.remaining -= length;
      this.maskPhase = (this.maskPhase + length) & 3;
      this.sink.payloadLost(length);
      return true;
    }
    if (this.state === State.Payload && length === this.remaining) {
      this.sink.payloadLost(length);
      this.remaining = 0;
      this.endFrame(ts);
      return true;
    }
    this.lose();
    return false;
  }

  /** Drops the frame boundary: hunt for the next one. */
  lose(): void {
    if (this.state !== State.Hunting) this.sink.syncLost();
    this.state = State.Hunting;
    this.headLen = 0;
    this.hunt = [];
    this.huntBytes = 0;
  }

  private readHeader(buf: Buffer, p: number, end: number, ts: number): number {
    while (p < end) {
      this.head[this.headLen++] = buf[p++];
      const need = headerLength(this.head, this.headLen);
      if (need < 0 || this.headLen < need) continue;
      if (!plausibleHeader(this.head, 0, this.headLen, this.expect)) {
        this.badHeaders++;
        // The header's bytes after its first one may hold the next boundary: they are hunted through.
        const held = Buffer.from(this.head.subarray(1, this.headLen));
        this.skippedBytes++;
        this.lose();
        this.hunt = [held];
        this.huntBytes = held.length;
        if (p === end) this.huntMore(buf, p, 0, ts);
        return p;
      }
      this.startFrame(ts);
      return p;
    }
    return p;
  }

  private startFrame(ts: number): void {
    const h = this.header;
    const b0 = this.head[0];
    const b1 = this.head[1];
    h.fin = (b0 & 0x80) !== 0;
    h.rsv1 = (b0 & 0x40) !== 0;
    h.opcode = b0 & 0x0f;
    h.masked = (b1 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    let o = 2;
    if (len7 === 126) {
      h.length = this.head.readUInt16BE(2);
      o = 4;
    } else if (len7 === 127) {
      h.length = this.head.readUInt32BE(2) * 2 ** 32 + this.head.readUInt32BE(6);
      o = 10;
    } else h.length = len7;
    this.masked = h.masked;
    if (h.masked) this.head.copy(this.maskKey, 0, o, o + 4);
    h.mask = h.masked ? this.maskKey.readUInt32BE(0) : 0;
    this.maskPhase = 0;
    this.headLen = 0;
    this.frames++;
    this.remaining = h.length;
    this.wanted = this.sink.frameStart(h, ts);
    this.state = State.Payload;
    if (h.length === 0) this.endFrame(ts);
  }

  private endFrame(ts: number): void {
    this.state = State.Header;
    this.sink.frameEnd(ts);
  }

  /**
   * Unmasks into a reused buffer (the input is the capture's, never written): a native copy, then
   * XOR four bytes at a time with the key rotated to the current phase, the tail byte by byte.
   */
  private deliver(buf: Buffer, p: number, n: number): void {
    if (!this.masked) {
      this.sink.payload(buf, p, n);
      return;
    }
    if (this.scratch.length < n) {
      // Unpooled, so its words are aligned for the Uint32Array view.
      this.scratch = Buffer.allocUnsafeSlow(Math.max(n, 2048));
      this.words = new Uint32Array(this.scratch.buffer, this.scratch.byteOffset, this.scratch.length >>> 2);
    }
    const out = this.scratch;
    buf.copy(out, 0, p, p + n);
    const key = this.maskKey;
    const phase = this.maskPhase;
    const k0 = key[phase];
    const k1 = key[(phase + 1) & 3];
    const k2 = key[(phase + 2) & 3];
    const k3 = key[(phase + 3) & 3];
    const word = LITTLE_ENDIAN
      ? (k0 | (k1 << 8) | (k2 << 16) | (k3 << 24)) >>> 0
      : ((k0 << 24) | (k1 << 16) | (k2 << 8) | k3) >>> 0;
    const words = this.words;
    const whole = n >>> 2;
    for (let i = 0; i < whole; i++) words[i] ^= word;
    for (let i = whole << 2; i < n; i++) out[i] ^= key[(phase + i) & 3];
    this.maskPhase = (phase + n) & 3;
    this.sink.payload(out, 0, n);
  }

  /** Holds bytes while hunting; once a boundary is found, the bytes from it are read as frames. */
  private huntMore(buf: Buffer, off: number, len: number, ts: number): void {
    this.hunt.push(Buffer.from(buf.subarray(off, off + len)));
    this.huntBytes += len;
    const data = this.hunt.length === 1 ? this.hunt[0] : Buffer.concat(this.hunt);
    this.hunt = [data];
    const found = findBoundary(data, this.expect);
    if (found.at < 0) {
      // Nothing here: keep only what may still start a header or a frame, within the window.
      let from = found.undecidedFrom >= 0 ? found.undecidedFrom : data.length;
      while (data.length - from > RESYNC_WINDOW) {
        const next = findBoundary(data.subarray(from + 1), this.expect);
        if (next.at >= 0) return this.resume(data, from + 1 + next.at, ts);
        from = next.undecidedFrom >= 0 ? from + 1 + next.undecidedFrom : data.length;
      }
      this.skippedBytes += from;
      this.hunt = from === data.length ? [] : [data.subarray(from)];
      this.huntBytes = data.length - from;
      return;
    }
    this.resume(data, found.at, ts);
  }

  private resume(data: Buffer, at: number, ts: number): void {
    this.skippedBytes += at;
    this.resyncs++;
    this.hunt = [];
    this.huntBytes = 0;
    this.state = State.Header;
    this.headLen = 0;
    this.execute(data, at, data.length - at, ts);
  }
}

/** Header bytes needed once `n` bytes are known (-1: not known yet, fewer than 2). */
export function headerLength(b: Buffer, n: number): number {
  if (n < 2) return -1;
  const len7 = b[1] & 0x7f;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + ((b[1] & 0x80) !== 0 ? 4 : 0);
}

/**
 * Whether a whole header (`n` bytes at `p`) can start a frame: RSV2/RSV3 clear, RSV1 only when
 * allowed and never on control or continuation frames, a defined opcode, control frames final and
 * at most 125 bytes, the shortest length encoding (RFC 6455 5.2), the masking the direction uses.
 */
export function plausibleHeader(b: Buffer, p: number, n: number, expect: FrameExpectations): boolean {
  const b0 = b[p];
  const b1 = b[p + 1];
  const opcode = b0 & 0x0f;
  if ((b0 & 0x30) !== 0) return false;
  if (opcode > 2 && (opcode < 8 || opcode > 10)) return false;
  const rsv1 = (b0 & 0x40) !== 0;
  if (rsv1 && (!expect.rsv1 || opcode === 0 || opcode >= 8)) return false;
  const masked = (b1 & 0x80) !== 0;
  if (expect.masked !== null && masked !== expect.masked) return false;
  const len7 = b1 & 0x7f;
  if (opcode >= 8 && ((b0 & 0x80) === 0 || len7 > 125)) return false;
  if (len7 === 126 && n >= 4 && b.readUInt16BE(p + 2) < 126) return false;
  if (len7 === 127 && n >= 10) {
    const hi = b.readUInt32BE(p + 2);
    if (hi >= 2 ** 21 || (hi === 0 && b.readUInt32BE(p + 6) < 65536)) return false;
  }
  return true;
}

/** The frame length announced by a whole header at `p` (header bytes included). */
function frameBytes(b: Buffer, p: number): number {
  const len7 = b[p + 1] & 0x7f;
  const hl = headerLength(b.subarray(p, p + 2), 2);
  const payload =
    len7 === 126 ? b.readUInt16BE(p + 2) : len7 === 127 ? b.readUInt32BE(p + 2) * 2 ** 32 + b.readUInt32BE(p + 6) : len7;
  return Math.min(hl + payload, MAX_PAYLOAD);
}

/** A whole plausible header at `p` (false when the bytes end first). */
function wholePlausible(data: Buffer, p: number, expect: FrameExpectations): boolean {
  if (p + 2 > data.length) return false;
  const hl = headerLength(data.subarray(p, p + 2), 2);
  return p + hl <= data.length && plausibleHeader(data, p, hl, expect);
}

/**
 * Whether frames chain from the start of `data` (the mid-stream probe): a plausible header whose
 * frame ends exactly at the end of `data` or is followed by another plausible header; `more` when
 * the bytes end before that is known.
 */
export function chainsFromStart(data: Buffer, expect: FrameExpectations): 'yes' | 'no' | 'more' {
  if (data.length < 2) return 'more';
  const hl = headerLength(data, 2);
  if (data.length < hl) return plausibleHeader(data, 0, 2, expect) ? 'more' : 'no';
  if (!plausibleHeader(data, 0, hl, expect)) return 'no';
  const end = frameBytes(data, 0);
  if (end === data.length) return 'yes';
  if (end > data.length) return 'more';
  if (end + 2 > data.length || end + headerLength(data.subarray(end, end + 2), 2) > data.length) return 'more';
  return wholePlausible(data, end, expect) ? 'yes' : 'no';
}

/**
 * The first position in `data` where frames chain: a plausible header whose frame ends exactly at
 * the end of `data` or is followed by another plausible header; a frame longer than the resync
 * window is taken on its header alone. `undecidedFrom`: the first position that may still become
 * a boundary with more bytes (-1: none).
 */
export function findBoundary(data: Buffer, expect: FrameExpectations): { at: number; undecidedFrom: number } {
  let undecidedFrom = -1;
  for (let p = 0; p < data.length; p++) {
    if (p + 2 > data.length) {
      if (undecidedFrom < 0) undecidedFrom = p;
      break;
    }
    const hl = headerLength(data.subarray(p, p + 2), 2);
    if (p + hl > data.length) {
      // A header cut short: plausible so far? (first two bytes only)
      if (plausibleHeader(data, p, 2, expect) && undecidedFrom < 0) undecidedFrom = p;
      continue;
    }
    if (!plausibleHeader(data, p, hl, expect)) continue;
    const end = p + frameBytes(data, p);
    if (end === data.length) return { at: p, undecidedFrom };
    if (end < data.length) {
      if (end + 2 > data.length || end + headerLength(data.subarray(end, end + 2), 2) > data.length) {
        if (undecidedFrom < 0) undecidedFrom = p;
        continue;
      }
      if (wholePlausible(data, end, expect)) return { at: p, undecidedFrom };
      continue;
    }
    if (end - p > RESYNC_WINDOW) return { at: p, undecidedFrom };
    if (undecidedFrom < 0) undecidedFrom = p;
  }
  return { at: -1, undecidedFrom };
}
