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
}

/** Where the final response being received goes. */
type Slot = Entry | HeldResponse | 'drop';

export interface PairingOutput {
  transaction(tx: HttpTransaction): void;
  error(kind: HttpErrorKind, detail: string): void;
  /** The request that may switch protocols (CONNECT, Upgrade) got its answer. */
  verdict(switched: boolean): void;
}

export class TransactionPairing {
  /** Requests not yet emitted, oldest first. */
  private queue: Entry[] = [];
  private nextIndex = 0;
  private currentRequest: Entry | null = null;
  private current: Slot | null = null;
  private pendingInterim: Interim[] = [];
  /**
   * Requests already emitted without response (timeout, eviction) whose late responses must
   * still be consumed in order, so that FIFO pairing stays right.
   */
  private skipResponses = 0;
  /** Non-null while realigning after a server-direction loss: responses held, not yet paired. */
  private held: HeldResponse[] | null = null;

  constructor(
    public conn: ConnectionInfo,
    private readonly out: PairingOutput,
    private readonly counters: HttpCounters,
    private readonly maxPending: number,
  ) {}

  // ---------------------------------------------------------------- requests

  requestHead(req: HttpRequest): void {
    this.counters.requests++;
    if (this.held !== null && this.held.length > 0
      && req.startTs > this.held[this.held.length - 1].response.endTs) {
      // Sent after the newest held response ended: that response cannot answer it, so the held
      // responses answer the requests already seen.
      this.resolveRealign();
    }
    if (this.queue.length >= this.maxPending) this.evictOldest();
    const entry: Entry = {
      index: this.nextIndex++, request: req, requestDone: false, answered: false, response: null,
      responseDone: false, interim: [],
    };
    this.queue.push(entry);
    this.currentRequest = entry;
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
        this.pendingInterim.push({ status: res.status, reason: res.reason, headers: res.headers });
      }
      return ResponseContext.Normal;
    }
    this.counters.responses++;
    const interim = this.pendingInterim;
    this.pendingInterim = [];
    if (this.held !== null) {
      this.current = { response: res, interim };
      return contextOf(this.guessHeldTarget());
    }
    const slot = this.assign(res, interim);
    this.current = slot;
    return slot === 'drop' ? ResponseContext.Normal : contextOf((slot as Entry).request);
  }

  responseDone(res: HttpResponse): void {
    if (res.status < 200 && res.status !== 101) return;
    const slot = this.current;
    this.current = null;
    if (slot === null || slot === 'drop') return;
    if (isHeld(slot)) {
      if (this.held !== null) {
        this.held.push(slot);
        if (this.held.length >= this.unansweredCount() + this.skipResponses
          || this.held.length > this.maxPending) this.resolveRealign();
        return;
      }
      // Realignment ended while this response was arriving: pair it the ordinary way.
      const e = this.assign(slot.response, slot.interim);
      if (e === 'drop') return;
      this.completeResponse(e as Entry);
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
    for (const e of this.queue) this.emit(e.responseDone ? e : { ...e, response: null });
    this.queue = [];
  }

  /** Unanswered requests waiting on this connection (for memory accounting and tests). */
  get pending(): number {
    return this.queue.length;
  }

  // ---------------------------------------------------------------- internals

  /** The next final response in FIFO order: the oldest unanswered request, or dropped. */
  private assign(res: HttpResponse, interim: Interim[]): Slot {
    if (this.skipResponses > 0) {
      this.skipResponses--;
      this.counters.lateResponses++;
      return 'drop';
    }
    const e = this.queue.find((q) => !q.answered);
    if (e === undefined) {
      this.out.error('response_without_request', `${res.version} ${res.status} response with no request pending; dropped`);
      return 'drop';
    }
    if (res.startTs < e.request.startTs) {
      this.out.error('response_without_request', `${res.status} response began before the oldest pending request (${e.request.method} ${e.request.target.slice(0, 60)}): it answers a request not seen; dropped`);
      return 'drop';
    }
    e.answered = true;
    e.response = res;
    pushInterim(e.interim, interim);
    return e;
  }

  private completeResponse(e: Entry): void {
    e.responseDone = true;
    this.decideVerdict(e);
  }

  private decideVerdict(e: Entry): void {
    if (!e.requestDone || !e.responseDone || !requestMaySwitch(e.request.method, e.request.headers)) return;
    const s = e.response?.status ?? 0;
    this.out.verdict(s === 101 || (e.request.method === 'CONNECT' && s >= 200 && s < 300));
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
        this.out.error('response_without_request', `${h.response.status} response after a server-side gap matches no pending request; dropped`);
        continue;
      }
      c++;
      if (e === null) {
        this.counters.lateResponses++;
        continue;
      }
      e.answered = true;
      e.response = h.response;
      pushInterim(e.interim, h.interim);
      this.completeResponse(e);
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
    const e = this.queue.shift()!;
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
      this.queue.shift();
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
      conn: this.conn, index: e.index, request: e.request, response: e.response, interim: e.interim,
    });
  }
}

function countBody(c: HttpCounters, b: HttpRequest['body']): void {
  if (b.truncated) c.bodiesTruncated++;
  if (b.incomplete) c.bodiesIncomplete++;
}

function pushInterim(to: Interim[], from: Interim[]): void {
  for (const i of from) if (to.length < MAX_INTERIM) to.push(i);
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
