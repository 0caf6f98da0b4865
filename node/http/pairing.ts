/**
 * FIFO pairing of one connection's requests with its responses (HTTP/1.1 answers in order, also
 * when pipelined), including the cases where the order alone is not enough: response timeouts,
 * a bounded number of unanswered requests, and realignment after the server direction lost bytes
 * (see docs/http.md "Pairing"). Memory: at most maxPendingRequests requests (plus as many held
 * responses), each with bodies bounded by Limits.bodyInspectBytes.
 */
import type { HttpCounters } from './counters';
import { ResponseContext, requestMaySwitch } from './framing';
import type { ConnectionInfo } from '../reassembly/types';
import type { HttpErrorKind, HttpRequest, HttpResponse, HttpTransaction } from './types';

type Interim = HttpTransaction['interim'][number];

/** 1xx responses kept per request; a server sending more is misbehaving, the rest are dropped. */
const MAX_INTERIM = 8;
/**
 * The interim list of every request that had none (almost all): shared, so frozen; a list is made
 * when a 1xx arrives.
 */
const NO_INTERIM: Interim[] = Object.freeze([]) as unknown as Interim[];
/**
 * The orphans of every connection that has none (almost all): shared, so frozen; a list is made
 * when a response comes before its request. A connection's pairing outlives the young generation
 * (docs/performance.md "The HTTP stage and sessions per transaction (branch i22-http2)").
 */
const NO_ORPHANS: HeldResponse[] = Object.freeze([]) as unknown as HeldResponse[];
/**
 * A response captured before its request (mirror ports reorder the two directions slightly) waits
 * for a request starting at most this long after it, microseconds.
 */
const REORDER_WINDOW_US = 1_000_000;

interface Entry {
  index: number;
  request: HttpRequest;
  requestDone: boolean;
  /** A final response is assigned (or it was decided none will be: timeout, loss). */
  answered: boolean;
  response: HttpResponse | null;
  responseDone: boolean;
  interim: Interim[];
}

interface HeldResponse {
  response: HttpResponse;
  interim: Interim[];
  /** True: no request was pending (captured ahead of its request); false: held by realignment. */
  orphan: boolean;
}

/** Where the final response being received goes. */
type Slot = Entry | HeldResponse | 'drop';

export interface PairingOutput {
  transaction(tx: HttpTransaction): void;
  error(kind: HttpErrorKind, detail: string): void;
  /** The request that may switch protocols (CONNECT, Upgrade) got its answer (`index`: its position). */
  verdict(switched: boolean, request: HttpRequest, response: HttpResponse | null, index: number): void;
}

export class TransactionPairing {
  /** Requests not yet emitted, oldest first. */
  private queue: Entry[] = [];
  private nextIndex = 0;
  private currentRequest: Entry | null = null;
  private current: Slot | null = null;
  private pendingInterim: Interim[] = NO_INTERIM;
  /**
   * Requests already emitted without response (timeout, eviction) whose late responses must
   * still be consumed in order, so that FIFO pairing stays right.
   */
  private skipResponses = 0;
  /** Non-null while realigning after a server-direction loss: responses held, not yet paired. */
  private held: HeldResponse[] | null = null;
  /** Complete responses that arrived with no request pending, waiting for one (oldest first). */
  private orphans: HeldResponse[] = NO_ORPHANS;
  /**
   * Set when requests may be missing (client-direction loss, or a mid-stream start before any
   * request): a response with no request pending then answers one of those and is dropped.
   */
  private requestsMissing: boolean;

  constructor(
    public conn: ConnectionInfo,
    private readonly out: PairingOutput,
    private readonly counters: HttpCounters,
    private readonly maxPending: number,
  ) {
    this.requestsMissing = conn.midstream;
  }

  // ---------------------------------------------------------------- requests

  requestHead(req: HttpRequest): void {
    this.counters.requests++;
    if (this.held !== null && this.held.length > 0 && req.startTs > this.held[this.held.length - 1].response.endTs) {
      // Sent after the newest held response ended: that response cannot answer it, so the held
      // responses answer the requests already seen.
      this.resolveRealign();
    }
    if (this.queue.length >= this.maxPending) this.evictOldest();
    this.requestsMissing = false;
    const entry: Entry = {
      index: this.nextIndex++,
      request: req,
      requestDone: false,
      answered: false,
      response: null,
      responseDone: false,
      interim: NO_INTERIM,
    };
    this.queue.push(entry);
    this.currentRequest = entry;
    while (this.orphans.length > 0) {
      const o = takeFirst(this.orphans);
      if (req.startTs - o.response.startTs > REORDER_WINDOW_US) {
        this.dropOrphan(o, 'no request followed it within the reorder window');
        continue;
      }
      this.attach(entry, o);
      break;
    }
  }

  /** The client direction lost bytes where whole requests may have vanished. */
  requestSyncLost(): void {
    this.requestsMissing = true;
    for (const o of this.orphans) this.dropOrphan(o, 'requests were lost');
    this.orphans = NO_ORPHANS;
  }

  /** The current request is complete; `unanswerable`: responses are not parsed, emit it now. */
  requestDone(unanswerable: boolean): void {
    const e = this.currentRequest;
    if (e === null) return;
    this.currentRequest = null;
    e.requestDone = true;
    if (unanswerable) {
      e.answered = true;
      e.responseDone = true;
    }
    this.decideVerdict(e);
    this.flush();
  }

  // ---------------------------------------------------------------- responses

  responseHead(res: HttpResponse): ResponseContext {
    if (res.status < 200 && res.status !== 101) {
      this.counters.interimResponses++;
      if (this.pendingInterim.length < MAX_INTERIM) {
        if (this.pendingInterim === NO_INTERIM) this.pendingInterim = [];
        this.pendingInterim.push({ status: res.status, reason: res.reason, headers: res.headers });
      }
      return ResponseContext.Normal;
    }
    this.counters.responses++;
    const interim = this.pendingInterim;
    this.pendingInterim = NO_INTERIM;
    if (this.held !== null) {
      this.current = { response: res, interim, orphan: false };
      return contextOf(this.guessHeldTarget());
    }
    const slot = this.assign(res, interim);
    this.current = slot;
    return slot === 'drop' || isHeld(slot) ? ResponseContext.Normal : contextOf(slot.request);
  }

  /** The complete request the response being received answers, when already known. */
  answeredRequest(): HttpRequest | null {
    const slot = this.current;
    return slot !== null && slot !== 'drop' && !isHeld(slot) && slot.requestDone ? slot.request : null;
  }

  responseDone(res: HttpResponse): void {
    if (res.status < 200 && res.status !== 101) return;
    const slot = this.current;
    this.current = null;
    if (slot === null || slot === 'drop') return;
    if (isHeld(slot) && slot.orphan) {
      const e = this.orphans.length === 0 ? this.queue.find((q) => !q.answered) : undefined;
      if (e !== undefined) {
        // Its request arrived while the response did.
        this.attach(e, slot);
        this.flush();
        return;
      }
      if (this.orphans === NO_ORPHANS) this.orphans = [];
      this.orphans.push(slot);
      if (this.orphans.length > this.maxPending) this.dropOrphan(takeFirst(this.orphans), 'too many responses waiting');
      return;
    }
    if (isHeld(slot)) {
      if (this.held !== null) {
        this.held.push(slot);
        if (this.held.length >= this.unansweredCount() + this.skipResponses || this.held.length > this.maxPending)
          this.resolveRealign();
        return;
      }
      // Realignment ended while this response was arriving: pair it the ordinary way.
      const e = this.assign(slot.response, slot.interim);
      if (e === 'drop') return;
      if (isHeld(e)) {
        this.current = e;
        this.responseDone(res);
        return;
      }
      this.completeResponse(e);
    } else {
      this.completeResponse(slot);
    }
    this.flush();
  }

  /** The server direction lost bytes where whole responses may have vanished. */
  responseSyncLost(): void {
    if (this.held !== null) return;
    this.held = [];
    this.counters.realignments++;
  }

  // ---------------------------------------------------------------- time and end

  /** Requests unanswered for longer than timeoutUs at capture time nowTs get response null. */
  expire(nowTs: number, timeoutUs: number): void {
    if (this.held !== null) {
      const newest = this.held[this.held.length - 1];
      if (newest !== undefined) {
        if (nowTs - newest.response.endTs > timeoutUs) this.resolveRealign();
      } else {
        // Nothing arrived since the loss: overdue requests lost their responses in it.
        for (const e of this.queue) {
          if (!e.answered && e.requestDone && nowTs - e.request.endTs > timeoutUs) this.markLost(e);
        }
        if (this.unansweredCount() === 0) this.held = null;
        this.flush();
        return;
      }
    }
    while (this.orphans.length > 0 && nowTs - this.orphans[0].response.endTs > REORDER_WINDOW_US) {
      this.dropOrphan(takeFirst(this.orphans), 'no request followed it within the reorder window');
    }
    for (const e of this.queue) {
      if (e.answered || !e.requestDone || nowTs - e.request.endTs <= timeoutUs) continue;
      this.counters.responseTimeouts++;
      e.answered = true;
      e.responseDone = true;
      this.skipResponses++;
      this.decideVerdict(e);
    }
    this.flush();
  }

  /** The connection ended (both parsers already finished): emit everything left. */
  close(): void {
    if (this.held !== null) this.resolveRealign();
    for (const o of this.orphans) this.dropOrphan(o, 'no request followed it');
    this.orphans = NO_ORPHANS;
    for (const e of this.queue) this.emit(e.responseDone ? e : { ...e, response: null });
    this.queue = [];
  }

  /** Unanswered requests waiting on this connection (for memory accounting and tests). */
  get pending(): number {
    return this.queue.length;
  }

  // ---------------------------------------------------------------- internals

  /**
   * The next final response in FIFO order goes to the oldest unanswered request. With none: it
   * answers a request that was lost or sent before the capture (dropped), or its request is still
   * to come (captured out of order: it waits as an orphan).
   */
  private assign(res: HttpResponse, interim: Interim[]): Slot {
    if (this.skipResponses > 0) {
      this.skipResponses--;
      this.counters.lateResponses++;
      return 'drop';
    }
    const e = this.orphans.length === 0 ? this.queue.find((q) => !q.answered) : undefined;
    if (e === undefined) {
      if (this.requestsMissing) {
        this.out.error(
          'response_without_request',
          `${res.version} ${res.status} response with no request pending (${this.nextIndex === 0 ? 'mid-stream start' : 'requests were lost'}); dropped`,
        );
        return 'drop';
      }
      return { response: res, interim, orphan: true };
    }
    e.answered = true;
    e.response = res;
    addInterim(e, interim);
    return e;
  }

  private attach(e: Entry, h: HeldResponse): void {
    e.answered = true;
    e.response = h.response;
    addInterim(e, h.interim);
    this.completeResponse(e);
  }

  private dropOrphan(o: HeldResponse, why: string): void {
    this.out.error(
      'response_without_request',
      `${o.response.version} ${o.response.status} response with no request pending; ${why}; dropped`,
    );
  }

  private completeResponse(e: Entry): void {
    e.responseDone = true;
    this.decideVerdict(e);
  }

  private decideVerdict(e: Entry): void {
    if (!e.requestDone || !e.responseDone || !requestMaySwitch(e.request.method, e.request.headers)) return;
    const s = e.response?.status ?? 0;
    this.out.verdict(s === 101 || (e.request.method === 'CONNECT' && s >= 200 && s < 300), e.request, e.response, e.index);
  }

  private markLost(e: Entry): void {
    this.counters.responsesLost++;
    e.answered = true;
    e.responseDone = true;
    e.response = null;
    this.decideVerdict(e);
  }

  /**
   * Pairs the held responses. The loss is one contiguous stretch of the server stream, so the
   * responses lost form a prefix of the unanswered requests and the held ones answer the rest in
   * order: the largest such prefix consistent with timestamps (a response never starts before its
   * request) is taken as lost.
   */
  private resolveRealign(): void {
    const held = this.held;
    this.held = null;
    if (held === null || held.length === 0) return;
    const newestEnd = held[held.length - 1].response.endTs;
    const cands: Array<Entry | null> = [];
    for (let i = 0; i < this.skipResponses; i++) cands.push(null);
    this.skipResponses = 0;
    for (const e of this.queue) if (!e.answered && e.request.startTs <= newestEnd) cands.push(e);
    const fits = (k: number): boolean => {
      for (let j = 0; j < held.length && k + j < cands.length; j++) {
        const c = cands[k + j];
        if (c !== null && c.request.startTs > held[j].response.startTs) return false;
      }
      return true;
    };
    let k = Math.max(0, cands.length - held.length);
    while (k > 0 && !fits(k)) k--;
    for (let i = 0; i < k; i++) {
      const c = cands[i];
      if (c !== null) this.markLost(c);
    }
    let c = k;
    for (const h of held) {
      const e = cands[c];
      if (e === undefined || (e !== null && h.response.startTs < e.request.startTs)) {
        this.out.error(
          'response_without_request',
          `${h.response.status} response after a server-side gap matches no pending request; dropped`,
        );
        continue;
      }
      c++;
      if (e === null) {
        this.counters.lateResponses++;
        continue;
      }
      this.attach(e, h);
    }
    this.flush();
  }

  private guessHeldTarget(): HttpRequest | null {
    let idx = this.held!.length - this.skipResponses;
    if (idx < 0) return null;
    for (const e of this.queue) {
      if (e.answered) continue;
      if (idx-- === 0) return e.request;
    }
    return null;
  }

  private unansweredCount(): number {
    let n = 0;
    for (const e of this.queue) if (!e.answered) n++;
    return n;
  }

  private evictOldest(): void {
    if (this.held !== null) this.resolveRealign();
    if (this.queue.length < this.maxPending) return;
    const e = takeFirst(this.queue);
    this.counters.pendingEvicted++;
    if (!e.answered) this.skipResponses++;
    if (this.current === e) this.current = 'drop';
    e.answered = true;
    if (!e.responseDone) e.response = null;
    this.emit(e);
  }

  /** Emits finished transactions in request order. */
  private flush(): void {
    while (this.queue.length > 0) {
      const e = this.queue[0];
      if (!e.requestDone || !e.responseDone) return;
      takeFirst(this.queue);
      this.emit(e);
    }
  }

  private emit(e: Entry): void {
    const c = this.counters;
    c.transactions++;
    if (e.response === null) c.transactionsWithoutResponse++;
    countBody(c, e.request.body);
    if (e.response !== null) countBody(c, e.response.body);
    this.out.transaction({
      conn: this.conn,
      index: e.index,
      request: e.request,
      response: e.response,
      interim: e.interim,
    });
  }
}

/**
 * Removes and returns the first element of a non-empty array; the last one by pop(), which keeps
 * the array's storage for the next request (docs/performance.md, "Engine notes").
 */
function takeFirst<T>(a: T[]): T {
  return a.length === 1 ? a.pop()! : a.shift()!;
}

function countBody(c: HttpCounters, b: HttpRequest['body']): void {
  if (b.truncated) c.bodiesTruncated++;
  if (b.incomplete) c.bodiesIncomplete++;
}

function addInterim(e: Entry, from: Interim[]): void {
  if (from.length === 0) return;
  if (e.interim === NO_INTERIM) e.interim = [];
  for (const i of from) if (e.interim.length < MAX_INTERIM) e.interim.push(i);
}

function isHeld(s: Entry | HeldResponse): s is HeldResponse {
  return !('index' in s);
}

function contextOf(req: HttpRequest | null): ResponseContext {
  if (req === null) return ResponseContext.Normal;
  if (req.method === 'HEAD') return ResponseContext.HeadRequest;
  if (req.method === 'CONNECT') return ResponseContext.ConnectRequest;
  return ResponseContext.Normal;
}
