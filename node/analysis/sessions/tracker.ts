/**
 * API sessions: requests grouped by the first grouping key present (configurable: session cookies,
 * the Authorization subject, an API key header, then client IP + User-Agent), kept in capture
 * order with up to 20 context values, and reported as one `session` record when idle for
 * `idle_timeout` (capture time), evicted by the `max_sessions` cap, or at the end. Open sessions
 * sit in a Map in least-recently-active order, so expiry and eviction only look at its head.
 */
import { createHash } from 'node:crypto';
import type { HttpTransaction } from '../../http/types';
import { flowRef, formatTs } from '../../records/format';
import type { FlowRef, SessionRecord } from '../../records/types';
import { headerValue } from '../../http/headers';
import type { TxFacts } from '../discovery/extract';
import type { DiscoverySettings } from '../discovery/settings';
import { parseJwtHeader } from '../vulnerabilities/jwt';

export const MAX_CONTEXT_PARAMS = 20;

interface OpenSession {
  /** The map key: host, key name and raw value (kept in memory only). */
  slot: string;
  id: string;
  key: string;
  host: string;
  clientIp: string;
  flow: FlowRef;
  firstTs: number;
  lastTs: number;
  count: number;
  requests: Array<{ method: string; template: string; status: number | null; ts: number }>;
  context: Map<string, string>;
}

export interface SessionCounters {
  sessionsOpened: number;
  sessionsReported: number;
  sessionsEvicted: number;
  /** Requests counted in a session but not listed (max_requests reached). */
  requestsNotListed: number;
  /** Requests no grouping key applied to (only when ip_user_agent is not among the keys). */
  ungrouped: number;
}

/** The subject of the Authorization header: JWT `sub`, Basic user, else a digest of the credential. */
export function authSubject(authz: string): string | null {
  const [scheme, cred = ''] = authz.trim().split(/\s+/, 2);
  if (cred === '') return null;
  if (scheme.toLowerCase() === 'basic') {
    const user = Buffer.from(cred, 'base64').toString('utf8').split(':')[0];
    return user === '' ? null : `basic:${user}`;
  }
  const jwt = parseJwtHeader(cred);
  const sub = jwt?.payload?.sub ?? jwt?.payload?.user_id ?? jwt?.payload?.email;
  if (typeof sub === 'string' || typeof sub === 'number') return `sub:${sub}`;
  return `token:${createHash('sha256').update(cred).digest('hex').slice(0, 16)}`;
}

export class SessionTracker {
  readonly counters: SessionCounters = { sessionsOpened: 0, sessionsReported: 0, sessionsEvicted: 0, requestsNotListed: 0, ungrouped: 0 };
  private readonly open = new Map<string, OpenSession>();
  private readonly subjects = new Map<string, string | null>();
  private readonly s: DiscoverySettings['sessions'];

  /** The grouping keys in order, each with its cookie or header name lower-cased once. */
  private readonly keys: ReadonlyArray<{ key: string; name: string }>;

  constructor(settings: DiscoverySettings['sessions'], private readonly emit: (r: SessionRecord) => void) {
    this.s = settings;
    this.keys = settings.keys.map((key) => ({ key, name: key.startsWith('cookie:') || key.startsWith('header:') ? key.slice(7).toLowerCase() : '' }));
  }

  get size(): number {
    return this.open.size;
  }

  observe(tx: HttpTransaction, clientIp: string, host: string, facts: TxFacts, template: string): void {
    const ts = tx.request.startTs;
    this.expire(ts);
    const key = this.groupingKey(tx, clientIp, facts.cookies);
    if (key === null) {
      this.counters.ungrouped++;
      return;
    }
    const slot = `${host}\u0000${key.name}\u0000${key.value}`;
    let s = this.open.get(slot);
    if (s === undefined) {
      if (this.open.size >= this.s.maxSessions) {
        this.counters.sessionsEvicted++;
        this.close(this.open.values().next().value as OpenSession, 'evicted');
      }
      const id = createHash('sha256').update(slot).digest('hex').slice(0, 32);
      s = { slot, id, key: key.name, host, clientIp, flow: flowRef(tx.conn), firstTs: ts, lastTs: ts, count: 0, requests: [], context: new Map() };
      this.counters.sessionsOpened++;
    } else this.open.delete(slot);
    this.open.set(slot, s);
    s.count++;
    s.lastTs = Math.max(s.lastTs, ts);
    if (s.requests.length < this.s.maxRequests) s.requests.push({ method: tx.request.method, template, status: tx.response?.status ?? null, ts });
    else this.counters.requestsNotListed++;
    if (s.context.size < MAX_CONTEXT_PARAMS) {
      for (const p of facts.params) {
        if (p.value === '' || p.value.length > 256) continue;
        const name = (p.loc === 'body' && p.name.startsWith('$.') ? p.name.slice(p.name.lastIndexOf('.') + 1) : p.name).toLowerCase();
        if (this.s.contextParams.includes(name) && !s.context.has(name) && s.context.size < MAX_CONTEXT_PARAMS) s.context.set(name, p.value);
      }
    }
  }

  /** Closes sessions idle since before `nowTs - idle_timeout` (capture time). */
  expire(nowTs: number): void {
    const limit = nowTs - this.s.idleTimeoutUs;
    for (const s of this.open.values()) {
      if (s.lastTs >= limit) break;
      this.close(s, 'idle');
    }
  }

  /** Reports every open session (end of capture, shutdown). */
  finish(): void {
    for (const s of [...this.open.values()]) this.close(s, 'end');
  }

  private close(s: OpenSession, why: SessionRecord['closed']): void {
    this.open.delete(s.slot);
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
      requests: s.requests.map((r) => ({ method: r.method, template: r.template, status: r.status, ts: formatTs(r.ts) })),
      context: Object.fromEntries(s.context),
      closed: why,
    });
  }

  /** authSubject, remembered per credential (clients repeat theirs on every request; bounded). */
  private subjectOf(authz: string): string | null {
    let sub = this.subjects.get(authz);
    if (sub === undefined) {
      if (this.subjects.size >= 1024) this.subjects.clear();
      this.subjects.set(authz, (sub = authSubject(authz)));
    }
    return sub;
  }

  private groupingKey(tx: HttpTransaction, clientIp: string, cookies: Array<[string, string]>): { name: string; value: string } | null {
    const headers = tx.request.headers;
    for (const { key: k, name } of this.keys) {
      if (k.startsWith('cookie:')) {
        const hit = cookies.find(([n, v]) => v !== '' && n.toLowerCase() === name);
        if (hit) return { name: `cookie:${hit[0]}`, value: hit[1] };
      } else if (k.startsWith('header:')) {
        const v = headerValue(headers, name);
        if (v !== null && v !== '') return { name: k, value: v };
      } else if (k === 'auth_subject') {
        const authz = headerValue(headers, 'authorization');
        const sub = authz === null ? null : this.subjectOf(authz);
        if (sub !== null) return { name: k, value: sub };
      } else if (k === 'ip_user_agent') {
        return { name: k, value: `${clientIp}\u0000${headerValue(headers, 'user-agent') ?? ''}` };
      }
    }
    return null;
  }
}
