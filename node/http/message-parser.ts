/**
 * Incremental HTTP/1.x parser for ONE direction of a connection (requests or responses), fed
 * (buf, off, len) in arbitrary splits. Explicit states; every limit from Limits; every malformed
 * construct reported as an HttpErrorKind, after which the parser resynchronises at the next
 * plausible message start instead of giving up. It never throws on input and never buffers more
 * than Limits.headerBytes (heads, trailers, bytes held while a protocol switch is pending).
 */
import { BodyAccumulator, EMPTY_BODY } from './body-accumulator';
import { BodyMode, type ResponseContext, requestFraming, requestMaySwitch, responseFraming } from './framing';
import {
  FRAMING_FIELDS,
  MAX_METHOD_LENGTH,
  TCHAR,
  findStartLine,
  firstLineEnd,
  indexOfLf,
  parseHeaderLines,
  parseRequestLine,
  parseStatusLine,
  type RequestLine,
  type StatusLine,
} from './head-parser';
import { latin1 } from './latin1';
import { ParsedResponse } from './parsed-response';
import type { HeaderList, HttpErrorKind, HttpRequest, HttpResponse } from './types';

export type MessageKind = 'request' | 'response';
export type HttpMessage = HttpRequest | HttpResponse;

/**
 * Receives what a parser finds; `side` says which parser (one sink serves both directions of a
 * connection). `head` returns the paired request's constraint (responses).
 */
/** Where one direction's bytes go after a protocol switch (HttpOptions.upgrade). */
export interface TunnelTarget {
  onData(buf: Buffer, off: number, len: number, ts: number): void;
  onGap(length: number, ts: number): void;
}

export interface ParserSink {
  head(side: MessageKind, msg: HttpMessage): ResponseContext;
  /** The message is finished: body, trailers and endTs are set. */
  message(side: MessageKind, msg: HttpMessage): void;
  error(kind: HttpErrorKind, detail: string): void;
  /** Bytes were lost or skipped at a point where whole messages may have vanished with them. */
  syncLost(side: MessageKind): void;
  /** A protocol switch (101, CONNECT 2xx) ended HTTP in this direction. */
  tunnel(side: MessageKind): void;
}

export interface ParserLimits {
  headerBytes: number;
  bodyInspectBytes: number;
  /** false: bodies are not hashed (HttpBody.sha256 is ''); see BodyAccumulator. Default true. */
  digestBodies?: boolean;
  /**
   * true: every response's header list is read (BodyPolicy.readsResponseHeaders), so it is parsed
   * with the head, once, instead of keeping the field lines and parsing them again when first read
   * (ParsedResponse). The same list either way. Default false.
   */
  eagerResponseHeaders?: boolean;
}

const enum State {
  /** Between messages: skip stray CR/LF, then a head in strict mode. */
  MessageStart,
  /** Collecting a head or the trailer section. */
  Lines,
  /** Resynchronising: looking at each line for a start line that ends it (see findStartLine). */
  Resync,
  BodyLength,
  ChunkSize,
  /** Chunk extensions (and the CR) up to the LF ending the chunk-size line. */
  ChunkExt,
  ChunkData,
  /** The CRLF after chunk data. */
  ChunkDataEnd,
  BodyClose,
  /** After a CONNECT or Upgrade request: hold bytes until the response says whether it switched. */
  AwaitVerdict,
  Tunnel,
}

const LF = 10;
const CR = 13;
const SP = 32;
const HTAB = 9;
const SEMI = 59;
const STATUS_PREFIX = Buffer.from('HTTP/1.', 'latin1');
/** Line buffers up to this size are kept between messages; larger ones are released. */
const RETAINED_LINE_BUFFER = 4096;
/** Distinct capture times remembered for one resync line (older ones are merged). */
const MAX_RESYNC_TIMES = 16;
/** Largest chunk size that can take one more hex digit without passing 2^53-1. */
const MAX_CHUNK_BEFORE_DIGIT = Math.floor((Number.MAX_SAFE_INTEGER - 15) / 16);

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[65 + c] = 10 + c;
  HEX[97 + c] = 10 + c;
}

/**
 * Malformed header lines of the head being parsed, reported and cleared before headAt returns:
 * one list for every parser (a head is parsed in one synchronous call), not one per parser.
 */
const BAD_LINES: string[] = [];
/** What `verdict` replays when nothing was held. */
const NOTHING_HELD: ReadonlyArray<{ data: Buffer; ts: number }> = Object.freeze([]);

const enum Prefix {
  Checking,
  Passed,
}

export class HttpMessageParser {
  private state: State = State.MessageStart;
  private readonly body: BodyAccumulator;

  // --- line collection (heads and trailers), bounded by limits.headerBytes ---
  private lines: Buffer | null = null;
  private collected = 0;
  /** Bytes of the current line before its LF (CR included). */
  private lineLen = 0;
  private lastByte = 0;
  private collectingTrailers = false;
  private firstLineLen = -1;
  private prefixState = Prefix.Checking;
  private prefixIdx = 0;
  private headStartTs = 0;
  /**
   * Resync: capture time of the collected line's bytes, as (offset, ts) where ts changed. Made
   * when a resync starts: most connections never resynchronise, and every connection's parsers
   * outlive the young generation (docs/performance.md "The HTTP stage and sessions per
   * transaction (branch i22-http2)"); the same holds for `held`.
   */
  private resyncOffsets: number[] | null = null;
  private resyncTs: number[] | null = null;
  /** The last request head's fields: parseHeaderLines reuses the strings of fields sent again. */
  private lastRequestFields: HeaderList | null = null;
  /**
   * The header list of the last response whose headers were read (the next response's
   * `previous`); its ParsedResponse sets it when the list is made (ResponseFieldsNote: the parser
   * itself, not an object per parser).
   */
  lastResponseFields: HeaderList | null = null;

  // --- current message ---
  private msg: HttpMessage | null = null;
  private remaining = 0;
  private chunkDigits = 0;
  private chunkLineLen = 0;
  private chunkSawCr = false;

  // --- protocol switch ---
  private held: Array<{ data: Buffer; ts: number }> | null = null;
  private heldBytes = 0;
  /** Bytes dropped while waiting (cap reached, or lost): everything after the held prefix. */
  private heldDropped = 0;
  private heldDroppedTs = 0;

  /** Bytes discarded while resynchronising (not part of any message). */
  skippedBytes = 0;
  /** Bytes ignored after a protocol switch. */
  tunnelBytes = 0;
  /**
   * After a protocol switch, where this direction's bytes go instead of being ignored (the
   * upgrade hook's handler, HttpOptions.upgrade); held bytes are handed over first.
   */
  tunnelTarget: TunnelTarget | null = null;

  constructor(
    readonly kind: MessageKind,
    private readonly sink: ParserSink,
    private readonly limits: ParserLimits,
    /** Start resynchronising (capture began mid-connection): the first bytes may be mid-message. */
    midstream = false,
  ) {
    this.body = new BodyAccumulator(limits.bodyInspectBytes, limits.digestBodies ?? true);
    if (midstream) this.startResync();
  }

  /** True once a protocol switch stopped HTTP parsing in this direction. */
  get stopped(): boolean {
    return this.state === State.Tunnel;
  }

  /** True while a message (head or body) is partly received. */
  get inMessage(): boolean {
    switch (this.state) {
      case State.MessageStart:
      case State.Resync:
      case State.AwaitVerdict:
      case State.Tunnel:
        return false;
      case State.Lines:
        return this.collectingTrailers || this.collected > 0;
      default:
        return true;
    }
  }

  execute(buf: Buffer, off: number, len: number, ts: number): void {
    let pos = off;
    const end = off + len;
    while (pos < end) {
      switch (this.state) {
        case State.MessageStart: {
          const c = buf[pos];
          if (c === CR || c === LF) {
            pos++;
            break;
          }
          this.startLines(false, ts);
          break;
        }
        case State.Lines:
          pos = this.consumeLines(buf, pos, end, ts);
          break;
        case State.Resync:
          pos = this.consumeResync(buf, pos, end, ts);
          break;
        case State.BodyLength: {
          const n = Math.min(this.remaining, end - pos);
          // The write that completes the body is its last: finishMessage follows.
          this.body.write(buf, pos, n, n === this.remaining);
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finishMessage(ts);
          break;
        }
        case State.ChunkSize:
          pos = this.consumeChunkSize(buf, pos, end, ts);
          break;
        case State.ChunkExt: {
          const lf = indexOfLf(buf, pos, end);
          const stop = lf === -1 ? end : lf;
          this.chunkLineLen += stop - pos;
          if (this.chunkLineLen > this.limits.headerBytes) {
            this.failMessage('bad_chunk', `chunk-size line longer than ${this.limits.headerBytes} bytes`, ts);
            pos = stop;
            break;
          }
          pos = stop;
          if (lf !== -1) {
            pos++;
            this.chunkSizeLineDone(ts);
          }
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.remaining, end - pos);
          this.body.write(buf, pos, n);
          pos += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = State.ChunkDataEnd;
            this.chunkSawCr = false;
          }
          break;
        }
        case State.ChunkDataEnd: {
          const c = buf[pos];
          if (c === CR && !this.chunkSawCr) {
            this.chunkSawCr = true;
            pos++;
          } else if (c === LF) {
            pos++;
            this.startChunkSize();
          } else {
            this.failMessage('bad_chunk', 'chunk data not followed by CRLF (chunk size wrong?)', ts);
          }
          break;
        }
        case State.BodyClose:
          this.body.write(buf, pos, end - pos);
          pos = end;
          break;
        case State.AwaitVerdict:
          this.hold(buf, pos, end - pos, ts);
          pos = end;
          break;
        case State.Tunnel:
          if (this.tunnelTarget !== null) this.tunnelTarget.onData(buf, pos, end - pos, ts);
          else this.tunnelBytes += end - pos;
          pos = end;
          break;
      }
    }
  }

  /**
   * `length` bytes of this direction were lost. Inside a body of known length the loss is
   * absorbed (the message is incomplete, framing continues); anywhere else the message in
   * progress ends incomplete and the parser resynchronises. Returns false when whole messages
   * may have been lost (the pairing must then realign).
   */
  gap(length: number, ts: number): boolean {
    switch (this.state) {
      case State.Tunnel:
        return true;
      case State.AwaitVerdict:
        this.dropWhileHolding(length, ts);
        return true;
      case State.BodyLength:
      case State.ChunkData:
        this.sink.error('gap_in_message', `${length} bytes lost inside a ${this.kind} body`);
        this.body.markLost();
        if (length < this.remaining || (length === this.remaining && this.state === State.BodyLength)) {
          this.remaining -= length;
          if (this.remaining === 0) this.finishMessage(ts);
          return true;
        }
        if (length === this.remaining) {
          this.remaining = 0;
          this.state = State.ChunkDataEnd;
          this.chunkSawCr = false;
          return true;
        }
        this.endIncomplete(ts);
        break;
      case State.BodyClose:
        this.sink.error('gap_in_message', `${length} bytes lost inside a close-delimited body`);
        this.body.markLost();
        return true;
      default:
        if (this.inMessage) {
          this.sink.error('gap_in_message', `${length} bytes lost inside a ${this.kind} ${this.msg === null ? 'head' : 'body'}`);
          if (this.msg !== null) this.endIncomplete(ts);
        }
    }
    this.startResync();
    this.sink.syncLost(this.kind);
    return false;
  }

  /** The connection closed: a close-delimited body ends here; anything else partial is truncated. */
  end(ts: number): void {
    if (this.state === State.BodyClose) {
      this.finishMessage(ts);
    } else if (this.inMessage) {
      this.sink.error('truncated_message', `connection closed inside a ${this.kind} ${this.msg === null ? 'head' : 'body'}`);
      if (this.msg !== null) this.endIncomplete(ts);
    }
    this.lines = null;
    this.held = null;
    this.state = State.Tunnel;
  }

  /**
   * The response to a CONNECT/Upgrade request arrived: stop (`switched`) or parse the held bytes
   * as the next requests.
   */
  verdict(switched: boolean): void {
    if (this.state !== State.AwaitVerdict) return;
    const held = this.held ?? NOTHING_HELD;
    this.held = null;
    this.heldBytes = 0;
    if (switched) {
      this.state = State.Tunnel;
      const target = this.tunnelTarget;
      for (const h of held) {
        if (target !== null) target.onData(h.data, 0, h.data.length, h.ts);
        else this.tunnelBytes += h.data.length;
      }
      if (target !== null && this.heldDropped > 0) target.onGap(this.heldDropped, this.heldDroppedTs);
      this.heldDropped = 0;
      this.sink.tunnel(this.kind);
      return;
    }
    const dropped = this.heldDropped;
    this.heldDropped = 0;
    this.state = State.MessageStart;
    for (const h of held) this.execute(h.data, 0, h.data.length, h.ts);
    // What followed the held prefix is gone: the same as a capture gap there.
    if (dropped > 0) this.gap(dropped, this.heldDroppedTs);
  }

  /** Called from the sink's `head`: the current message's body bytes are not kept (BodyPolicy). */
  skipBodyBytes(): void {
    this.body.skipKeeping();
  }

  /** Stop parsing: the other direction switched protocols. */
  stop(): void {
    this.lines = null;
    this.held = null;
    if (this.state !== State.Tunnel) {
      this.state = State.Tunnel;
      this.sink.tunnel(this.kind);
    }
  }

  // ---------------------------------------------------------------- heads and trailers

  private startResync(): void {
    this.state = State.Resync;
    this.collected = 0;
    this.resyncOffsets = null;
    this.resyncTs = null;
  }

  private startLines(trailers: boolean, ts: number): void {
    this.state = State.Lines;
    this.collectingTrailers = trailers;
    this.collected = 0;
    this.lineLen = 0;
    this.lastByte = 0;
    this.firstLineLen = trailers ? 0 : -1;
    this.prefixState = trailers ? Prefix.Passed : Prefix.Checking;
    this.prefixIdx = 0;
    this.headStartTs = ts;
  }

  private consumeLines(buf: Buffer, pos: number, end: number, ts: number): number {
    if (this.prefixState === Prefix.Checking) {
      const bad = this.checkPrefix(buf, pos, end);
      if (bad !== -1) {
        this.rejectStartLine(this.collectedText() + buf.toString('latin1', pos, Math.min(end, bad + 1)));
        // The rest of this line is looked at by resync: a start line may still end it.
        return pos;
      }
    }
    if (this.collected === 0) {
      // The usual case, a whole head in this buffer: parsed where it is, without collecting it.
      const stop = this.completeHeadAt(buf, pos, end, ts);
      if (stop !== -1) return stop;
    }
    const lf = indexOfLf(buf, pos, end);
    const stop = lf === -1 ? end : lf + 1;
    const n = stop - pos;
    if (this.collected + n > this.limits.headerBytes) {
      this.overflowLines(ts);
      return pos;
    }
    this.append(buf, pos, stop);
    if (lf === -1) {
      this.lineLen += n;
      this.lastByte = buf[end - 1];
      return end;
    }
    const lineLen = this.lineLen + (lf - pos);
    const before = lf > pos ? buf[lf - 1] : this.lastByte;
    const empty = lineLen === 0 || (lineLen === 1 && before === CR);
    this.lineLen = 0;
    this.lastByte = LF;
    if (this.firstLineLen === -1) {
      this.firstLineLen = this.collected;
      if (!this.startLineValid()) {
        this.rejectStartLine(this.collectedText());
        this.resyncLineEnded(ts);
      }
      return stop;
    }
    if (empty) this.linesComplete(ts);
    return stop;
  }

  /**
   * When a head (or trailer section) begins at `pos` and ends, within limits.headerBytes, before
   * `end`, with a valid start line: parses it from `buf` as linesComplete would from the collected
   * copy, and returns the offset after it. Otherwise -1 (nothing reported, nothing changed), and
   * the line-by-line collection, which reports what is wrong, goes on.
   */
  private completeHeadAt(buf: Buffer, pos: number, end: number, ts: number): number {
    const limit = Math.min(end, pos + this.limits.headerBytes);
    if (this.collectingTrailers) return this.headAt(buf, null, pos, limit, ts);
    const firstLf = indexOfLf(buf, pos, limit);
    if (firstLf === -1) return -1;
    const line = this.startLine(buf, pos, firstLineEnd(buf, pos, firstLf));
    return line === null ? -1 : this.headAt(buf, line, firstLf + 1, limit, ts);
  }

  private startLine(b: Buffer, start: number, end: number): RequestLine | StatusLine | null {
    return this.kind === 'request' ? parseRequestLine(b, start, end) : parseStatusLine(b, start, end);
  }

  /**
   * Byte-wise plausibility of a strict start line's first bytes ("HTTP/1." or "TOKEN SP"), so
   * that garbage (TLS, binary) is reported at once. Returns the offending offset or -1.
   */
  private checkPrefix(buf: Buffer, pos: number, end: number): number {
    for (let i = pos; i < end; i++) {
      const c = buf[i];
      if (c === LF) return -1; // the whole line is validated at its end
      const idx = this.prefixIdx++;
      if (this.kind === 'response') {
        if (c !== STATUS_PREFIX[idx]) return i;
        if (idx === STATUS_PREFIX.length - 1) {
          this.prefixState = Prefix.Passed;
          return -1;
        }
      } else if (c === SP) {
        if (idx === 0) return i;
        // The method ended; the target's first byte is validated with the whole line.
        this.prefixState = Prefix.Passed;
        return -1;
      } else if (TCHAR[c] !== 1 || idx >= MAX_METHOD_LENGTH) {
        return i;
      }
    }
    return -1;
  }

  /** Where a message should start, something else is: report it and resynchronise. */
  private rejectStartLine(seen: string): void {
    const what = this.kind === 'request' ? 'request line' : 'status line';
    const shown = JSON.stringify(seen.replace(/\r?\n$/, '').slice(0, 60));
    this.sink.error(
      this.kind === 'request' ? 'bad_request_line' : 'bad_status_line',
      `not an HTTP/1.x ${what}: ${shown}; skipping to the next message`,
    );
    this.sink.syncLost(this.kind);
    this.state = State.Resync;
  }

  private collectedText(): string {
    return this.lines === null ? '' : this.lines.toString('latin1', 0, Math.min(this.collected, 64));
  }

  /**
   * Resync: collect the current line (its last headerBytes/2 bytes at most, enough for a start
   * line glued to a long line), and at its end look for a start line finishing it.
   */
  private consumeResync(buf: Buffer, pos: number, end: number, ts: number): number {
    const lf = indexOfLf(buf, pos, end);
    const stop = lf === -1 ? end : lf + 1;
    const keep = Math.max(this.limits.headerBytes >>> 1, 1);
    if (this.collected + (stop - pos) > keep) {
      const from = Math.max(pos, stop - keep);
      const drop = Math.min(this.collected, this.collected + (stop - from) - keep);
      if (drop > 0) {
        this.lines!.copyWithin(0, drop, this.collected);
        this.collected -= drop;
        this.shiftResyncTimes(drop);
      }
      this.skippedBytes += drop + (from - pos);
      pos = from;
    }
    const times = (this.resyncTs ??= []);
    const offsets = (this.resyncOffsets ??= []);
    if (times.length === 0 || times[times.length - 1] !== ts) {
      if (times.length === MAX_RESYNC_TIMES) this.shiftResyncTimes(0);
      offsets.push(this.collected);
      times.push(ts);
    }
    this.append(buf, pos, stop);
    if (lf !== -1) this.resyncLineEnded(ts);
    return stop;
  }

  /** Forgets the first `drop` collected bytes' times (or, with 0, merges the two oldest). */
  private shiftResyncTimes(drop: number): void {
    const offs = this.resyncOffsets;
    const times = this.resyncTs;
    if (offs === null || times === null) return;
    if (drop === 0) {
      offs.splice(1, 1);
      times.splice(0, 1);
      return;
    }
    let i = 0;
    while (i + 1 < offs.length && offs[i + 1] <= drop) i++;
    offs.splice(0, i);
    times.splice(0, i);
    for (let j = 0; j < offs.length; j++) offs[j] = Math.max(0, offs[j] - drop);
  }

  /** The collected bytes are one whole line (LF included): continue with the head it starts, if any. */
  private resyncLineEnded(ts: number): void {
    const b = this.lines!;
    const at = findStartLine(this.kind, b, 0, this.collected - 1);
    let startTs = ts;
    const offs = this.resyncOffsets;
    const times = this.resyncTs;
    if (offs !== null && times !== null) for (let i = 0; i < offs.length && offs[i] <= at; i++) startTs = times[i];
    this.resyncOffsets = null;
    this.resyncTs = null;
    if (at === -1) {
      this.skippedBytes += this.collected;
      this.collected = 0;
      this.state = State.Resync;
      return;
    }
    this.skippedBytes += at;
    b.copyWithin(0, at, this.collected);
    const lineLen = this.collected - at;
    this.startLines(false, ts);
    this.headStartTs = startTs;
    this.collected = lineLen;
    this.firstLineLen = lineLen;
    this.prefixState = Prefix.Passed;
    this.lastByte = LF;
  }

  /** Copies [pos, stop) after the collected bytes, growing the buffer by doubling up to the cap. */
  private append(buf: Buffer, pos: number, stop: number): void {
    const need = this.collected + (stop - pos);
    if (this.lines === null || this.lines.length < need) {
      let size = this.lines === null ? 512 : this.lines.length * 2;
      while (size < need) size *= 2;
      const grown = Buffer.allocUnsafe(Math.min(size, Math.max(need, this.limits.headerBytes)));
      if (this.lines !== null) this.lines.copy(grown, 0, 0, this.collected);
      this.lines = grown;
    }
    buf.copy(this.lines, this.collected, pos, stop);
    this.collected = need;
  }

  private startLineValid(): boolean {
    return this.startLine(this.lines!, 0, firstLineEnd(this.lines!, 0, this.firstLineLen - 1)) !== null;
  }

  private overflowLines(ts: number): void {
    const what = this.collectingTrailers ? 'trailer section' : 'start line and headers';
    this.sink.error(
      'header_too_large',
      `${this.kind} ${what} longer than ${this.limits.headerBytes} bytes (limits.header_bytes); message dropped`,
    );
    if (this.msg !== null) this.endIncomplete(ts);
    this.skippedBytes += this.collected;
    this.startResync();
    this.sink.syncLost(this.kind);
  }

  private linesComplete(ts: number): void {
    // The parsed strings are copies, so the buffer is reused; a large one is released.
    const block = this.lines!;
    const length = this.collected;
    this.collected = 0;
    if (block.length > RETAINED_LINE_BUFFER) this.lines = null;
    const line = this.collectingTrailers ? null : this.startLine(block, 0, firstLineEnd(block, 0, this.firstLineLen - 1))!;
    this.headAt(block, line, this.firstLineLen, length, ts);
  }

  /**
   * A head whose start line `line` (null for trailers) was valid: its field lines from
   * `fieldsStart` up to an empty line before `limit` in `b`. When that empty line is there, starts
   * the message the head heads (or ends the one it trails) and returns the offset after it; else -1.
   */
  private headAt(b: Buffer, line: RequestLine | StatusLine | null, fieldsStart: number, limit: number, ts: number): number {
    const bad = BAD_LINES;
    const fields: HeaderList = [];
    if (line === null || 'method' in line) {
      const stop = parseHeaderLines(b, fieldsStart, limit, fields, bad, null, line === null ? null : this.lastRequestFields);
      if (stop === -1) {
        bad.length = 0;
        return -1;
      }
      if (line !== null) this.lastRequestFields = fields;
      this.reportBadLines();
      if (line === null) {
        if (fields.length > 0 && this.msg !== null) this.msg.trailers = fields;
        this.finishMessage(ts);
        return stop;
      }
      const req: HttpRequest = {
        method: line.method,
        target: line.target,
        version: line.version,
        headers: fields,
        body: EMPTY_BODY,
        startTs: this.headStartTs,
        endTs: ts,
      };
      this.msg = req;
      this.sink.head('request', req);
      this.applyFraming(requestFraming(fields), ts);
      return stop;
    }
    // Responses: only the fields framing reads now, the whole list when something reads it; or
    // the whole list now when every list is read (ParserLimits.eagerResponseHeaders).
    const eager = this.limits.eagerResponseHeaders === true;
    const stop = parseHeaderLines(
      b,
      fieldsStart,
      limit,
      fields,
      bad,
      eager ? null : FRAMING_FIELDS,
      eager ? this.lastResponseFields : null,
    );
    if (stop === -1) {
      bad.length = 0;
      return -1;
    }
    this.reportBadLines();
    let res: ParsedResponse;
    if (eager) {
      res = new ParsedResponse(line.status, line.reason, line.version, '', EMPTY_BODY, this.headStartTs, ts);
      res.headers = fields;
      this.lastResponseFields = fields;
    } else
      res = new ParsedResponse(
        line.status,
        line.reason,
        line.version,
        latin1(b, fieldsStart, stop),
        EMPTY_BODY,
        this.headStartTs,
        ts,
        this.lastResponseFields,
        this,
      );
    this.msg = res;
    const ctx = this.sink.head('response', res);
    this.applyFraming(responseFraming(fields, res.status, ctx), ts);
    return stop;
  }

  private reportBadLines(): void {
    if (BAD_LINES.length === 0) return;
    // Emptied before the sink hears of them: the list is every parser's.
    const bad = BAD_LINES.slice();
    BAD_LINES.length = 0;
    for (const d of bad) this.sink.error('bad_header', d);
  }

  private applyFraming(f: ReturnType<typeof requestFraming>, ts: number): void {
    if (f.error !== null) {
      this.sink.error(f.error.kind, f.error.detail);
      this.body.markIncomplete();
      this.finishMessage(ts);
      this.startResync();
      this.sink.syncLost(this.kind);
      return;
    }
    switch (f.mode) {
      case BodyMode.None:
        this.finishMessage(ts);
        break;
      case BodyMode.Length:
        this.remaining = f.length;
        this.body.expect(f.length);
        this.state = State.BodyLength;
        break;
      case BodyMode.Chunked:
        this.startChunkSize();
        break;
      case BodyMode.Close:
        this.state = State.BodyClose;
        break;
      case BodyMode.Tunnel:
        this.finishMessage(ts);
        this.state = State.Tunnel;
        this.sink.tunnel(this.kind);
        break;
    }
  }

  // ---------------------------------------------------------------- chunked

  private startChunkSize(): void {
    this.state = State.ChunkSize;
    this.remaining = 0;
    this.chunkDigits = 0;
    this.chunkLineLen = 0;
  }

  private consumeChunkSize(buf: Buffer, pos: number, end: number, ts: number): number {
    while (pos < end) {
      const c = buf[pos];
      const d = HEX[c];
      if (d >= 0) {
        if (this.remaining > MAX_CHUNK_BEFORE_DIGIT) {
          this.failMessage('bad_chunk', 'chunk size larger than 2^53-1', ts);
          return pos;
        }
        if (++this.chunkLineLen > this.limits.headerBytes) {
          this.failMessage('bad_chunk', `chunk-size line longer than ${this.limits.headerBytes} bytes`, ts);
          return pos;
        }
        this.remaining = this.remaining * 16 + d;
        this.chunkDigits++;
        pos++;
        continue;
      }
      if (this.chunkDigits === 0) {
        this.failMessage('bad_chunk', `chunk size expected, got ${JSON.stringify(String.fromCharCode(c))}`, ts);
        return pos;
      }
      if (c === LF) {
        this.chunkSizeLineDone(ts);
        return pos + 1;
      }
      if (c === SEMI || c === CR || c === SP || c === HTAB) {
        this.state = State.ChunkExt;
        return pos;
      }
      this.failMessage('bad_chunk', `invalid byte ${JSON.stringify(String.fromCharCode(c))} after the chunk size`, ts);
      return pos;
    }
    return pos;
  }

  private chunkSizeLineDone(ts: number): void {
    if (this.remaining === 0) {
      this.startLines(true, ts);
    } else {
      this.state = State.ChunkData;
    }
  }

  // ---------------------------------------------------------------- message end

  private finishMessage(ts: number): void {
    const msg = this.msg!;
    msg.body = this.body.finish();
    msg.endTs = ts;
    this.msg = null;
    this.state = State.MessageStart;
    if (this.kind === 'request' && requestMaySwitch((msg as HttpRequest).method, msg.headers)) {
      this.state = State.AwaitVerdict;
      this.heldDropped = 0;
    }
    this.sink.message(this.kind, msg);
  }

  /** The message in progress ends here, incomplete (gap, close, framing error). */
  private endIncomplete(ts: number): void {
    this.body.markIncomplete();
    this.finishMessage(ts);
  }

  private failMessage(kind: HttpErrorKind, detail: string, ts: number): void {
    this.sink.error(kind, detail);
    this.endIncomplete(ts);
    this.startResync();
    this.sink.syncLost(this.kind);
  }

  private hold(buf: Buffer, off: number, len: number, ts: number): void {
    if (this.heldDropped > 0 || this.heldBytes + len > this.limits.headerBytes) {
      // More than a few requests before the answer: most likely the new protocol already.
      this.dropWhileHolding(len, ts);
      return;
    }
    (this.held ??= []).push({ data: Buffer.from(buf.subarray(off, off + len)), ts });
    this.heldBytes += len;
  }

  private dropWhileHolding(len: number, ts: number): void {
    this.heldDropped += len;
    this.heldDroppedTs = ts;
  }
}
