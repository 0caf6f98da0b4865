/**
 * One HTTP/2 connection (RFC 9113): a frame reader and an HPACK decoder per direction, and the
 * streams, each of which becomes one HttpTransaction (request, response, trailers) exactly as an
 * HTTP/1.x exchange does, plus its stream id. Plugs into reassembly as a StreamHandler; chosen by
 * the app layer (node/http2/protocol.ts). See docs/http2.md.
 */
import type { CloseReason, ConnectionInfo, Direction, StreamHandler } from '../reassembly/types';
import { BodyAccumulator, EMPTY_BODY } from '../http/body-accumulator';
import type { BodyPolicy } from '../http/connection';
import type { HeaderList, HttpBody, HttpRequest, HttpResponse, HttpTransaction } from '../http/types';
import type { Http2Counters } from './counters';
import {
  CONNECTION_PREFACE,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FrameReader,
  FrameType,
  type FrameSink,
} from './frames';
import { DEFAULT_TABLE_SIZE, HpackDecoder } from './hpack';

export interface Http2Options {
  /** limits.http2_max_streams: open streams tracked per connection; beyond it the oldest is emitted. */
  maxStreams: number;
  /** limits.http2_header_table_bytes: HPACK dynamic table bytes kept per direction. */
  headerTableBytes: number;
  /** limits.header_bytes: largest header block (and decoded header list) and non-DATA frame. */
  headerBytes: number;
  /** limits.body_inspect_bytes: body bytes kept per stream and direction. */
  bodyInspectBytes: number;
  /** limits.http2_connection_body_bytes: body bytes kept across a connection's open streams. */
  connectionBodyBytes: number;
  digestBodies: boolean;
  responseTimeoutSec: number;
  parseResponses: boolean;
  bodies: BodyPolicy;
  /**
   * An extended CONNECT (RFC 8441, a request with `:protocol`) answered 2xx: returns who reads the
   * stream's DATA from there on (both directions, direction 0 the client), or null to read it as a
   * body. The transaction (request and response heads) is emitted when the tunnel opens.
   */
  tunnel?:
    ((conn: ConnectionInfo, streamId: number, request: HttpRequest, response: HttpResponse) => StreamHandler | null) | null;
}

export interface Http2Events {
  transaction(tx: HttpTransaction): void;
}

/** What every connection of one protocol instance shares. */
export interface Http2Context {
  readonly events: Http2Events;
  readonly options: Http2Options;
  readonly counters: Http2Counters;
  readonly live: Set<Http2Connection>;
}

const HTTP2 = 'HTTP/2';
const SETTINGS_HEADER_TABLE_SIZE = 1;

interface Stream {
  id: number;
  /** Order on the connection. */
  index: number;
  request: HttpRequest | null;
  requestDone: boolean;
  response: HttpResponse | null;
  responseDone: boolean;
  interim: HttpTransaction['interim'];
  requestBody: BodyAccumulator | null;
  responseBody: BodyAccumulator | null;
  /** Body bytes this stream's accumulators keep (counted against connectionBodyBytes). */
  kept: number;
  /** Per direction (0 request, 1 response): bytes kept of this message, or -1 once it keeps no more. */
  keptReq: number;
  keptRes: number;
}

/** A header block being collected across HEADERS/PUSH_PROMISE and CONTINUATION frames. */
interface Block {
  streamId: number;
  /** The HEADERS frame's END_STREAM. */
  endStream: boolean;
  /** PUSH_PROMISE: the promised stream (-1 for HEADERS). */
  promised: number;
  parts: Buffer[];
  bytes: number;
  tooLarge: boolean;
  ts: number;
}

/** One direction: its frames, its HPACK decoder, the header block in progress. */
class Side implements FrameSink {
  readonly reader: FrameReader;
  readonly hpack: HpackDecoder;
  block: Block | null = null;
  /** Preface bytes still to match at the start of the client direction. */
  prefaceLeft: number;

  constructor(
    private readonly conn: Http2Connection,
    readonly dir: Direction,
    opts: Http2Options,
    lost: boolean,
    expectPreface: boolean,
  ) {
    this.reader = new FrameReader(this, opts.headerBytes, lost);
    this.hpack = new HpackDecoder(opts.headerTableBytes, lost);
    this.prefaceLeft = expectPreface ? CONNECTION_PREFACE.length : 0;
  }

  frame(type: number, flags: number, streamId: number, payload: Buffer, off: number, len: number, ts: number): void {
    this.conn.onFrame(this, type, flags, streamId, payload, off, len, ts);
  }

  dataStart(streamId: number, flags: number, _length: number, ts: number): void {
    this.conn.onDataStart(this, streamId, flags, ts);
  }

  data(streamId: number, buf: Buffer, off: number, len: number, ts: number): void {
    this.conn.onDataBytes(this, streamId, buf, off, len, ts);
  }

  dataEnd(streamId: number, flags: number, ts: number): void {
    this.conn.onDataEnd(this, streamId, flags, ts);
  }

  dataLost(): void {
    this.conn.onDataLost(this);
  }

  frameLost(type: number, streamId: number): void {
    this.conn.onFrameLost(this, type, streamId);
  }

  frameError(kind: 'frame_too_large' | 'bad_padding'): void {
    this.conn.onFrameError(kind);
  }
}

export class Http2Connection implements StreamHandler {
  private readonly sides: [Side, Side];
  /** Which direction carries the client's frames (1 when a mid-stream guess was reversed). */
  private clientDir: Direction = 0;
  private roleDecided: boolean;
  private readonly streams = new Map<number, Stream>();
  private nextIndex = 0;
  /** Highest stream id opened by the client (odd) and promised by the server (even). */
  private maxClientStream = 0;
  private closed = false;
  private lastExpireCheck = 0;
  /** Body bytes kept by the open streams (limits.http2_connection_body_bytes). */
  private keptTotal = 0;
  /** The DATA frame being received per direction: its stream (null: not tracked). */
  private dataStream: [Stream | null, Stream | null] = [null, null];
  /** Streams turned into tunnels (extended CONNECT): their handler, and which directions ended. */
  private readonly tunnels = new Map<number, { handler: StreamHandler; ended: number }>();
  /** The DATA frame being received per direction goes to this tunnel (null: none). */
  private dataTunnel: [StreamHandler | null, StreamHandler | null] = [null, null];

  constructor(
    private conn: ConnectionInfo,
    private readonly ctx: Http2Context,
    /** `Upgrade: h2c`: the HTTP/1.1 request that becomes stream 1, and the 101's capture time. */
    upgrade: { request: HttpRequest; settings: Buffer | null } | null = null,
  ) {
    const lost = conn.midstream && upgrade === null;
    const opts = ctx.options;
    this.sides = [new Side(this, 0, opts, lost, !lost), new Side(this, 1, opts, lost, false)];
    this.roleDecided = !conn.midstream || upgrade !== null;
    ctx.counters.connections++;
    ctx.live.add(this);
    if (upgrade !== null) {
      ctx.counters.upgrades++;
      if (upgrade.settings !== null) this.applySettings(this.sides[0], upgrade.settings, 0, upgrade.settings.length);
      const s = this.openStream(1);
      s.request = upgrade.request;
      s.requestDone = true;
      this.maxClientStream = 1;
    }
  }

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    if (this.closed || length === 0) return;
    const side = this.sides[dir];
    if (side.prefaceLeft > 0) {
      const n = this.matchPreface(side, buf, offset, length);
      offset += n;
      length -= n;
      if (length === 0) return;
    }
    side.reader.execute(buf, offset, length, ts);
    if (ts - this.lastExpireCheck >= 1_000_000) this.expire(ts);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    if (this.closed) return;
    this.ctx.counters.gaps++;
    const side = this.sides[dir];
    if (side.prefaceLeft > 0) {
      side.prefaceLeft = 0;
      side.reader.lose();
    } else if (side.reader.gap(length, ts)) {
      // The loss was inside one frame: dataLost / frameLost said what it cost.
      const t = this.dataTunnel[dir];
      if (t !== null) t.onGap(this.tunnelDir(side), length, ts);
      return;
    }
    this.syncLost(side);
    for (const t of this.tunnels.values()) t.handler.onGap(this.tunnelDir(side), length, ts);
  }

  /**
   * A direction lost its frame boundary: whole frames may be gone. Any header block may have been
   * among them (the direction's dynamic table is unknown from here), and every stream with a
   * message in progress in this direction may have lost bytes of it.
   */
  private syncLost(side: Side): void {
    if (side.block !== null) {
      this.ctx.counters.headerBlocksLost++;
      side.block = null;
    }
    side.hpack.markUnknown();
    const client = side.dir === this.clientDir;
    for (const s of this.streams.values()) {
      if (client && s.request !== null && !s.requestDone) s.requestBody?.markLost();
      if (!client && s.response !== null && !s.responseDone) s.responseBody?.markLost();
    }
  }

  onDataLost(side: Side): void {
    const s = this.dataStream[side.dir];
    if (s === null) return;
    (side.dir === this.clientDir ? s.requestBody : s.responseBody)?.markLost();
  }

  /** A frame cut by a gap: a header block in it is lost, and with it the dynamic table's state. */
  onFrameLost(side: Side, type: number, _streamId: number): void {
    if (type !== FrameType.Headers && type !== FrameType.Continuation && type !== FrameType.PushPromise) return;
    this.ctx.counters.headerBlocksLost++;
    side.block = null;
    side.hpack.markUnknown();
  }

  onClose(_reason: CloseReason, ts: number): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) this.finishStream(s, ts, true);
    for (const t of this.tunnels.values()) t.handler.onClose(_reason, ts);
    this.tunnels.clear();
    const c = this.ctx.counters;
    for (const side of this.sides) {
      c.resyncs += side.reader.resyncs;
      c.resyncSkippedBytes += side.reader.skippedBytes;
      c.frames += side.reader.frames;
      c.hpackTableCapEvictions += side.hpack.capEvictions;
    }
    this.ctx.live.delete(this);
  }

  /** Dropped unfinished (StreamHandler.onAbort): open streams are not reported. */
  onAbort(): void {
    if (this.closed) return;
    this.closed = true;
    this.streams.clear();
    this.ctx.live.delete(this);
  }

  /** Requests unanswered for longer than the response timeout (capture time) are emitted. */
  expire(nowTs: number): void {
    this.lastExpireCheck = nowTs;
    if (this.closed || !this.ctx.options.parseResponses) return;
    const timeoutUs = this.ctx.options.responseTimeoutSec * 1_000_000;
    for (const s of [...this.streams.values()]) {
      if (s.requestDone && s.response === null && nowTs - s.request!.endTs > timeoutUs) {
        this.ctx.counters.responseTimeouts++;
        this.finishStream(s, nowTs, false);
      }
    }
  }

  get openStreams(): number {
    return this.streams.size;
  }

  // ---------------------------------------------------------------- frames

  onFrame(side: Side, type: number, flags: number, streamId: number, p: Buffer, off: number, len: number, ts: number): void {
    if (side.block !== null && type !== FrameType.Continuation) {
      // RFC 9113 6.10: nothing may interleave a header block; the block is unusable.
      this.ctx.counters.headerBlocksLost++;
      side.block = null;
      side.hpack.markUnknown();
    }
    switch (type) {
      case FrameType.Headers: {
        let o = off;
        let end = off + len;
        if (flags & FLAG_PADDED) {
          const pad = p[o++];
          end -= pad;
        }
        if (flags & FLAG_PRIORITY) o += 5;
        if (o > end) return this.onFrameError('bad_padding');
        this.startBlock(side, streamId, (flags & FLAG_END_STREAM) !== 0, -1, p, o, end - o, flags, ts);
        return;
      }
      case FrameType.PushPromise: {
        let o = off;
        let end = off + len;
        if (flags & FLAG_PADDED) {
          const pad = p[o++];
          end -= pad;
        }
        if (o + 4 > end) return this.onFrameError('bad_padding');
        const promised = p.readUInt32BE(o) & 0x7fffffff;
        this.ctx.counters.pushPromises++;
        this.startBlock(side, streamId, false, promised, p, o + 4, end - o - 4, flags, ts);
        return;
      }
      case FrameType.Continuation: {
        const b = side.block;
        if (b === null || b.streamId !== streamId) {
          // Its HEADERS was lost (mid-stream, gap): the block cannot be decoded.
          this.ctx.counters.headerBlocksLost++;
          side.hpack.markUnknown();
          return;
        }
        this.addToBlock(side, b, p, off, len, flags, ts);
        return;
      }
      case FrameType.RstStream: {
        this.ctx.counters.resets++;
        const s = this.streams.get(streamId);
        if (s !== undefined) this.finishStream(s, ts, true);
        this.endTunnel(streamId, 2, ts);
        return;
      }
      case FrameType.Settings:
        if (!(flags & 1)) this.applySettings(side, p, off, len);
        return;
      case FrameType.Goaway: {
        this.ctx.counters.goaways++;
        if (len < 4) return;
        const last = p.readUInt32BE(off) & 0x7fffffff;
        // Streams the sender did not and will not process (RFC 9113 6.8): emitted as they are.
        if (side.dir !== this.clientDir) {
          for (const s of [...this.streams.values()]) if (s.id > last && (s.id & 1) === 1) this.finishStream(s, ts, true);
        }
        return;
      }
      default:
        // PRIORITY, PING, WINDOW_UPDATE and unknown types carry nothing a transaction needs.
        return;
    }
  }

  onDataStart(side: Side, streamId: number, _flags: number, _ts: number): void {
    const tunnel = this.tunnels.get(streamId);
    this.dataTunnel[side.dir] = tunnel?.handler ?? null;
    if (tunnel !== undefined) {
      this.dataStream[side.dir] = null;
      return;
    }
    const s = this.streams.get(streamId);
    const client = side.dir === this.clientDir;
    let target: Stream | null = null;
    if (s !== undefined && (client ? s.request !== null && !s.requestDone : s.response !== null && !s.responseDone)) target = s;
    else if (s === undefined) this.ctx.counters.framesWithoutStream++;
    this.dataStream[side.dir] = target;
  }

  onDataBytes(side: Side, _streamId: number, buf: Buffer, off: number, len: number, ts: number): void {
    const t = this.dataTunnel[side.dir];
    if (t !== null) return t.onData(this.tunnelDir(side), buf, off, len, ts);
    const s = this.dataStream[side.dir];
    if (s === null) return;
    const request = side.dir === this.clientDir;
    const acc = request ? s.requestBody : s.responseBody;
    if (acc === null) return;
    const kept = request ? s.keptReq : s.keptRes;
    if (kept >= 0) {
      const o = this.ctx.options;
      const n = Math.min(len, o.bodyInspectBytes - kept);
      if (n > 0 && this.keptTotal + n > o.connectionBodyBytes) {
        // The connection's streams keep enough already: this body is counted and digested, not kept.
        acc.skipKeeping();
        this.ctx.counters.connectionBodyCapHits++;
        if (request) s.keptReq = -1;
        else s.keptRes = -1;
      } else if (n > 0) {
        this.keptTotal += n;
        s.kept += n;
        if (request) s.keptReq += n;
        else s.keptRes += n;
      }
    }
    acc.write(buf, off, len);
  }

  onDataEnd(side: Side, streamId: number, flags: number, ts: number): void {
    if (this.dataTunnel[side.dir] !== null) {
      this.dataTunnel[side.dir] = null;
      if (flags & FLAG_END_STREAM) this.endTunnel(streamId, 1, ts);
      return;
    }
    const s = this.dataStream[side.dir];
    this.dataStream[side.dir] = null;
    if (s === null || (flags & FLAG_END_STREAM) === 0) return;
    if (side.dir === this.clientDir) this.endRequest(s, ts);
    else this.endResponse(s, ts);
  }

  onFrameError(kind: 'frame_too_large' | 'bad_padding'): void {
    if (kind === 'frame_too_large') this.ctx.counters.framesTooLarge++;
    else this.ctx.counters.badPadding++;
  }

  // ---------------------------------------------------------------- header blocks

  private startBlock(
    side: Side,
    streamId: number,
    endStream: boolean,
    promised: number,
    p: Buffer,
    off: number,
    len: number,
    flags: number,
    ts: number,
  ): void {
    const b: Block = { streamId, endStream, promised, parts: [], bytes: 0, tooLarge: false, ts };
    if (flags & FLAG_END_HEADERS) {
      // The usual case: the whole block in one frame, decoded in place.
      if (len > this.ctx.options.headerBytes) {
        b.tooLarge = true;
        this.finishBlock(side, b, null, 0, 0);
      } else {
        this.finishBlock(side, b, p, off, len);
      }
      return;
    }
    side.block = b;
    this.addToBlock(side, b, p, off, len, 0, ts);
  }

  private addToBlock(side: Side, b: Block, p: Buffer, off: number, len: number, flags: number, _ts: number): void {
    b.bytes += len;
    if (b.bytes > this.ctx.options.headerBytes) {
      b.tooLarge = true;
      b.parts = [];
    } else if (len > 0) {
      b.parts.push(Buffer.from(p.subarray(off, off + len)));
    }
    if (flags & FLAG_END_HEADERS) {
      side.block = null;
      const all = b.tooLarge ? null : Buffer.concat(b.parts);
      this.finishBlock(side, b, all, 0, all === null ? 0 : all.length);
    }
  }

  private finishBlock(side: Side, b: Block, block: Buffer | null, off: number, len: number): void {
    const c = this.ctx.counters;
    if (block === null) {
      c.headerBlocksTooLarge++;
      side.hpack.markUnknown();
      this.blockLost(side, b);
      return;
    }
    const fields: HeaderList = [];
    const r = side.hpack.decode(block, off, len, fields, this.ctx.options.headerBytes);
    c.hpackUnknownRefs += r.unknownRefs;
    c.headerFieldsDropped += r.droppedFields;
    if (!r.ok) {
      c.hpackErrors++;
      this.blockLost(side, b);
      return;
    }
    this.decideRole(side, fields);
    const client = side.dir === this.clientDir;
    if (b.streamId === 0 || b.promised === 0) {
      // Decoded for the table's sake; stream 0 is the connection and carries no message.
      c.malformedHeaders++;
      return;
    }
    if (b.promised > 0) {
      if (!client) this.pushPromise(b, fields);
      return;
    }
    if (client) this.requestHeaders(b, fields);
    else this.responseHeaders(b, fields);
  }

  /** A header block that could not be decoded: its stream cannot become a transaction. */
  private blockLost(side: Side, b: Block): void {
    const s = this.streams.get(b.promised >= 0 ? b.promised : b.streamId);
    if (s === undefined) return;
    if (side.dir === this.clientDir) s.requestBody?.markIncomplete();
    else s.responseBody?.markIncomplete();
    if (b.endStream) {
      if (side.dir === this.clientDir) this.endRequest(s, b.ts);
      else this.endResponse(s, b.ts);
    }
  }

  /**
   * Mid-stream: the first block with pseudo-header fields tells the roles: `:method` comes from the
   * client, `:status` from the server.
   */
  private decideRole(side: Side, fields: HeaderList): void {
    if (this.roleDecided) return;
    let method = false;
    let status = false;
    for (const [n] of fields) {
      if (n === ':method') method = true;
      else if (n === ':status') status = true;
    }
    if (!method && !status) return;
    this.roleDecided = true;
    const isClient = method && !status;
    if (isClient !== (side.dir === this.clientDir)) {
      this.clientDir = (1 - this.clientDir) as Direction;
      this.ctx.counters.roleSwaps++;
      this.conn = { ...this.conn, client: this.conn.server, server: this.conn.client };
    }
  }

  private requestHeaders(b: Block, fields: HeaderList): void {
    const s = this.streams.get(b.streamId);
    if (s !== undefined && s.request !== null) {
      // Trailers (RFC 9113 8.1).
      if (fields.length > 0) s.request.trailers = stripPseudo(fields);
      if (b.endStream) this.endRequest(s, b.ts);
      return;
    }
    if (s === undefined && !this.isNewStream(b.streamId)) return;
    const req = toRequest(fields, b.ts);
    if (req === null) {
      this.ctx.counters.malformedHeaders++;
      return;
    }
    const stream = s ?? this.openStream(b.streamId);
    if ((b.streamId & 1) === 1 && b.streamId > this.maxClientStream) this.maxClientStream = b.streamId;
    stream.request = req;
    const o = this.ctx.options;
    stream.requestBody = new BodyAccumulator(o.bodyInspectBytes, o.digestBodies);
    if (!o.bodies.request(this.conn, req)) {
      stream.requestBody.skipKeeping();
      stream.keptReq = -1;
    }
    if (b.endStream) this.endRequest(stream, b.ts);
  }

  private responseHeaders(b: Block, fields: HeaderList): void {
    const s = this.streams.get(b.streamId);
    if (s === undefined || s.request === null) {
      this.ctx.counters.framesWithoutStream++;
      return;
    }
    if (s.response !== null) {
      if (fields.length > 0) s.response.trailers = stripPseudo(fields);
      if (b.endStream) this.endResponse(s, b.ts);
      return;
    }
    const res = toResponse(fields, b.ts);
    if (res === null) {
      this.ctx.counters.malformedHeaders++;
      return;
    }
    if (res.status < 200) {
      if (s.interim.length === 0) s.interim = [];
      if (s.interim.length < 8) s.interim.push({ status: res.status, reason: '', headers: res.headers });
      return;
    }
    s.response = res;
    const o = this.ctx.options;
    if (s.request.protocol !== undefined && o.tunnel && this.openTunnel(s, b.ts)) return;
    s.responseBody = new BodyAccumulator(o.bodyInspectBytes, o.digestBodies);
    if (!o.parseResponses || !o.bodies.response(this.conn, s.requestDone ? s.request : null, res)) {
      s.responseBody.skipKeeping();
      s.keptRes = -1;
    }
    if (b.endStream) this.endResponse(s, b.ts);
  }

  private pushPromise(b: Block, fields: HeaderList): void {
    const req = toRequest(fields, b.ts);
    if (req === null) {
      this.ctx.counters.malformedHeaders++;
      return;
    }
    const s = this.openStream(b.promised);
    s.request = req;
    s.requestDone = true;
  }

  private endRequest(s: Stream, ts: number): void {
    if (s.requestDone || s.request === null) return;
    s.requestDone = true;
    s.request.endTs = ts;
    if (s.requestBody !== null) s.request.body = s.requestBody.finish();
    s.requestBody = null;
    if (!this.ctx.options.parseResponses) this.finishStream(s, ts, false);
    else if (s.responseDone) this.emit(s);
  }

  private endResponse(s: Stream, ts: number): void {
    if (s.responseDone || s.response === null) return;
    s.responseDone = true;
    s.response.endTs = ts;
    if (s.responseBody !== null) s.response.body = s.responseBody.finish();
    s.responseBody = null;
    if (s.requestDone) this.emit(s);
  }

  // ---------------------------------------------------------------- tunnels (extended CONNECT)

  /**
   * An extended CONNECT answered: when the tunnel hook takes it, its transaction is emitted now
   * (heads only) and the stream's DATA goes to the hook's handler until both directions end.
   */
  private openTunnel(s: Stream, ts: number): boolean {
    const handler = this.ctx.options.tunnel!(this.conn, s.id, s.request!, s.response!);
    if (handler === null) return false;
    this.ctx.counters.tunnels++;
    // A client may send its first frames before the answer: they were read as the request's body.
    const early = s.requestBody?.finish() ?? null;
    if (early !== null) s.request!.body = early;
    s.requestDone = true;
    s.requestBody = null;
    s.responseDone = true;
    s.response!.endTs = ts;
    this.emit(s);
    this.tunnels.set(s.id, { handler, ended: 0 });
    if (early !== null && early.inspect.length > 0) handler.onData(0, early.inspect, 0, early.inspect.length, ts);
    if (early !== null && early.inspect.length < early.length) handler.onGap(0, early.length - early.inspect.length, ts);
    return true;
  }

  /** `count` directions of a tunnel ended (END_STREAM: 1, RST_STREAM: 2); when both have, it closes. */
  private endTunnel(streamId: number, count: number, ts: number): void {
    const t = this.tunnels.get(streamId);
    if (t === undefined) return;
    t.ended += count;
    if (t.ended < 2) return;
    this.tunnels.delete(streamId);
    t.handler.onClose(count === 2 ? 'rst' : 'fin', ts);
  }

  /** A tunnel's direction for a side: 0 the client's. */
  private tunnelDir(side: Side): Direction {
    return side.dir === this.clientDir ? 0 : 1;
  }

  // ---------------------------------------------------------------- streams

  /** A stream id not seen before (higher than every one opened by the same side). */
  private isNewStream(id: number): boolean {
    return (id & 1) === 0 || id > this.maxClientStream;
  }

  private openStream(id: number): Stream {
    const c = this.ctx.counters;
    if (this.streams.size >= this.ctx.options.maxStreams) {
      const oldest = this.streams.values().next().value as Stream;
      c.streamsEvicted++;
      this.finishStream(oldest, oldest.request?.startTs ?? 0, true);
    }
    c.streams++;
    const s: Stream = {
      id,
      index: this.nextIndex++,
      request: null,
      requestDone: false,
      response: null,
      responseDone: false,
      interim: NO_INTERIM,
      requestBody: null,
      responseBody: null,
      kept: 0,
      keptReq: 0,
      keptRes: 0,
    };
    this.streams.set(id, s);
    return s;
  }

  /**
   * Ends a stream now (reset, close, eviction, timeout): whatever is partial ends incomplete, a
   * response whose head never came is null, a stream without a request is dropped.
   */
  private finishStream(s: Stream, ts: number, incomplete: boolean): void {
    if (s.request === null) {
      this.streams.delete(s.id);
      return;
    }
    if (!s.requestDone) {
      if (incomplete) s.requestBody?.markIncomplete();
      s.requestDone = true;
      s.request.endTs = Math.max(ts, s.request.startTs);
      if (s.requestBody !== null) s.request.body = s.requestBody.finish();
      s.requestBody = null;
    }
    if (s.response !== null && !s.responseDone) {
      if (incomplete) s.responseBody?.markIncomplete();
      s.responseDone = true;
      s.response.endTs = Math.max(ts, s.response.startTs);
      if (s.responseBody !== null) s.response.body = s.responseBody.finish();
      s.responseBody = null;
    }
    this.emit(s);
  }

  private emit(s: Stream): void {
    this.streams.delete(s.id);
    this.keptTotal -= s.kept;
    const c = this.ctx.counters;
    const res = this.ctx.options.parseResponses ? s.response : null;
    c.transactions++;
    if (res === null) c.transactionsWithoutResponse++;
    countBody(c, s.request!.body);
    if (res !== null) countBody(c, res.body);
    this.ctx.events.transaction({
      conn: this.conn,
      index: s.index,
      request: s.request!,
      response: res,
      interim: s.interim,
      streamId: s.id,
    });
  }

  // ---------------------------------------------------------------- settings and preface

  /** SETTINGS from `side`: its HEADER_TABLE_SIZE bounds the table of the other direction's encoder. */
  private applySettings(side: Side, p: Buffer, off: number, len: number): void {
    const other = this.sides[1 - side.dir];
    for (let o = off; o + 6 <= off + len; o += 6) {
      if (p.readUInt16BE(o) === SETTINGS_HEADER_TABLE_SIZE) other.hpack.setSettingsLimit(p.readUInt32BE(o + 2));
    }
  }

  private matchPreface(side: Side, buf: Buffer, off: number, len: number): number {
    const start = CONNECTION_PREFACE.length - side.prefaceLeft;
    const n = Math.min(len, side.prefaceLeft);
    if (buf.compare(CONNECTION_PREFACE, start, start + n, off, off + n) !== 0) {
      this.ctx.counters.badPreface++;
      side.prefaceLeft = 0;
      side.reader.lose();
      return 0;
    }
    side.prefaceLeft -= n;
    return n;
  }
}

const NO_INTERIM: HttpTransaction['interim'] = Object.freeze([]) as unknown as HttpTransaction['interim'];

function countBody(c: Http2Counters, b: HttpBody): void {
  if (b.truncated) c.bodiesTruncated++;
  if (b.incomplete) c.bodiesIncomplete++;
}

function stripPseudo(fields: HeaderList): HeaderList {
  return fields.filter(([n]) => n.charCodeAt(0) !== 0x3a);
}

/**
 * A request from its decoded fields: the pseudo-header fields give method and target, `:authority`
 * becomes a `host` field in front when no `host` field is present (what an HTTP/1.1 gateway does,
 * RFC 9113 8.3.1), so host-based analyses read HTTP/2 as HTTP/1.x. Null without `:method`.
 */
function toRequest(fields: HeaderList, ts: number): HttpRequest | null {
  let method: string | null = null;
  let path: string | null = null;
  let authority: string | null = null;
  let protocol: string | null = null;
  const headers: HeaderList = [];
  let hasHost = false;
  for (const f of fields) {
    const n = f[0];
    if (n.charCodeAt(0) === 0x3a) {
      if (n === ':method') method = f[1];
      else if (n === ':path') path = f[1];
      else if (n === ':authority') authority = f[1];
      else if (n === ':protocol') protocol = f[1];
      continue;
    }
    if (n === 'host') hasHost = true;
    headers.push(f);
  }
  if (method === null) return null;
  if (authority !== null && !hasHost) headers.unshift(['host', authority]);
  // An extended CONNECT (RFC 8441) names a resource by :path, as a GET would.
  const target = method === 'CONNECT' && protocol === null ? (authority ?? '') : (path ?? '');
  const req: HttpRequest = { method, target, version: HTTP2, headers, body: EMPTY_BODY, startTs: ts, endTs: ts };
  if (protocol !== null) req.protocol = protocol;
  return req;
}

function toResponse(fields: HeaderList, ts: number): HttpResponse | null {
  let status = -1;
  const headers: HeaderList = [];
  for (const f of fields) {
    if (f[0] === ':status') status = /^[0-9]{3}$/.test(f[1]) ? Number(f[1]) : -1;
    else if (f[0].charCodeAt(0) !== 0x3a) headers.push(f);
  }
  if (status < 0) return null;
  return { status, reason: '', version: HTTP2, headers, body: EMPTY_BODY, startTs: ts, endTs: ts };
}

export { DEFAULT_TABLE_SIZE };
