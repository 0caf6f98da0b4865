/**
 * One WebSocket connection's state: per direction a frame reader (./frames.ts), the message being
 * assembled from its fragments, and the decompression context; control frames (close, ping,
 * pong) between them. Whole messages go to the events (analysis), the connection's account when
 * it ends. docs/websocket.md.
 */
import type { CloseReason, Direction, StreamHandler } from '../reassembly/types';
import type { WebSocketCounters } from './counters';
import { MessageInflater, negotiatedDeflate, type DeflateParams } from './deflate';
import { FrameReader, Opcode, type FrameHeader, type FrameSink } from './frames';
import type { DirectionTotals, WebSocketEvents, WebSocketSession, WebSocketSummary } from './types';

export interface WebSocketOptions {
  /** limits.websocket_message_bytes: payload bytes of one message kept. */
  messageBytes: number;
  /** limits.websocket_messages_per_connection: messages analysed per connection. */
  messagesPerConnection: number;
  /** limits.websocket_inflate_bytes: bytes one compressed message may inflate to. */
  inflateBytes: number;
  /**
   * Whose messages anything reads (attacks read the client's, discovery both): the others'
   * payloads are neither unmasked, kept nor inflated; the connection's account counts them all.
   */
  readMessages: { client: boolean; server: boolean };
}

/** What every connection of one protocol instance shares. */
export interface WebSocketContext {
  readonly events: WebSocketEvents;
  readonly options: WebSocketOptions;
  readonly counters: WebSocketCounters;
}

const CONTROL_MAX = 125;
const EMPTY = Buffer.alloc(0);

/** One direction: its frames, the message in progress, its compression context and totals. */
class Side implements FrameSink {
  readonly reader: FrameReader;
  readonly totals: DirectionTotals = { messages: 0, bytes: 0, frames: 0, pings: 0, pongs: 0 };
  inflater: MessageInflater | null;
  /** Opcode of the message in progress (0: none). */
  private opcode = 0;
  private compressed = false;
  /** The message's payload so far (grown by doubling up to the size cap: fragments may be 1 byte each). */
  private data: Buffer = EMPTY;
  private kept = 0;
  private wireLength = 0;
  private truncated = false;
  private lost = false;
  private startTs = 0;
  /** Whether the message in progress is kept (analysed): false past the per-connection cap. */
  private keep = false;
  /** The current frame: control (its payload collected apart), or data of the message. */
  private control = -1;
  private controlBytes: Buffer[] = [];
  private frameData = false;
  index = 0;

  constructor(
    private readonly conn: WebSocketConnection,
    /** 0: the client's frames. May change once on a mid-stream connection (WebSocketConnection.swap). */
    public role: Direction,
    masked: boolean | null,
    deflate: DeflateParams | null,
    lost: boolean,
  ) {
    // Mid-stream, whether permessage-deflate was negotiated is not known: RSV1 frames are taken as compressed.
    this.reader = new FrameReader(this, { masked, rsv1: deflate !== null || lost }, lost);
    this.inflater = null;
  }

  frameStart(h: FrameHeader, ts: number): boolean {
    const c = this.conn.ctx.counters;
    this.totals.frames++;
    if (h.masked !== (this.role === 0)) {
      if (this.reader.expect.masked === null) this.conn.decideRole(this, h.masked);
      else c.maskErrors++;
    }
    if (h.opcode >= 8) {
      c.controlFrames++;
      this.control = h.opcode;
      this.controlBytes = [];
      return h.opcode === Opcode.Close && h.length <= CONTROL_MAX;
    }
    this.control = -1;
    this.totals.bytes += h.length;
    if (h.opcode === Opcode.Continuation) {
      if (this.opcode === 0) {
        c.fragmentsWithoutStart++;
        this.frameData = false;
        return false;
      }
    } else {
      if (this.opcode !== 0) {
        c.messagesInterrupted++;
        this.lost = true;
        this.finishMessage(ts);
      }
      this.startMessage(h, ts);
    }
    this.frameData = true;
    this.wireLength += h.length;
    return this.keep && !this.truncated;
  }

  payload(buf: Buffer, off: number, len: number): void {
    if (this.control >= 0) {
      this.controlBytes.push(Buffer.from(buf.subarray(off, off + len)));
      return;
    }
    const cap = this.conn.ctx.options.messageBytes;
    const n = Math.min(cap - this.kept, len);
    if (n > 0) {
      if (this.kept + n > this.data.length) {
        const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(this.kept + n, 2 * this.data.length, 256)));
        this.data.copy(grown, 0, 0, this.kept);
        this.data = grown;
      }
      buf.copy(this.data, this.kept, off, off + n);
      this.kept += n;
    }
    if (n < len) this.truncated = true;
  }

  frameEnd(ts: number): void {
    if (this.control >= 0) {
      const op = this.control;
      this.control = -1;
      if (op === Opcode.Ping) this.totals.pings++;
      else if (op === Opcode.Pong) this.totals.pongs++;
      else if (op === Opcode.Close) this.conn.closeFrame(this, Buffer.concat(this.controlBytes), ts);
      return;
    }
    if (!this.frameData) return;
    this.frameData = false;
    if (this.reader.lastFin) this.finishMessage(ts);
  }

  payloadLost(_length: number): void {
    if (this.control < 0 && this.opcode !== 0) this.lost = true;
  }

  syncLost(): void {
    this.control = -1;
    this.frameData = false;
    if (this.opcode !== 0) {
      this.lost = true;
      this.finishMessage(this.startTs);
    }
    // Whole messages may be gone with the boundary: the sender's window is no longer known.
    this.inflater?.lose();
  }

  /** Mid-stream: a compressed message before the handshake was known needs an inflater. */
  private inflaterFor(): MessageInflater {
    return (this.inflater ??= new MessageInflater(true, 15, this.conn.ctx.options.inflateBytes, false));
  }

  private startMessage(h: FrameHeader, ts: number): void {
    this.opcode = h.opcode;
    this.compressed = h.rsv1 && this.reader.expect.rsv1;
    this.data = EMPTY;
    this.kept = 0;
    this.wireLength = 0;
    this.truncated = false;
    this.lost = false;
    this.startTs = ts;
    const read = this.conn.ctx.options.readMessages;
    this.keep = (this.role === 0 ? read.client : read.server) && this.conn.admit();
  }

  private finishMessage(ts: number): void {
    const c = this.conn.ctx.counters;
    const opcode = this.opcode;
    this.opcode = 0;
    this.totals.messages++;
    c.messages++;
    const index = this.index++;
    if (this.lost) c.messagesIncomplete++;
    if (this.truncated) c.messagesTruncated++;
    if (this.compressed) c.compressedMessages++;
    if (!this.keep) {
      // Not analysed: a compressed message still moves the sender's window, which is not followed.
      if (this.compressed) this.inflater?.lose();
      return;
    }
    let data = this.data.subarray(0, this.kept);
    this.data = EMPTY;
    if (this.compressed) {
      const r = this.inflaterFor().inflate(data, !this.truncated && !this.lost);
      if (!r.ok) {
        if (r.reason === 'too_large') c.inflateCapHits++;
        else {
          c.compressedSkipped++;
          this.conn.compressedSkipped++;
        }
        return;
      }
      data = r.data;
    }
    if (this.lost) this.conn.incomplete++;
    c.messagesInspected++;
    this.conn.ctx.events.message({
      session: this.conn.session,
      dir: this.role,
      index,
      opcode: opcode === Opcode.Text ? 'text' : 'binary',
      data,
      wireLength: this.wireLength,
      truncated: this.truncated || this.lost,
      compressed: this.compressed,
      startTs: this.startTs,
      endTs: ts,
    });
  }
}

export class WebSocketConnection implements StreamHandler {
  /** By the direction the bytes arrive in (reassembly's guess: 0 the SYN sender). */
  private readonly sides: [Side, Side];
  private closed = false;
  private close: WebSocketSummary['close'] = null;
  private firstTs = -1;
  private lastTs = 0;
  private inspected = 0;
  compressedSkipped = 0;
  incomplete = 0;

  constructor(
    readonly session: WebSocketSession,
    readonly ctx: WebSocketContext,
    /** Joined mid-stream: no handshake, frame boundaries and roles unknown. */
    midstream: boolean,
  ) {
    const deflate = negotiatedDeflate(session.extensions);
    const c = ctx.counters;
    c.connections++;
    if (midstream) c.midstream++;
    const masked = (dir: Direction): boolean | null => (midstream ? null : dir === 0);
    this.sides = [new Side(this, 0, masked(0), deflate, midstream), new Side(this, 1, masked(1), deflate, midstream)];
    if (deflate !== null) {
      const max = ctx.options.inflateBytes;
      this.sides[0].inflater = new MessageInflater(!deflate.clientNoContextTakeover, deflate.clientWindowBits, max, !midstream);
      this.sides[1].inflater = new MessageInflater(!deflate.serverNoContextTakeover, deflate.serverWindowBits, max, !midstream);
    }
  }

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    if (this.closed || length === 0) return;
    if (this.firstTs < 0) this.firstTs = ts;
    this.lastTs = ts;
    this.sides[dir].reader.execute(buf, offset, length, ts);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    if (this.closed) return;
    this.ctx.counters.gaps++;
    this.lastTs = Math.max(this.lastTs, ts);
    this.sides[dir].reader.gap(length, ts);
  }

  onClose(_reason: CloseReason, ts: number): void {
    if (this.closed) return;
    this.closed = true;
    const c = this.ctx.counters;
    for (const side of this.sides) {
      side.syncLost();
      c.frames += side.reader.frames;
      c.resyncs += side.reader.resyncs;
      c.resyncSkippedBytes += side.reader.skippedBytes;
      c.badFrames += side.reader.badHeaders;
    }
    const [client, server] = this.sides[0].role === 0 ? this.sides : [this.sides[1], this.sides[0]];
    const start = this.firstTs < 0 ? ts : this.firstTs;
    this.ctx.events.closed({
      session: this.session,
      client: client.totals,
      server: server.totals,
      close: this.close,
      compressedSkipped: this.compressedSkipped,
      incomplete: this.incomplete,
      startTs: this.session.response?.startTs ?? start,
      endTs: Math.max(this.lastTs, start),
    });
  }

  /** Whether one more message is analysed (limits.websocket_messages_per_connection). */
  admit(): boolean {
    if (this.inspected < this.ctx.options.messagesPerConnection) {
      this.inspected++;
      return true;
    }
    this.ctx.counters.messagesNotInspected++;
    return false;
  }

  /** A close frame: the first one of the connection says who closed it and how (RFC 6455 7.4). */
  closeFrame(side: Side, payload: Buffer, _ts: number): void {
    this.ctx.counters.closes++;
    if (this.close !== null) return;
    const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
    const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
    this.close = { by: side.role === 0 ? 'client' : 'server', code, reason };
  }

  /**
   * Mid-stream: the first frame of a direction says who sent it (clients mask, servers do not).
   * Both readers then expect that masking; the roles swap when reassembly's guess was wrong.
   */
  decideRole(side: Side, masked: boolean): void {
    const other = this.sides[side === this.sides[0] ? 1 : 0];
    const clientSide = masked ? side : other;
    if (clientSide !== this.sides[0]) {
      this.ctx.counters.roleSwaps++;
      this.sides[0].role = 1;
      this.sides[1].role = 0;
      const conn = this.session.conn;
      this.session.conn = { ...conn, client: conn.server, server: conn.client };
    }
    this.sides[0].reader.expect.masked = this.sides[0].role === 0;
    this.sides[1].reader.expect.masked = this.sides[1].role === 0;
  }
}
