/**
 * The session book keeps its first and last open sessions at hand (SessionBook `ends`,
 * node/analysis/sessions/book.ts; docs/performance.md "Response JSON and the sessions' path split
 * (branch i22-json2)"): a session seen again while it is the last one is not moved, and expiry reads
 * the idlest one's time without an iterator. Whatever the observations (sessions seen again in a
 * row or not, idle ones, times going back, evictions at the cap, the end), the records and counters
 * are those of the book that reorders its Map and walks it every time (`ends: false`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SessionBook, type SessionObservation } from '../../../node/analysis/sessions/book';
import type { SessionRecord } from '../../../node/records/types';

function observation(id: number, ts: number, path: number): SessionObservation {
  return {
    id: `s${id}`,
    key: 'cookie:sid',
    host: 'a.test',
    clientIp: `10.0.0.${id}`,
    flow: { src: `10.0.0.${id}:4000`, dst: '10.0.1.1:80' },
    ts,
    method: 'GET',
    path: `/items/${path}`,
    template: '/items/{id}',
    api: path % 2 === 0,
    status: 200,
    context: [],
  };
}

function run(ends: boolean, maxSessions: number, idle: number, steps: Array<[number, number, number]>): unknown[] {
  const out: SessionRecord[] = [];
  const book = new SessionBook(
    { keys: ['sid'], contextParams: [], idleTimeoutUs: idle, maxSessions, maxRequests: 4 },
    { expireOnObserve: true, maxHosts: 4, maxTemplatesPerHost: 8, ends },
    (r) => out.push(r),
  );
  let ts = 1_000_000;
  const sizes: number[] = [];
  for (const [id, dt, path] of steps) {
    ts += dt;
    book.add(observation(id, ts, path));
    sizes.push(book.size);
  }
  book.finish();
  return [out, sizes, { ...book.counters }];
}

test('SessionBook with its ends at hand reports as the book that reorders and walks its Map every time', () => {
  // Example: one session seen three times in a row, another idle past the timeout, then one evicted at the cap.
  const steps: Array<[number, number, number]> = [
    [1, 0, 1],
    [1, 10, 2],
    [1, 10, 3],
    [2, 10, 1],
    [3, 5_000, 1],
    [3, 10, 2],
    [4, 10, 1],
    [5, 10, 1],
  ];
  const made = run(true, 2, 1_000, steps);
  assert.deepEqual(made, run(false, 2, 1_000, steps));
  assert.deepEqual((made[2] as { sessionsEvicted: number }).sessionsEvicted, 1);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 400 }),
      // Sessions (few, so often the same one in a row), time steps (some backwards: worker threads'
      // order), paths.
      fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -50, max: 300 }), fc.nat(5)), { maxLength: 60 }),
      (maxSessions, idle, steps) => {
        assert.deepEqual(run(true, maxSessions, idle, steps), run(false, maxSessions, idle, steps));
      },
    ),
    { numRuns: 3000 },
  );
});
