/**
 * Sessions across threads and nodes (issue 23): the capture thread's SessionBook gives the same
 * records whatever order the observations arrive in (within the reorder window), and partial
 * session records from several nodes merge with rules that are commutative, associative and
 * bounded (node/analysis/sessions/merge.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadConfigText } from '../../../node/config/load';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { newSessionBook } from '../../../node/analysis/api-analyzer';
import type { SessionObservation } from '../../../node/analysis/sessions/book';
import { ObservationReorder } from '../../../node/analysis/sessions/reorder';
import { TemplateIndex } from '../../../node/analysis/sessions/template-index';
import { mergePartialSessions, mergeSessionPair } from '../../../node/analysis/sessions/merge';
import { formatTs } from '../../../node/records/format';
import type { SessionRecord } from '../../../node/records/types';

const SEC = 1_000_000;
const T0 = 1_700_000_000 * SEC;

function settings(yaml = '') {
  const r = loadConfigText(`mode: tcp-capture\n${yaml}`, 't.yaml');
  assert.ok('config' in r);
  return discoverySettings(r.config);
}

function ob(id: string, ts: number, path: string, extra: Partial<SessionObservation> = {}): SessionObservation {
  return {
    id,
    key: 'cookie:sid',
    host: 'api.test',
    clientIp: '10.0.0.1',
    flow: { src: `10.0.0.1:${ts % 1000}`, dst: '10.0.0.2:80' },
    ts,
    method: 'GET',
    path,
    template: path,
    api: false,
    status: 200,
    context: [],
    ...extra,
  };
}

function records(obs: SessionObservation[], yaml = ''): SessionRecord[] {
  const out: SessionRecord[] = [];
  const book = newSessionBook(settings(yaml), true, (r) => out.push(r));
  for (const o of obs) book.add(o);
  book.finish();
  return out.sort((a, b) => (a.session_id + a.first_seen < b.session_id + b.first_seen ? -1 : 1));
}

test('template index: a request seen before its endpoint was known is named like the others', () => {
  const ix = new TemplateIndex(10, 10);
  ix.add('api.test', '/catalog/{id}/items');
  ix.add('api.test', '/api/users/me');
  ix.add('api.test', '/api/users/{id}');
  assert.equal(ix.resolve('api.test', '/catalog/46/items'), '/catalog/{id}/items');
  assert.equal(ix.resolve('api.test', '/api/users/me'), '/api/users/me', 'literal before parameter');
  assert.equal(ix.resolve('api.test', '/api/users/bob'), '/api/users/{id}');
  assert.equal(ix.resolve('api.test', '/unknown/7'), '/unknown/{id}', 'by shape when no template matches');
  assert.equal(ix.resolve('other.test', '/catalog/46/items'), '/catalog/{id}/items');
  const capped = new TemplateIndex(1, 1);
  capped.add('a', '/x');
  capped.add('a', '/y');
  capped.add('b', '/x');
  assert.equal(capped.refused, 2);
});

test('session book: out-of-order observations (within the reorder window) give the records of capture order', () => {
  const obs: SessionObservation[] = [];
  for (let i = 0; i < 60; i++) obs.push(ob(`s${i % 3}`, T0 + i * SEC, `/items/${i}`, { context: [['user_id', String(i)]] }));
  // 40 minutes of silence, then every session again (idle_timeout 30m: new records).
  for (let i = 0; i < 12; i++)
    obs.push(ob(`s${i % 3}`, T0 + 2400 * SEC + i * SEC, `/items/${i}`, { api: true, template: '/items/{id}' }));
  const want = records(obs, 'api_discovery:\n  sessions:\n    max_requests: 5\n');
  assert.equal(want.length, 6);
  assert.deepEqual(
    want.map((s) => s.request_count),
    [20, 4, 20, 4, 20, 4],
  );
  assert.ok(
    want.every(
      (s) => s.requests.length === Math.min(5, s.request_count) && s.requests.every((r) => r.template === '/items/{id}'),
    ),
  );
  fc.assert(
    fc.property(
      fc.array(fc.nat(), { minLength: obs.length, maxLength: obs.length }),
      fc.integer({ min: 1, max: 8 }),
      (keys, lanes) => {
        // Each "worker" delivers its share in its own order; the reorder releases up to the slowest clock.
        const reorder = new ObservationReorder();
        const shares = Array.from({ length: lanes }, () => [] as SessionObservation[]);
        obs.forEach((o, i) => shares[keys[i] % lanes].push(o));
        const fed: SessionObservation[] = [];
        const clocks = shares.map(() => -1);
        const heads = shares.map(() => 0);
        for (let step = 0; heads.some((h, l) => h < shares[l].length); step++) {
          const l = keys[step % keys.length] % lanes;
          if (heads[l] >= shares[l].length) {
            clocks[l] = Infinity;
            continue;
          }
          const batch = shares[l].slice(heads[l], heads[l] + 1 + (keys[step % keys.length] % 4));
          heads[l] += batch.length;
          for (const o of [...batch].reverse()) reorder.push(o);
          clocks[l] = heads[l] >= shares[l].length ? Infinity : batch[batch.length - 1].ts;
          reorder.release(Math.min(...clocks), (o) => fed.push(o));
        }
        reorder.release(Infinity, (o) => fed.push(o));
        assert.deepEqual(records(fed, 'api_discovery:\n  sessions:\n    max_requests: 5\n'), want);
      },
    ),
    { numRuns: 50 },
  );
});

/**
 * A partial session record of session `abc`: `n` requests one second apart from `start` (seconds
 * after T0), from client port `port`; `template(i)` names request i.
 */
function sessionPart(
  start: number,
  n: number,
  port: number,
  o: {
    template?: (i: number) => string;
    context?: Record<string, string>;
    closed?: SessionRecord['closed'];
    node?: boolean;
  } = {},
): SessionRecord {
  const reqs = Array.from({ length: n }, (_, i) => ({
    method: 'GET',
    template: o.template?.(i) ?? '/t',
    status: 200,
    ts: formatTs(T0 + (start + i) * SEC),
  }));
  return {
    type: 'session',
    ts: reqs[n - 1].ts,
    flow: { src: `10.0.0.1:${port}`, dst: '10.0.0.2:80' },
    client_ip: '10.0.0.1',
    host: 'api.test',
    session_id: 'abc',
    key: 'cookie:sid',
    first_seen: reqs[0].ts,
    last_seen: reqs[n - 1].ts,
    request_count: n,
    requests: reqs,
    context: o.context ?? {},
    closed: o.closed ?? 'idle',
    ...(o.node ? { node_uuid: `node-${port}` } : {}),
  };
}

/** Partial session records from several nodes (one a port), of random times, sizes, contexts and ends. */
const partial = fc
  .record({
    start: fc.integer({ min: 0, max: 100 }),
    n: fc.integer({ min: 1, max: 6 }),
    ctx: fc.constantFrom('a', 'b', 'c'),
    closed: fc.constantFrom('idle', 'evicted', 'end') as fc.Arbitrary<SessionRecord['closed']>,
    port: fc.integer({ min: 1, max: 9 }),
  })
  .map(({ start, n, ctx, closed, port }) =>
    sessionPart(start, n, port, { template: (i) => `/t/${i % 2}`, context: { user_id: ctx }, closed, node: true }),
  );

test('partial sessions merge commutatively, associatively and within max_requests', () => {
  const norm = (r: SessionRecord) => JSON.stringify(r);
  fc.assert(
    fc.property(partial, partial, partial, fc.integer({ min: 1, max: 10 }), (a, b, c, max) => {
      assert.equal(norm(mergeSessionPair(a, b, max)), norm(mergeSessionPair(b, a, max)));
      assert.equal(
        norm(mergeSessionPair(mergeSessionPair(a, b, max), c, max)),
        norm(mergeSessionPair(a, mergeSessionPair(b, c, max), max)),
      );
      const m = mergeSessionPair(mergeSessionPair(a, b, max), c, max);
      assert.ok(m.requests.length <= max);
      assert.equal(m.request_count, a.request_count + b.request_count + c.request_count);
      assert.equal(m.node_uuid, undefined);
    }),
    { numRuns: 300 },
  );
});

test('partial sessions: parts more than idle_timeout apart stay separate sessions; any order gives one answer', () => {
  const parts = [sessionPart(0, 3, 1), sessionPart(1, 4, 2), sessionPart(10_000, 2, 3), sessionPart(10_001, 1, 4)];
  const o = { maxRequests: 50, idleTimeoutUs: 1800 * SEC };
  const merged = mergePartialSessions(parts, o);
  assert.deepEqual(
    merged.map((s) => s.request_count),
    [7, 3],
  );
  assert.deepEqual(mergePartialSessions([...parts].reverse(), o), merged);
});
