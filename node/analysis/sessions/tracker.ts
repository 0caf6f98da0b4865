/**
 * API sessions, the keying half: each request is grouped by the first grouping key present
 * (configurable: session cookies, the Authorization subject, an API key header, then client IP +
 * User-Agent) and becomes a SessionObservation (stable session id, raw path, its context values).
 * The sessions themselves are kept by ./book SessionBook, on the analysis thread or, with worker
 * threads, on the capture thread (docs/api-discovery.md#api-sessions).
 */
import { createHash } from 'node:crypto';
import type { HttpTransaction } from '../../http/types';
import { flowRef } from '../../records/format';
import { headerValue } from '../../http/headers';
import { lowerName, memoized } from '../../memo';
import type { TxFacts } from '../discovery/extract';
import type { DiscoverySettings } from '../discovery/settings';
import { parseJwtHeader } from '../vulnerabilities/jwt';
import { MAX_CONTEXT_PARAMS, SessionIds, type SessionObservation } from './book';

export { MAX_CONTEXT_PARAMS } from './book';

/**
 * A body parameter's context name: the last key of a JSON path (`$.user.tenant` -> `tenant`),
 * lower-cased; other names lower-cased. Names recur in every request (discovery hands the same
 * path string for every body of a shape), so each is worked out once (bounded).
 */
const bodyContextName = memoized((name: string) =>
  lowerName(name.startsWith('$.') ? name.slice(name.lastIndexOf('.') + 1) : name),
);

/** `cookie:<name>` as the session key's name, one string per cookie name (SessionIds looks it up by identity of content). */
const cookieKeyName = memoized((name: string) => `cookie:${name}`, 1024);

/**
 * The context of a request carrying no context parameter (most): one shared list, never written
 * (frozen), instead of an empty one per request (docs/performance.md "Allocation and GC per
 * transaction (branch i22-gc)"). SessionBook only reads an observation's context.
 */
const NO_CONTEXT = Object.freeze([]) as unknown as Array<[string, string]>;

/** The kinds of grouping key (settings.sessions.keys), told apart once. */
const enum KeyKind {
  Cookie,
  Header,
  AuthSubject,
  IpUserAgent,
  Unknown,
}

/** Counted where requests are keyed (the analysis thread); the rest are SessionBook's. */
export interface SessionKeyCounters {
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

/**
 * Keys each request (./book SessionObservation) and hands it to `out`: the node's own SessionBook
 * (one thread), or the capture thread's (worker threads: node/workers/pool.ts), so that a session
 * whose connections were analysed by several threads is one record.
 */
export class SessionTracker {
  readonly counters: SessionKeyCounters = { ungrouped: 0 };
  private readonly subjects = new Map<string, string | null>();
  private readonly ids = new SessionIds();
  /** settings.contextParams (lower case) as a set: looked up for every parameter of every request. */
  private readonly contextParams: ReadonlySet<string>;

  /** The grouping keys in order, each with its kind and its cookie or header name lower-cased once. */
  private readonly keys: ReadonlyArray<{ key: string; kind: KeyKind; name: string }>;

  constructor(
    settings: DiscoverySettings['sessions'],
    private readonly out: (o: SessionObservation) => void,
  ) {
    this.contextParams = new Set(settings.contextParams);
    this.keys = settings.keys.map((key) => ({
      key,
      kind: key.startsWith('cookie:')
        ? KeyKind.Cookie
        : key.startsWith('header:')
          ? KeyKind.Header
          : key === 'auth_subject'
            ? KeyKind.AuthSubject
            : key === 'ip_user_agent'
              ? KeyKind.IpUserAgent
              : KeyKind.Unknown,
      name: key.startsWith('cookie:') || key.startsWith('header:') ? key.slice(7).toLowerCase() : '',
    }));
  }

  /** `template`/`api`: the inventory's answer for this request (api: an inventory endpoint). */
  observe(tx: HttpTransaction, clientIp: string, host: string, facts: TxFacts, template: string, api: boolean): void {
    if (!this.groupingKey(tx, clientIp, facts.cookies)) {
      this.counters.ungrouped++;
      return;
    }
    let context = NO_CONTEXT;
    for (const p of facts.params) {
      if (context.length >= MAX_CONTEXT_PARAMS) break;
      if (p.value === '' || p.value.length > 256) continue;
      const name = p.loc === 'body' ? bodyContextName(p.name) : lowerName(p.name);
      if (this.contextParams.has(name) && !hasName(context, name)) {
        if (context === NO_CONTEXT) context = [];
        context.push([name, p.value]);
      }
    }
    this.out({
      id: this.ids.id(host, this.keyName, this.keyValue, this.keyExtra),
      key: this.keyName,
      host,
      clientIp,
      flow: flowRef(tx.conn),
      ts: tx.request.startTs,
      method: tx.request.method,
      path: facts.path,
      template,
      api,
      status: tx.response?.status ?? null,
      context,
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

  /**
   * The request's grouping key, set by groupingKey: its name and value (for ip_user_agent, the IP as
   * value and the User-Agent as extra). Fields rather than an object per request (docs/performance.md
   * "Allocation and GC per transaction (branch i22-gc)").
   */
  private keyName = '';
  private keyValue = '';
  private keyExtra: string | null = null;

  /** Whether a grouping key is present: the first one is put in keyName, keyValue and keyExtra. */
  private groupingKey(tx: HttpTransaction, clientIp: string, cookies: Array<[string, string]>): boolean {
    const headers = tx.request.headers;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const { key: k, kind, name } = keys[i];
      if (kind === KeyKind.Cookie) {
        for (let c = 0; c < cookies.length; c++) {
          const n = cookies[c][0];
          const v = cookies[c][1];
          if (v !== '' && lowerName(n) === name) return this.keyIs(cookieKeyName(n), v, null);
        }
      } else if (kind === KeyKind.Header) {
        const v = headerValue(headers, name);
        if (v !== null && v !== '') return this.keyIs(k, v, null);
      } else if (kind === KeyKind.AuthSubject) {
        const authz = headerValue(headers, 'authorization');
        const sub = authz === null ? null : this.subjectOf(authz);
        if (sub !== null) return this.keyIs(k, sub, null);
      } else if (kind === KeyKind.IpUserAgent) {
        // The session id's slot is `${clientIp}\u0000${User-Agent}` for this key (SessionIds adds the separator).
        return this.keyIs(k, clientIp, headerValue(headers, 'user-agent') ?? '');
      }
    }
    return false;
  }

  private keyIs(name: string, value: string, extra: string | null): true {
    this.keyName = name;
    this.keyValue = value;
    this.keyExtra = extra;
    return true;
  }
}

/**
 * `pairs.some(([n]) => n === name)` without a closure and a destructuring per parameter
 * (docs/performance.md "Allocation per transaction (branch i22-alloc)").
 */
export function hasName(pairs: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  for (let i = 0; i < pairs.length; i++) if (pairs[i][0] === name) return true;
  return false;
}
