/**
 * insertInOrder (node/analysis/sessions/book.ts), a session's request put in its place, against the
 * splice it replaces (docs/performance.md "HTTP, discovery, vulnerabilities, output per transaction
 * (branch i22-stages)"): for any requests in any order, the list is the stable sort of them all by
 * compareRequests (equal requests in arrival order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareRequests, insertInOrder, type ListedRequest } from '../../../node/analysis/sessions/book';

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
