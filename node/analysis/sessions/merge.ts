/**
 * Merging partial session records: several nodes (behind a flow-hashing mirror target) or export
 * periods each report the part of a session they saw, under the same stable `session_id`
 * (docs/api-discovery.md#sessions-across-nodes). The reference cloud merges them with these
 * rules, which are commutative and associative (tested), so parts merge to the same session in
 * any order and grouping:
 * - `request_count` adds up; `first_seen` is the minimum, `last_seen` and `ts` the maximum;
 * - `requests`: the `maxRequests` earliest of both lists, ordered by (ts, method, template, status);
 * - `context`: per name the lexically smallest value (a node cannot know which value came first
 *   elsewhere; any fixed choice keeps the merge order-free);
 * - `flow` and `client_ip` of the part seen first (ties: the smaller flow); `closed` of the part
 *   seen last (ties: idle before evicted before end); `node_uuid` dropped.
 * Parts of one session_id are one session when they are no more than `idleTimeoutUs` apart: the
 * same key after a longer silence is a new session, as on one node.
 */
import type { SessionRecord, SessionRequest } from '../../records/types';

export interface SessionMergeOptions {
  /** api_discovery.sessions.max_requests: the bound on listed requests. */
  maxRequests: number;
  /** api_discovery.sessions.idle_timeout, in µs. */
  idleTimeoutUs: number;
}

const CLOSED_RANK: Record<SessionRecord['closed'], number> = { idle: 0, evicted: 1, end: 2 };

/**
 * The order of a session's listed requests, on one node (./book, after templating) and in a merge:
 * (ts, method, template, status), so requests of one instant are listed in the same order whichever
 * node saw them.
 */
export function compareSessionRequests(a: SessionRequest, b: SessionRequest): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.method !== b.method) return a.method < b.method ? -1 : 1;
  if (a.template !== b.template) return a.template < b.template ? -1 : 1;
  return (a.status ?? -1) - (b.status ?? -1);
}

/** Two parts of one session (same session_id) as one record. */
export function mergeSessionPair(a: SessionRecord, b: SessionRecord, maxRequests: number): SessionRecord {
  const [early] =
    a.first_seen < b.first_seen || (a.first_seen === b.first_seen && JSON.stringify(a.flow) <= JSON.stringify(b.flow))
      ? [a, b]
      : [b, a];
  const last =
    a.last_seen > b.last_seen || (a.last_seen === b.last_seen && CLOSED_RANK[a.closed] >= CLOSED_RANK[b.closed]) ? a : b;
  // A Map: context parameter names come from the config and may be any name (`constructor`).
  const context = new Map(Object.entries(a.context));
  for (const [k, v] of Object.entries(b.context)) {
    const had = context.get(k);
    if (had === undefined || v < had) context.set(k, v);
  }
  const out: SessionRecord = {
    ...early,
    ts: last.last_seen,
    first_seen: early.first_seen,
    last_seen: last.last_seen,
    request_count: a.request_count + b.request_count,
    requests: [...a.requests, ...b.requests].sort(compareSessionRequests).slice(0, maxRequests),
    context: Object.fromEntries([...context].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
    closed: last.closed,
  };
  delete out.node_uuid;
  return out;
}

/** Capture time in µs of a record timestamp (RFC 3339 with microseconds, UTC). */
function tsUs(ts: string): number {
  const m = /\.(\d{1,6})Z$/.exec(ts);
  const whole = Date.parse(ts.replace(/\.\d+Z$/, 'Z'));
  return whole * 1000 + (m ? Number(m[1].padEnd(6, '0')) : 0);
}

/**
 * Every session in `parts` merged: parts of one session_id no more than idle_timeout apart become
 * one record. Sorted by session_id, then first_seen.
 */
export function mergePartialSessions(parts: SessionRecord[], o: SessionMergeOptions): SessionRecord[] {
  const sorted = [...parts].sort((x, y) =>
    x.session_id !== y.session_id
      ? x.session_id < y.session_id
        ? -1
        : 1
      : x.first_seen < y.first_seen
        ? -1
        : x.first_seen > y.first_seen
          ? 1
          : 0,
  );
  const out: SessionRecord[] = [];
  for (const p of sorted) {
    const cur = out[out.length - 1];
    if (cur !== undefined && cur.session_id === p.session_id && tsUs(p.first_seen) - tsUs(cur.last_seen) <= o.idleTimeoutUs) {
      out[out.length - 1] = mergeSessionPair(cur, p, o.maxRequests);
    } else {
      const copy = { ...p };
      delete copy.node_uuid;
      out.push(copy);
    }
  }
  return out;
}
