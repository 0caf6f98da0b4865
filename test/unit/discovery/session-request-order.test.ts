/**
 * insertInOrder (node/analysis/sessions/book.ts), a session's request put in its place, against the
 * splice it replaces (docs/performance.md "HTTP, discovery, vulnerabilities, output per transaction
 * (branch i22-stages)"): for any requests in any order, the list is the stable sort of them all by
 * compareRequests (equal requests in arrival order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareRequests, insertInOrder, reportedRequests, type ListedRequest } from '../../../node/analysis/sessions/book';
import { compareSessionRequests } from '../../../node/analysis/sessions/merge';
import { formatTs } from '../../../node/records/format';

const request = fc.record({
  method: fc.constantFrom('GET', 'POST'),
  path: fc.constantFrom('/a', '/b'),
  status: fc.constantFrom(200, 404, null),
  ts: fc.integer({ min: 0, max: 6 }),
  // Tells equal requests apart (compareRequests does not read it).
  arrival: fc.nat(),
});

test('insertInOrder keeps the requests in stable compareRequests order, whatever order they come in', () => {
  fc.assert(
    fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
      const list: ListedRequest[] = [];
      requests.forEach((r, i) => insertInOrder(list, { ...r, arrival: i } as ListedRequest));
      const expected = requests.map((r, i) => ({ ...r, arrival: i })).sort(compareRequests);
      assert.deepEqual(list, expected);
    }),
    { numRuns: 3000 },
  );
});

test('insertInOrder: examples (at the end, in between, after an equal one)', () => {
  const r = (ts: number, path = '/a'): ListedRequest => ({ method: 'GET', path, status: 200, ts });
  const list = [r(1), r(3)];
  insertInOrder(list, r(4));
  insertInOrder(list, r(2));
  assert.deepEqual(
    list.map((x) => x.ts),
    [1, 2, 3, 4],
  );
  const same = r(2);
  insertInOrder(list, same);
  assert.equal(list[2], same);
  insertInOrder(list, r(2, '/0'));
  assert.deepEqual(
    list.map((x) => `${x.ts}${x.path}`),
    ['1/a', '2/0', '2/a', '2/a', '3/a', '4/a'],
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
        const listed: ListedRequest[] = [];
        for (const r of requests) insertInOrder(listed, r);
        const asked: string[] = [];
        const templates = {
          resolve: (host: string, path: string): string => {
            asked.push(path);
            return `${host}${templateOf[path]}`;
          },
        };
        const expected = listed
          .map((r) => ({ method: r.method, template: `h${templateOf[r.path]}`, status: r.status, ts: formatTs(r.ts) }))
          .sort(compareSessionRequests);
        assert.deepEqual(reportedRequests(listed, 'h', templates), expected);
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
    reportedRequests([r(1, '/a'), r(1, '/b'), r(2, '/a'), r(2, '/a')], 'h', templates).map(
      (x) => `${x.ts.slice(-3, -1)}${x.template}`,
    ),
    ['01/b', '01/z', '02/z', '02/z'],
  );
  assert.deepEqual(reportedRequests([], 'h', templates), []);
});
