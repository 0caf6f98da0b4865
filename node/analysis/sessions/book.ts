/**
 * API sessions, the keeping half: the open sessions, fed SessionObservations (./tracker keys the
 * requests), reported as one `session` record when idle for `idle_timeout` (capture time), evicted
 * by the `max_sessions` cap (the longest idle first), or at the end. Open sessions sit in a Map by
 * id and in a list in least-recently-active order, so expiry and eviction only look at its head.
 *
 * Observations may arrive out of capture order (several analysis threads feed one book: the
 * capture thread's, node/workers/pool.ts), so what a record holds does not depend on arrival
 * order: the `max_requests` earliest requests (ties by content), each context name's value of
 * the earliest request carrying it, the flow and client of the earliest request; request
 * templates are resolved when the record is made (./template-index). With several feeders
 * `expire` is driven by the slowest feeder's clock (`expireOnObserve` off), and an observation
 * more than `idle_timeout` after its session's last request closes it and opens the next one,
 * as a single thread does.
 */
import { hash } from 'node:crypto';
import { formatTs } from '../../records/format';
import type { FlowRef, SessionRecord, SessionRequest } from '../../records/types';
import type { DiscoverySettings } from '../discovery/settings';
import { FlowList } from '../../reassembly/flow-list';
import { compareSessionRequests } from './merge';
import { TemplateIndex } from './template-index';

export const MAX_CONTEXT_PARAMS = 20;

/** One keyed request, as the analysis thread hands it to a SessionBook (structured-clonable). */
export interface SessionObservation {
  /** SessionIds' digest of (host, key name, raw value): stable across threads and nodes. */
  id: string;
  key: string;
  host: string;
  clientIp: string;
  flow: FlowRef;
  /** Request start, capture time (µs). */
  ts: number;
  method: string;
  path: string;
  /** The inventory's template at the time, and whether the path is an inventory endpoint. */
  template: string;
  api: boolean;
  status: number | null;
  /** The configured context parameters this request carried (first value of each name). */
  context: Array<[string, string]>;
}

/**
 * A session's listed requests, LISTED slots each, in the order of their fields: ts, method, path,
 * status. One plain array per session instead of an object per request: an open session lives up
 * to `idle_timeout` (30 minutes by default), so everything it holds is promoted out of the young
 * generation, and a request's object cost more than its four slots (docs/performance.md "The HTTP
 * stage and sessions per transaction (branch i22-http2)").
 */
export type ListedRequests = Array<number | string | null>;

/** Slots per listed request. */
export const LISTED = 4;

interface OpenSession {
  id: string;
  key: string;
  host: string;
  clientIp: string;
  flow: FlowRef;
  firstTs: number;
  lastTs: number;
  count: number;
  /** The earliest requests, in (ts, method, path, status) order; at most max_requests. */
  requests: ListedRequests;
  /**
   * Name -> [value, ts of the request it came from]; null until a request carries one (most
   * sessions never do: a Map made per session outlived the young generation, docs/performance.md
   * "Allocation and GC per transaction (branch i22-gc)").
   */
  context: Map<string, [string, number]> | null;
  /** Neighbours in SessionBook's activity order (`active`). */
  prev: OpenSession | null;
  next: OpenSession | null;
}

export interface SessionCounters {
  sessionsOpened: number;
  sessionsReported: number;
  sessionsEvicted: number;
  /** Requests counted in a session but not listed (max_requests reached). */
  requestsNotListed: number;
  /** Inventory templates the session template index did not learn (its caps). */
  sessionTemplatesRefused: number;
}

/** A session's id: a digest of host, key name and raw value (the raw value is never exported); SessionIds remembers them. */
function digestSlot(slot: string): string {
  return hash('sha256', slot, 'hex').slice(0, 32);
}

/**
 * The ids remembered under one (extra, value, host): the first key name's, and the others' in a Map
 * made only when a second name comes (rare: one value as two kinds of key).
 */
interface KnownIds {
  name: string;
  id: string;
  others: Map<string, string> | null;
}

type Level = Map<string, Level | KnownIds>;

/**
 * sessionId of the slot `host \0 name \0 value` (`\0 extra` appended when there is one), remembered
 * by the slot's parts: the slot string is built only for parts not met before. The parts are the
 * request's own strings (header values reused along a connection keep their hash), so a key met
 * again costs a few lookups instead of a new string of ~100-1000 characters hashed per request
 * (docs/performance.md "The all-analyses path"). The last level is an object, not a Map by name:
 * every new key made one, and like the sessions they name they outlive the young generation
 * (docs/performance.md "Allocation and GC per transaction (branch i22-gc)"). Bounded: forgotten
 * at `maxEntries`.
 */
export class SessionIds {
  private single: Level = new Map();
  private paired: Level = new Map();
  private entries = 0;

  constructor(private readonly maxEntries = 4096) {}

  id(host: string, name: string, value: string, extra: string | null): string {
    // The longest part first: it tells keys apart soonest.
    const at = level(extra === null ? this.single : level(this.paired, extra), value);
    const known = at.get(host) as KnownIds | undefined;
    if (known !== undefined) {
      if (known.name === name) return known.id;
      const other = known.others?.get(name);
      if (other !== undefined) return other;
    }
    const id = digestSlot(`${host}\u0000${name}\u0000${value}${extra === null ? '' : `\u0000${extra}`}`);
    if (++this.entries > this.maxEntries) {
      this.single = new Map();
      this.paired = new Map();
      this.entries = 0;
      return this.id(host, name, value, extra);
    }
    if (known === undefined) at.set(host, { name, id, others: null });
    else (known.others ??= new Map()).set(name, id);
    return id;
  }
}

/** The level under `part` (made when missing). */
function level(at: Level, part: string): Level {
  let next = at.get(part) as Level | undefined;
  if (next === undefined) at.set(part, (next = new Map()));
  return next;
}

/**
 * Puts a request into `list` (in compareListed order) after every request not above it. Requests
 * nearly always come in order, so most go at the end: pushed, where a splice there made an array
 * of the (no) elements it removed (docs/performance.md "HTTP, discovery, vulnerabilities, output
 * per transaction (branch i22-stages)").
 */
export function insertInOrder(list: ListedRequests, ts: number, method: string, path: string, status: number | null): void {
  let i = list.length;
  while (i > 0 && compareListed(list, i - LISTED, ts, method, path, status) > 0) i -= LISTED;
  if (i === list.length) list.push(ts, method, path, status);
  else list.splice(i, 0, ts, method, path, status);
}

/**
 * The order of listed requests: the request at slot `at` of `list` against (ts, method, path,
 * status), by time, then method, path and status (none below any).
 */
export function compareListed(
  list: ListedRequests,
  at: number,
  ts: number,
  method: string,
  path: string,
  status: number | null,
): number {
  const t = list[at] as number;
  if (t !== ts) return t - ts;
  const m = list[at + 1] as string;
  if (m !== method) return m < method ? -1 : 1;
  const p = list[at + 2] as string;
  if (p !== path) return p < path ? -1 : 1;
  return ((list[at + 3] as number | null) ?? -1) - (status ?? -1);
}

export interface SessionBookOptions {
  /** One feeder in capture order (a single thread): each observation first expires what is idle at its time. */
  expireOnObserve: boolean;
  maxHosts: number;
  maxTemplatesPerHost: number;
}

export class SessionBook {
  readonly counters: SessionCounters = {
    sessionsOpened: 0,
    sessionsReported: 0,
    sessionsEvicted: 0,
    requestsNotListed: 0,
    sessionTemplatesRefused: 0,
  };
  readonly templates: TemplateIndex;
  /** Open sessions by id. */
  private readonly open = new Map<string, OpenSession>();
  /**
   * The open sessions in least-recently-active order (a session moves to the newest end with each
   * request): a list through the sessions themselves (the reassembler's FlowList), so a request moves two links instead of
   * deleting and setting the Map's entry, whose table then filled with deleted entries and was
   * rebuilt every few thousand requests (docs/performance.md "The HTTP stage and sessions per
   * transaction (branch i22-http2)").
   */
  private readonly active = new FlowList<OpenSession>();

  constructor(
    private readonly s: DiscoverySettings['sessions'],
    private readonly o: SessionBookOptions,
    private readonly emit: (r: SessionRecord) => void,
  ) {
    this.templates = new TemplateIndex(o.maxHosts, o.maxTemplatesPerHost);
  }

  get size(): number {
    return this.open.size;
  }

  /** An inventory endpoint's template of `host` (lower case), for the request templates of session records. */
  learnTemplate(host: string, template: string): void {
    this.templates.add(host, template);
    this.counters.sessionTemplatesRefused = this.templates.refused;
  }

  add(ob: SessionObservation): void {
    if (this.o.expireOnObserve) this.expire(ob.ts);
    if (ob.api) this.learnTemplate(ob.host, ob.template);
    let s = this.open.get(ob.id);
    if (s !== undefined && ob.ts - s.lastTs > this.s.idleTimeoutUs) {
      this.close(s, 'idle');
      s = undefined;
    }
    if (s === undefined) {
      if (this.open.size >= this.s.maxSessions && this.active.head !== null) {
        this.counters.sessionsEvicted++;
        this.close(this.active.head, 'evicted');
      }
      s = {
        id: ob.id,
        key: ob.key,
        host: ob.host,
        clientIp: ob.clientIp,
        flow: ob.flow,
        firstTs: ob.ts,
        lastTs: ob.ts,
        count: 0,
        requests: [],
        context: null,
        prev: null,
        next: null,
      };
      this.counters.sessionsOpened++;
      this.open.set(ob.id, s);
      this.active.push(s);
    } else this.active.touch(s);
    s.count++;
    if (ob.ts < s.firstTs) {
      s.firstTs = ob.ts;
      s.flow = ob.flow;
      s.clientIp = ob.clientIp;
    }
    if (ob.ts > s.lastTs) s.lastTs = ob.ts;
    this.list(s, ob.ts, ob.method, ob.path, ob.status);
    const carried = ob.context;
    for (let i = 0; i < carried.length; i++) {
      const name = carried[i][0];
      const value = carried[i][1];
      const context = s.context ?? (s.context = new Map());
      const had = context.get(name);
      if (had === undefined ? context.size < MAX_CONTEXT_PARAMS : ob.ts < had[1] || (ob.ts === had[1] && value < had[0]))
        context.set(name, [value, ob.ts]);
    }
  }

  /** Keeps the max_requests earliest requests (whatever order they come in). */
  private list(s: OpenSession, ts: number, method: string, path: string, status: number | null): void {
    const list = s.requests;
    const max = this.s.maxRequests;
    if (list.length >= max * LISTED) {
      this.counters.requestsNotListed++;
      // Not listed when the last listed one is not above it.
      if (max === 0 || compareListed(list, list.length - LISTED, ts, method, path, status) <= 0) return;
      list.length -= LISTED;
    }
    insertInOrder(list, ts, method, path, status);
  }

  /** Closes sessions idle since before `nowTs - idle_timeout` (capture time). */
  expire(nowTs: number): void {
    const limit = nowTs - this.s.idleTimeoutUs;
    const active = this.active;
    while (active.head !== null && active.head.lastTs < limit) this.close(active.head, 'idle');
  }

  /** Reports every open session (end of capture, shutdown). */
  finish(): void {
    while (this.active.head !== null) this.close(this.active.head, 'end');
  }

  private close(s: OpenSession, why: SessionRecord['closed']): void {
    this.open.delete(s.id);
    this.active.remove(s);
    this.counters.sessionsReported++;
    this.emit({
      type: 'session',
      ts: formatTs(s.lastTs),
      flow: s.flow,
      client_ip: s.clientIp,
      host: s.host,
      session_id: s.id,
      key: s.key,
      first_seen: formatTs(s.firstTs),
      last_seen: formatTs(s.lastTs),
      request_count: s.count,
      requests: reportedRequests(s.requests, s.host, this.templates),
      context: s.context === null ? {} : Object.fromEntries([...s.context].map(([n, [v]]) => [n, v])),
      closed: why,
    });
  }
}

/**
 * A session record's requests: the listed requests (compareRequests order) with their templates,
 * in compareSessionRequests order. Listed by path, reported by template: requests of one instant
 * are put in template order, the order of a merge of parts from several nodes (./merge).
 *
 * The same as `listed.map(...resolve...).sort(compareSessionRequests)` (test/unit/discovery/
 * session-request-order.test.ts), with less made per request (docs/performance.md "Allocation and
 * GC per transaction (branch i22-gc)"): a path listed again right after itself (a client polling
 * one endpoint) takes the template just resolved (the index does not change while a record is
 * made) instead of splitting the path again; and the sort, whose work array is made on every call,
 * runs only when two neighbours are out of order: requests are listed by time and the order of
 * one instant differs only when two of them differ in template order from their path order. A
 * stable sort leaves a list already in order as it is.
 */
export function reportedRequests(
  listed: Readonly<ListedRequests>,
  host: string,
  templates: Pick<TemplateIndex, 'resolve'>,
): SessionRequest[] {
  // Sized once (a push from empty reserves 16 slots).
  const out = new Array<SessionRequest>(listed.length / LISTED);
  let ordered = true;
  for (let i = 0; i < out.length; i++) {
    const at = i * LISTED;
    const path = listed[at + 2] as string;
    const template = i > 0 && path === listed[at + 2 - LISTED] ? out[i - 1].template : templates.resolve(host, path);
    out[i] = {
      method: listed[at + 1] as string,
      template,
      status: listed[at + 3] as number | null,
      ts: formatTs(listed[at] as number),
    };
    if (i > 0 && ordered && compareSessionRequests(out[i - 1], out[i]) > 0) ordered = false;
  }
  return ordered ? out : out.sort(compareSessionRequests);
}
