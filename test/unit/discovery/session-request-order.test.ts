/**
 * insertInOrder (node/analysis/sessions/book.ts), a session's request put in its place in the
 * session's plain list of requests (LISTED slots each, docs/performance.md "The HTTP stage and
 * sessions per transaction (branch i22-http2)"), against the object per request and the sort it
 * replaces (docs/performance.md "HTTP, discovery, vulnerabilities, output per transaction (branch
 * i22-stages)"): for any requests in any order, the list is the sort of them all by
 * compareRequests below; through a SessionBook, its `max_requests` earliest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  LISTED,
  SessionBook,
  insertInOrder,
  reportedRequests,
  type ListedRequests,
  type SessionObservation,
} from '../../../node/analysis/sessions/book';
import { compareSessionRequests } from '../../../node/analysis/sessions/merge';
import { formatTs } from '../../../node/records/format';

/** A listed request as the object each one was before. */
interface ListedRequest {
  method: string;
  path: string;
  status: number | null;
  ts: number;
}

/** The order of listed requests, on objects (the reference). */
function compareRequests(a: ListedRequest, b: ListedRequest): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  if (a.method !== b.method) return a.method < b.method ? -1 : 1;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return (a.status ?? -1) - (b.status ?? -1);
}

/** The plain list's requests as objects. */
function objects(list: ListedRequests): ListedRequest[] {
  const out: ListedRequest[] = [];
  for (let i = 0; i < list.length; i += LISTED)
    out.push({
      ts: list[i] as number,
      method: list[i + 1] as string,
      path: list[i + 2] as string,
      status: list[i + 3] as number | null,
    });
  return out;
}

function listed(requests: ListedRequest[]): ListedRequests {
  const list: ListedRequests = [];
  for (const r of requests) insertInOrder(list, r.ts, r.method, r.path, r.status);
  return list;
}

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  path: fc.constantFrom('/a', '/b', '/a/b'),
  status: fc.constantFrom(200, 404, 0, null),
  ts: fc.integer({ min: 0, max: 6 }),
});

test('insertInOrder keeps the requests in compareRequests order, whatever order they come in', () => {
  fc.assert(
    fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
      assert.deepEqual(objects(listed(requests)), requests.map((r) => ({ ...r })).sort(compareRequests));
    }),
    { numRuns: 3000 },
  );
});

test("a session's listed requests are its max_requests earliest, whatever order they come in", () => {
  fc.assert(
    fc.property(fc.array(request, { maxLength: 30 }), fc.integer({ min: 0, max: 8 }), (requests, maxRequests) => {
      const records: Array<{ requests: Array<{ method: string; template: string; status: number | null; ts: string }> }> = [];
      const book = new SessionBook(
        { idleTimeoutUs: 1e12, maxSessions: 10, maxRequests, contextParams: [], keys: [] },
        { expireOnObserve: false, maxHosts: 10, maxTemplatesPerHost: 10 },
        (r) => records.push(r),
      );
      for (const r of requests) book.add(observation(r));
      book.finish();
      const kept = [...requests].sort(compareRequests).slice(0, maxRequests);
      assert.deepEqual(
        records.flatMap((x) => x.requests),
        kept.map((r) => ({ method: r.method, template: r.path, status: r.status, ts: formatTs(r.ts) })),
      );
      assert.equal(book.counters.requestsNotListed, requests.length - kept.length);
    }),
    { numRuns: 2000 },
  );
});

function observation(r: ListedRequest): SessionObservation {
  return {
    id: 's',
    key: 'cookie:session',
    host: 'h',
    clientIp: '10.0.0.1',
    flow: { src: '10.0.0.1:1', dst: '10.0.0.2:80' },
    ts: r.ts,
    method: r.method,
    path: r.path,
    template: r.path,
    api: false,
    status: r.status,
    context: [],
  };
}

test('insertInOrder: examples (at the end, in between, after an equal one)', () => {
  const r = (ts: number, path = '/a'): ListedRequest => ({ method: 'GET', path, status: 200, ts });
  const list = listed([r(1), r(3), r(4), r(2), r(2)]);
  assert.deepEqual(list.length, 5 * LISTED);
  assert.deepEqual(
    objects(list).map((x) => x.ts),
    [1, 2, 2, 3, 4],
  );
  insertInOrder(list, 2, 'GET', '/0', 200);
  insertInOrder(list, 2, 'GET', '/a', null);
  assert.deepEqual(
    objects(list).map((x) => `${x.ts}${x.path}${x.status}`),
    ['1/a200', '2/0200', '2/anull', '2/a200', '2/a200', '3/a200', '4/a200'],
  );
});

/**
 * reportedRequests (node/analysis/sessions/book.ts) against the map and sort it replaces
 * (docs/performance.md "Allocation and GC per transaction (branch i22-gc)"): the template of a path
 * listed again right after itself is the one just resolved, and the sort runs only when the list is
 * out of order. Any listed requests (as insertInOrder keeps them), with templates that reorder
 * requests of one instant (`/b` before `/a`) or merge paths: the same requests in the same order,
 * and `resolve` never asked twice in a row for one path.
 */
test('reportedRequests equals the listed requests resolved one by one and sorted by compareSessionRequests', () => {
  const templateOf: Record<string, string> = { '/a': '/z', '/b': '/b', '/c': '/b', '/d': '/d' };
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          method: fc.constantFrom('GET', 'POST'),
          path: fc.constantFrom('/a', '/b', '/c', '/d'),
          status: fc.constantFrom(200, 404, null),
          ts: fc.integer({ min: 0, max: 4 }),
        }),
        { maxLength: 30 },
      ),
      (requests) => {
        const list = listed(requests);
        const asked: string[] = [];
        const templates = {
          resolve: (host: string, path: string): string => {
            asked.push(path);
            return `${host}${templateOf[path]}`;
          },
        };
        const expected = objects(list)
          .map((r) => ({ method: r.method, template: `h${templateOf[r.path]}`, status: r.status, ts: formatTs(r.ts) }))
          .sort(compareSessionRequests);
        assert.deepEqual(reportedRequests(list, 'h', templates), expected);
        for (let i = 1; i < asked.length; i++) assert.notEqual(asked[i], asked[i - 1]);
      },
    ),
    { numRuns: 3000 },
  );
});

test('reportedRequests: examples (a path again takes its template; one instant put in template order)', () => {
  const templates = { resolve: (_host: string, path: string): string => (path === '/a' ? '/z' : path) };
  const r = (ts: number, path: string): ListedRequest => ({ method: 'GET', path, status: 200, ts });
  // Listed /a before /b at one instant; reported /b before /z.
  assert.deepEqual(
    reportedRequests(listed([r(1, '/a'), r(1, '/b'), r(2, '/a'), r(2, '/a')]), 'h', templates).map(
      (x) => `${x.ts.slice(-3, -1)}${x.template}`,
    ),
    ['01/b', '01/z', '02/z', '02/z'],
  );
  assert.deepEqual(reportedRequests([], 'h', templates), []);
});

/**
 * SessionBook's activity order, a list through the open sessions (docs/performance.md "The HTTP
 * stage and sessions per transaction (branch i22-http2)"), against the Map it replaces, whose
 * entry was deleted and set again on each request: for any requests of a few sessions, with
 * expiry on each observation or not, the same sessions are closed in the same order, for the same
 * reason, with the same requests.
 */
test('sessions are expired, evicted and reported in the order a Map moved on each request gives', () => {
  const step = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), dt: fc.integer({ min: -3, max: 12 }) });
  fc.assert(
    fc.property(
      fc.array(step, { maxLength: 60 }),
      fc.integer({ min: 1, max: 4 }),
      fc.boolean(),
      fc.array(fc.nat(70), { maxLength: 4 }),
      (steps, maxSessions, expireOnObserve, expireAt) => {
        const idleTimeoutUs = 10;
        const got: string[] = [];
        const book = new SessionBook(
          { idleTimeoutUs, maxSessions, maxRequests: 100, contextParams: [], keys: [] },
          { expireOnObserve, maxHosts: 10, maxTemplatesPerHost: 10 },
          (r) => got.push(`${r.session_id} ${r.closed} ${r.request_count}`),
        );
        // The reference: a Map in insertion order, a request's session deleted and set again.
        const want: string[] = [];
        const open = new Map<string, { lastTs: number; count: number }>();
        const close = (id: string, why: string): void => {
          want.push(`${id} ${why} ${open.get(id)!.count}`);
          open.delete(id);
        };
        const expire = (now: number): void => {
          for (const [id, s] of open) {
            if (s.lastTs >= now - idleTimeoutUs) break;
            close(id, 'idle');
          }
        };
        let ts = 100;
        steps.forEach(({ id, dt }, i) => {
          ts += dt;
          if (expireAt.includes(i)) {
            book.expire(ts);
            expire(ts);
          }
          book.add({ ...observation({ method: 'GET', path: '/a', status: 200, ts }), id });
          if (expireOnObserve) expire(ts);
          let s = open.get(id);
          if (s !== undefined && ts - s.lastTs > idleTimeoutUs) {
            close(id, 'idle');
            s = undefined;
          }
          if (s === undefined) {
            if (open.size >= maxSessions) close(open.keys().next().value!, 'evicted');
            s = { lastTs: ts, count: 0 };
          } else open.delete(id);
          open.set(id, s);
          s.count++;
          if (ts > s.lastTs) s.lastTs = ts;
        });
        book.finish();
        for (const id of [...open.keys()]) close(id, 'end');
        assert.deepEqual(got, want);
        assert.equal(book.size, 0);
      },
    ),
    { numRuns: 3000 },
  );
});
