/**
 * One TCP connection's HTTP: a request parser on the client stream, a response parser on the
 * server stream, and the FIFO pairing between them. Plugs into reassembly as its StreamHandler.
 */
import type { Limits } from '../config/types';
import type { CloseReason, ConnectionInfo, Direction, StreamHandler, StreamHandlerFactory } from '../reassembly/types';
import { createHttpCounters, type HttpCounters } from './counters';
import { ResponseContext } from './framing';
import { HttpMessageParser, type HttpMessage, type MessageKind, type ParserLimits, type ParserSink } from './message-parser';
import { TransactionPairing, type PairingOutput } from './pairing';
import type { HttpErrorKind, HttpEvents, HttpRequest, HttpResponse, HttpTransaction } from './types';

export interface HttpOptions {
  /** NodeConfig.responseTimeoutSec: requests unanswered this long (capture time) get response null. */
  responseTimeoutSec: number;
  /** NodeConfig.parseResponses: false ignores the server direction (every response is null). */
  parseResponses: boolean;
  /**
   * Unanswered requests kept per connection (pipelining depth). Beyond it the oldest is emitted
   * with response null and its late response, if any, is dropped to keep the pairing in order.
   */
  maxPendingRequests: number;
  /** SHA-256 of every body (HttpBody.sha256); off when no produced record carries a digest. */
  digestBodies: boolean;
  /** Which bodies keep their first bytes (HttpBody.inspect). */
  bodies: BodyPolicy;
  /**
   * Called when a 101 (Switching Protocols) is paired with its request: returns who reads the
   * connection from there on, or null to stop reading it (the default). The returned handler gets
   * the client bytes held after the upgrade request, the server bytes after the 101 head, then
   * every later byte, gap and the close, with direction 0 the client (docs/http.md "Protocol
   * switches"). `replacesTransaction`: the new protocol reports the upgrade request itself (h2c:
   * it is stream 1's request), so HTTP/1.x does not emit the 101 exchange.
   */
  upgrade: ((conn: ConnectionInfo, request: HttpRequest, response: HttpResponse) => UpgradeResult | null) | null;
}

/** What HttpOptions.upgrade returns: the next protocol's handler for this connection. */
export interface UpgradeResult {
  handler: StreamHandler;
  replacesTransaction: boolean;
}

/**
 * Asked at each message head whether anything will read the body's bytes. A body nobody reads
 * is still framed, counted and digested, but not copied: its `inspect` is empty (`truncated`).
 */
export interface BodyPolicy {
  request(conn: ConnectionInfo, req: HttpRequest): boolean;
  /** `req`: the complete request this response answers; null when that is not known yet. */
  response(conn: ConnectionInfo, req: HttpRequest | null, res: HttpResponse): boolean;
  /**
   * Whether every response's header list is read (a transaction record, API discovery): then it is
   * parsed with the head (ParserLimits.eagerResponseHeaders). Absent: lists are parsed when read.
   */
  readsResponseHeaders?(): boolean;
}

export const KEEP_ALL_BODIES: BodyPolicy = { request: () => true, response: () => true };

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  responseTimeoutSec: 5,
  parseResponses: true,
  maxPendingRequests: 32,
  digestBodies: true,
  bodies: KEEP_ALL_BODIES,
  upgrade: null,
};

/** Bytes of each direction looked at before deciding whether a mid-stream guess is reversed. */
const ROLE_PROBE_BYTES = 8;
/** Capture-time interval between a connection's own response-timeout checks, microseconds. */
const EXPIRE_CHECK_INTERVAL_US = 1_000_000;

const enum Role {
  Undecided,
  Kept,
  Swapped,
}

/** What every connection of one factory shares (made once, not per connection). */
interface ConnectionContext {
  readonly events: HttpEvents;
  readonly parserLimits: ParserLimits;
  readonly options: HttpOptions;
  readonly counters: HttpCounters;
  readonly timeoutUs: number;
  /** Open connections (those that carried a byte and are not closed), for the timeout sweep. */
  readonly live: Set<HttpConnection>;
}

/**
 * The connection is the sink of both its parsers (`side` says which) and the output of its
 * pairing, so a connection costs its parsers and pairing and no closures. The parsers are created
 * on the first byte: a SYN flood's millions of connections that never carry data cost one small
 * object each.
 */
export class HttpConnection implements StreamHandler, ParserSink, PairingOutput {
  private opened = false;
  private requests!: HttpMessageParser;
  private responses!: HttpMessageParser;
  private pairing!: TransactionPairing;
  private role: Role;
  /** Data received while the role is undecided, replayed in arrival order afterwards. */
  private early: Array<{ dir: Direction; data: Buffer; ts: number }> | null = null;
  private earlyBytes0 = 0;
  private earlyBytes1 = 0;
  private lastExpireCheck = 0;
  private closed = false;
  /** After a 101 the upgrade hook took: the next protocol's handler (direction 0 = client). */
  private upgraded: StreamHandler | null = null;
  /** The 101 exchange the next protocol reports itself (UpgradeResult.replacesTransaction). */
  private replacedIndex = -1;

  constructor(
    private conn: ConnectionInfo,
    private readonly ctx: ConnectionContext,
  ) {
    this.role = conn.midstream ? Role.Undecided : Role.Kept;
  }

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    if (!this.opened) this.open();
    if (this.closed || length === 0) return;
    if (this.upgraded !== null) {
      this.upgraded.onData(this.clientSide(dir) ? 0 : 1, buf, offset, length, ts);
      return;
    }
    if (this.role === Role.Undecided) {
      (this.early ??= []).push({ dir, data: Buffer.from(buf.subarray(offset, offset + length)), ts });
      const seen = dir === 0 ? (this.earlyBytes0 += length) : (this.earlyBytes1 += length);
      if (seen >= ROLE_PROBE_BYTES) this.decideRole(dir);
      return;
    }
    this.deliver(dir, buf, offset, length, ts);
    if (ts - this.lastExpireCheck >= EXPIRE_CHECK_INTERVAL_US) this.expire(ts);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    if (!this.opened) this.open();
    if (this.closed) return;
    if (this.upgraded !== null) {
      this.upgraded.onGap(this.clientSide(dir) ? 0 : 1, length, ts);
      return;
    }
    if (this.role === Role.Undecided) this.decideRole(null);
    this.ctx.counters.gaps++;
    const parser = this.parserFor(dir);
    if (parser === this.responses && !this.ctx.options.parseResponses) return;
    parser.gap(length, ts);
  }

  onClose(_reason: CloseReason, ts: number): void {
    if (this.closed || !this.opened) return;
    if (this.role === Role.Undecided) this.decideRole(null);
    this.closed = true;
    this.requests.end(ts);
    this.responses.end(ts);
    this.pairing.close();
    const c = this.ctx.counters;
    c.resyncSkippedBytes += this.requests.skippedBytes + this.responses.skippedBytes;
    c.tunnelBytes += this.requests.tunnelBytes + this.responses.tunnelBytes;
    this.ctx.live.delete(this);
    this.upgraded?.onClose(_reason, ts);
  }

  /** Dropped unfinished (StreamHandler.onAbort): nothing pending is reported, the connection is no longer expired. */
  onAbort(): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.live.delete(this);
    this.upgraded?.onAbort?.();
  }

  /** Emits requests whose response is overdue at capture time nowTs (microseconds). */
  expire(nowTs: number): void {
    this.lastExpireCheck = nowTs;
    if (this.opened && !this.closed && this.ctx.options.parseResponses) this.pairing.expire(nowTs, this.ctx.timeoutUs);
  }

  /** Requests held waiting for their response. */
  get pendingRequests(): number {
    return this.opened ? this.pairing.pending : 0;
  }

  // ---------------------------------------------------------------- ParserSink (both parsers)

  head(side: MessageKind, msg: HttpMessage): ResponseContext {
    const bodies = this.ctx.options.bodies;
    if (side === 'request') {
      this.pairing.requestHead(msg as HttpRequest);
      if (!bodies.request(this.conn, msg as HttpRequest)) this.requests.skipBodyBytes();
      return ResponseContext.Normal;
    }
    const context = this.pairing.responseHead(msg as HttpResponse);
    if (!bodies.response(this.conn, this.pairing.answeredRequest(), msg as HttpResponse)) this.responses.skipBodyBytes();
    return context;
  }

  message(side: MessageKind, msg: HttpMessage): void {
    if (side === 'response') {
      this.pairing.responseDone(msg as HttpResponse);
      return;
    }
    const parseResponses = this.ctx.options.parseResponses;
    this.pairing.requestDone(!parseResponses);
    if (!parseResponses) this.requests.verdict(false);
  }

  error(kind: HttpErrorKind, detail: string): void {
    this.ctx.counters.errors[kind]++;
    this.ctx.events.error(kind, this.conn, detail);
  }

  syncLost(side: MessageKind): void {
    if (side === 'request') this.pairing.requestSyncLost();
    else this.pairing.responseSyncLost();
  }

  tunnel(side: MessageKind): void {
    if (side === 'request') return;
    this.ctx.counters.upgrades++;
    this.requests.stop();
  }

  // ---------------------------------------------------------------- PairingOutput

  transaction(tx: HttpTransaction): void {
    if (tx.index === this.replacedIndex) return;
    this.ctx.events.transaction(tx);
  }

  verdict(switched: boolean, request: HttpRequest, response: HttpResponse | null, index: number): void {
    const hook = this.ctx.options.upgrade;
    if (switched && hook !== null && response !== null && response.status === 101) {
      const r = hook(this.conn, request, response);
      if (r !== null) {
        const h = r.handler;
        this.upgraded = h;
        if (r.replacesTransaction) this.replacedIndex = index;
        this.requests.tunnelTarget = { onData: (b, o, l, ts) => h.onData(0, b, o, l, ts), onGap: (l, ts) => h.onGap(0, l, ts) };
        this.responses.tunnelTarget = { onData: (b, o, l, ts) => h.onData(1, b, o, l, ts), onGap: (l, ts) => h.onGap(1, l, ts) };
      }
    }
    this.requests.verdict(switched);
  }

  // ---------------------------------------------------------------- internals

  /** The first byte (or gap): the parsers and the pairing are made, the connection counted. */
  private open(): void {
    const { parserLimits, options, counters, live } = this.ctx;
    this.opened = true;
    counters.connections++;
    this.pairing = new TransactionPairing(this.conn, this, counters, options.maxPendingRequests);
    this.requests = new HttpMessageParser('request', this, parserLimits, this.conn.midstream);
    this.responses = new HttpMessageParser('response', this, parserLimits, this.conn.midstream);
    live.add(this);
  }

  private deliver(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    const parser = this.parserFor(dir);
    if (parser === this.responses && !this.ctx.options.parseResponses) return;
    parser.execute(buf, offset, length, ts);
  }

  private parserFor(dir: Direction): HttpMessageParser {
    return this.clientSide(dir) ? this.requests : this.responses;
  }

  private clientSide(dir: Direction): boolean {
    return (dir === 0) === (this.role !== Role.Swapped);
  }

  /**
   * Mid-stream connections: the reassembler guessed the client (by port or first packet). When
   * the first bytes of its "client" stream begin like a status line, or those of its "server"
   * stream like a request line, the guess was wrong: swap the roles for this connection.
   */
  private decideRole(dir: Direction | null): void {
    const early = this.early ?? [];
    this.early = null;
    let swap = false;
    if (dir !== null) {
      const probe = Buffer.concat(early.filter((e) => e.dir === dir).map((e) => e.data));
      swap = dir === 0 ? looksLikeStatusLine(probe) : looksLikeRequestLine(probe);
    }
    if (swap) {
      this.role = Role.Swapped;
      this.ctx.counters.roleSwaps++;
      this.conn = { ...this.conn, client: this.conn.server, server: this.conn.client };
      this.pairing.conn = this.conn;
    } else {
      this.role = Role.Kept;
    }
    for (const e of early) this.deliver(e.dir, e.data, 0, e.data.length, e.ts);
  }
}

const STATUS_PROBE = Buffer.from('HTTP/1.', 'latin1');

function looksLikeStatusLine(b: Buffer): boolean {
  return b.length >= STATUS_PROBE.length && b.subarray(0, STATUS_PROBE.length).equals(STATUS_PROBE);
}

/** An upper-case method token (3 to 7 letters, as every registered method) then a space. */
function looksLikeRequestLine(b: Buffer): boolean {
  let i = 0;
  while (i < b.length && b[i] >= 65 && b[i] <= 90) i++;
  return i >= 3 && i <= 7 && b[i] === 32;
}

export type HttpStreamHandlerFactory = StreamHandlerFactory & {
  readonly counters: HttpCounters;
  /** Response timeouts for every open connection at capture time nowTs (microseconds). */
  expire(nowTs: number): void;
  /** Open connections. */
  readonly open: number;
};

/** The reassembler's StreamHandlerFactory for HTTP, with the shared counters and a timeout sweep. */
export function createHttpStreamHandlerFactory(
  events: HttpEvents,
  limits: Pick<Limits, 'headerBytes' | 'bodyInspectBytes'>,
  options: Partial<HttpOptions> = {},
): HttpStreamHandlerFactory {
  const opts: HttpOptions = { ...DEFAULT_HTTP_OPTIONS, ...options };
  const ctx: ConnectionContext = {
    events,
    parserLimits: {
      headerBytes: limits.headerBytes,
      bodyInspectBytes: limits.bodyInspectBytes,
      digestBodies: opts.digestBodies,
      eagerResponseHeaders: opts.bodies.readsResponseHeaders?.() === true,
    },
    options: opts,
    counters: createHttpCounters(),
    timeoutUs: opts.responseTimeoutSec * 1_000_000,
    live: new Set<HttpConnection>(),
  };
  const factory = (conn: ConnectionInfo): StreamHandler => new HttpConnection(conn, ctx);
  return Object.defineProperties(factory, {
    counters: { value: ctx.counters },
    expire: {
      value: (nowTs: number): void => {
        for (const c of ctx.live) c.expire(nowTs);
      },
    },
    open: { get: () => ctx.live.size },
  }) as HttpStreamHandlerFactory;
}
