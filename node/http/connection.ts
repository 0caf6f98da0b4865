/**
 * One TCP connection's HTTP: a request parser on the client stream, a response parser on the
 * server stream, and the FIFO pairing between them. Plugs into reassembly as its StreamHandler.
 */
import type { Limits } from '../config/types';
import type {
  CloseReason, ConnectionInfo, Direction, StreamHandler, StreamHandlerFactory,
} from '../reassembly/types';
import { createHttpCounters, type HttpCounters } from './counters';
import { ResponseContext } from './framing';
import { HttpMessageParser, type HttpMessage, type ParserSink } from './message-parser';
import { TransactionPairing } from './pairing';
import type { HttpErrorKind, HttpEvents, HttpRequest, HttpResponse } from './types';

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
}

/**
 * Asked at each message head whether anything will read the body's bytes. A body nobody reads
 * is still framed, counted and digested, but not copied: its `inspect` is empty (`truncated`).
 */
export interface BodyPolicy {
  request(conn: ConnectionInfo, req: HttpRequest): boolean;
  /** `req`: the complete request this response answers; null when that is not known yet. */
  response(conn: ConnectionInfo, req: HttpRequest | null, res: HttpResponse): boolean;
}

export const KEEP_ALL_BODIES: BodyPolicy = { request: () => true, response: () => true };

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  responseTimeoutSec: 5,
  parseResponses: true,
  maxPendingRequests: 32,
  digestBodies: true,
  bodies: KEEP_ALL_BODIES,
};

/** Bytes of each direction looked at before deciding whether a mid-stream guess is reversed. */
const ROLE_PROBE_BYTES = 8;
/** Capture-time interval between a connection's own response-timeout checks, microseconds. */
const EXPIRE_CHECK_INTERVAL_US = 1_000_000;

const enum Role { Undecided, Kept, Swapped }

export class HttpConnection implements StreamHandler {
  private readonly requests: HttpMessageParser;
  private readonly responses: HttpMessageParser;
  private readonly pairing: TransactionPairing;
  private conn: ConnectionInfo;
  private role: Role;
  /** Data received while the role is undecided, replayed in arrival order afterwards. */
  private early: Array<{ dir: Direction; data: Buffer; ts: number }> = [];
  private earlyBytes: [number, number] = [0, 0];
  private lastExpireCheck = 0;
  private closed = false;
  private readonly timeoutUs: number;

  constructor(
    conn: ConnectionInfo,
    private readonly events: HttpEvents,
    limits: Pick<Limits, 'headerBytes' | 'bodyInspectBytes'>,
    private readonly options: HttpOptions,
    private readonly counters: HttpCounters,
    /** Called once after onClose (the factory's bookkeeping of open connections). */
    private readonly onClosed: (c: HttpConnection) => void = () => {},
  ) {
    this.conn = conn;
    this.role = conn.midstream ? Role.Undecided : Role.Kept;
    this.timeoutUs = options.responseTimeoutSec * 1_000_000;
    counters.connections++;
    this.pairing = new TransactionPairing(conn, {
      transaction: (tx) => events.transaction(tx),
      error: (kind, detail) => this.error(kind, detail),
      verdict: (switched) => this.requests.verdict(switched),
    }, counters, options.maxPendingRequests);
    const parserLimits = { headerBytes: limits.headerBytes, bodyInspectBytes: limits.bodyInspectBytes, digestBodies: options.digestBodies };
    this.requests = new HttpMessageParser('request', this.requestSink(), parserLimits, conn.midstream);
    this.responses = new HttpMessageParser('response', this.responseSink(), parserLimits, conn.midstream);
  }

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    if (this.closed || length === 0) return;
    if (this.role === Role.Undecided) {
      this.early.push({ dir, data: Buffer.from(buf.subarray(offset, offset + length)), ts });
      this.earlyBytes[dir] += length;
      if (this.earlyBytes[dir] >= ROLE_PROBE_BYTES) this.decideRole(dir);
      return;
    }
    this.deliver(dir, buf, offset, length, ts);
    if (ts - this.lastExpireCheck >= EXPIRE_CHECK_INTERVAL_US) this.expire(ts);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    if (this.closed) return;
    if (this.role === Role.Undecided) this.decideRole(null);
    this.counters.gaps++;
    const parser = this.parserFor(dir);
    if (parser === this.responses && !this.options.parseResponses) return;
    parser.gap(length, ts);
  }

  onClose(_reason: CloseReason, ts: number): void {
    if (this.closed) return;
    if (this.role === Role.Undecided) this.decideRole(null);
    this.closed = true;
    this.requests.end(ts);
    this.responses.end(ts);
    this.pairing.close();
    const c = this.counters;
    c.resyncSkippedBytes += this.requests.skippedBytes + this.responses.skippedBytes;
    c.tunnelBytes += this.requests.tunnelBytes + this.responses.tunnelBytes;
    this.onClosed(this);
  }

  /** Emits requests whose response is overdue at capture time nowTs (microseconds). */
  expire(nowTs: number): void {
    this.lastExpireCheck = nowTs;
    if (!this.closed && this.options.parseResponses) this.pairing.expire(nowTs, this.timeoutUs);
  }

  /** Requests held waiting for their response. */
  get pendingRequests(): number {
    return this.pairing.pending;
  }

  private deliver(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    const parser = this.parserFor(dir);
    if (parser === this.responses && !this.options.parseResponses) return;
    parser.execute(buf, offset, length, ts);
  }

  private parserFor(dir: Direction): HttpMessageParser {
    const clientSide = (dir === 0) === (this.role !== Role.Swapped);
    return clientSide ? this.requests : this.responses;
  }

  /**
   * Mid-stream connections: the reassembler guessed the client (by port or first packet). When
   * the first bytes of its "client" stream begin like a status line, or those of its "server"
   * stream like a request line, the guess was wrong: swap the roles for this connection.
   */
  private decideRole(dir: Direction | null): void {
    let swap = false;
    if (dir !== null) {
      const probe = Buffer.concat(this.early.filter((e) => e.dir === dir).map((e) => e.data));
      swap = dir === 0 ? looksLikeStatusLine(probe) : looksLikeRequestLine(probe);
    }
    if (swap) {
      this.role = Role.Swapped;
      this.counters.roleSwaps++;
      this.conn = { ...this.conn, client: this.conn.server, server: this.conn.client };
      this.pairing.conn = this.conn;
    } else {
      this.role = Role.Kept;
    }
    const early = this.early;
    this.early = [];
    for (const e of early) this.deliver(e.dir, e.data, 0, e.data.length, e.ts);
  }

  private error(kind: HttpErrorKind, detail: string): void {
    this.counters.errors[kind]++;
    this.events.error(kind, this.conn, detail);
  }

  private requestSink(): ParserSink {
    return {
      head: (msg: HttpMessage) => {
        this.pairing.requestHead(msg as HttpRequest);
        if (!this.options.bodies.request(this.conn, msg as HttpRequest)) this.requests.skipBodyBytes();
        return ResponseContext.Normal;
      },
      message: () => {
        this.pairing.requestDone(!this.options.parseResponses);
        if (!this.options.parseResponses) this.requests.verdict(false);
      },
      error: (kind, detail) => this.error(kind, detail),
      syncLost: () => this.pairing.requestSyncLost(),
      tunnel: () => {},
    };
  }

  private responseSink(): ParserSink {
    return {
      head: (msg: HttpMessage) => {
        const context = this.pairing.responseHead(msg as HttpResponse);
        if (!this.options.bodies.response(this.conn, this.pairing.answeredRequest(), msg as HttpResponse)) this.responses.skipBodyBytes();
        return context;
      },
      message: (msg: HttpMessage) => this.pairing.responseDone(msg as HttpResponse),
      error: (kind, detail) => this.error(kind, detail),
      syncLost: () => this.pairing.responseSyncLost(),
      tunnel: () => {
        this.counters.upgrades++;
        this.requests.stop();
      },
    };
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
  const counters = createHttpCounters();
  const live = new Set<HttpConnection>();
  const closed = (c: HttpConnection): void => {
    live.delete(c);
  };
  // The parsers are created on the first byte: a SYN flood's millions of connections that never
  // carry data then cost a few closures each instead of two parsers.
  const factory = (conn: ConnectionInfo): StreamHandler => {
    let c: HttpConnection | null = null;
    const opened = (): HttpConnection => {
      if (c === null) {
        c = new HttpConnection(conn, events, limits, opts, counters, closed);
        live.add(c);
      }
      return c;
    };
    const handler: StreamHandler & { readonly pendingRequests: number } = {
      onData: (dir, buf, offset, length, ts) => opened().onData(dir, buf, offset, length, ts),
      onGap: (dir, length, ts) => opened().onGap(dir, length, ts),
      onClose: (reason, ts) => c?.onClose(reason, ts),
      get pendingRequests(): number {
        return c?.pendingRequests ?? 0;
      },
    };
    return handler;
  };
  return Object.defineProperties(factory, {
    counters: { value: counters },
    expire: {
      value: (nowTs: number): void => {
        for (const c of live) c.expire(nowTs);
      },
    },
    open: { get: () => live.size },
  }) as HttpStreamHandlerFactory;
}
