import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Inventory, mergeEndpoint } from '../../../cloud/merge';

const delta = fc.record(
  {
    host: fc.constantFrom('a', 'b'),
    method: fc.constantFrom('GET', 'POST'),
    template: fc.constantFrom('/x', '/y/{id}'),
    node_uuid: fc.constantFrom('n1', 'n2'),
    count: fc.nat(100),
    first_seen: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
    last_seen: fc.constantFrom('2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z'),
    params: fc.array(fc.record({ name: fc.constantFrom('q', 'id'), required: fc.boolean() }, { noNullPrototype: true }), {
      maxLength: 2,
    }),
    statuses: fc.uniqueArray(fc.constantFrom(200, 404, 500), { maxLength: 3 }),
  },
  { noNullPrototype: true },
);

test('API-discovery deltas merge to the same inventory in any order (and so any split across nodes and batches)', () => {
  const deltasAndPermutation = fc
    .array(delta, { maxLength: 12 })
    .chain((deltas) =>
      fc.tuple(fc.constant(deltas), fc.shuffledSubarray(deltas, { minLength: deltas.length, maxLength: deltas.length })),
    );
  fc.assert(
    fc.property(deltasAndPermutation, ([deltas, permuted]) => {
      const inOrder = new Inventory();
      for (const d of deltas) inOrder.add(d);
      const other = new Inventory();
      for (const d of permuted) other.add(d);
      assert.deepEqual(other.list(), inOrder.list());
    }),
    { numRuns: 200 },
  );
});

test('merge rules: counts add, first_seen min, last_seen max, sets union; which node saw it does not matter', () => {
  const inv = new Inventory();
  inv.add({
    host: 'h',
    method: 'get',
    template: '/u/{id}',
    node_uuid: 'n1',
    count: 2,
    first_seen: 'b',
    last_seen: 'b',
    statuses: [200],
  });
  inv.add({
    host: 'h',
    method: 'GET',
    template: '/u/{id}',
    node_uuid: 'n2',
    count: 3,
    first_seen: 'a',
    last_seen: 'c',
    statuses: [404, 200],
  });
  assert.deepEqual(inv.list(), [
    {
      host: 'h',
      method: 'GET',
      template: '/u/{id}',
      count: 5,
      first_seen: 'a',
      last_seen: 'c',
      statuses: [200, 404],
    },
  ]);
});

const paramFacts = fc.record(
  {
    count: fc.nat(50),
    types: fc.uniqueArray(fc.constantFrom('integer', 'string', 'null'), { minLength: 1, maxLength: 2 }).map((t) => t.sort()),
  },
  { noNullPrototype: true },
);
// Parameter and field names that collide with the names of record fields: the table decides by position, not name.
const names = fc.constantFrom('q', 'count', 'first_seen', 'last_seen', 'types', '$.ts');
const byName = fc.dictionary(names, paramFacts, { maxKeys: 3, noNullPrototype: true });
const record = fc.record(
  {
    type: fc.constant('api_endpoint'),
    host: fc.constant('h'),
    method: fc.constant('GET'),
    template: fc.constant('/x/{id}'),
    ts: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'),
    count: fc.nat(100),
    first_seen: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
    last_seen: fc.constantFrom('2026-01-03T00:00:00Z', '2026-01-05T00:00:00Z'),
    params: fc.record({ query: byName, path: byName }, { requiredKeys: [], noNullPrototype: true }),
    auth: fc.uniqueArray(fc.constantFrom('jwt', 'basic'), { maxLength: 2 }).map((a) => a.sort()),
    responses: fc.dictionary(
      fc.constantFrom('200', '404'),
      fc.record({ count: fc.nat(9), body: byName }, { requiredKeys: ['count'], noNullPrototype: true }),
      { maxKeys: 2, noNullPrototype: true },
    ),
  },
  { noNullPrototype: true },
);

test('the merge of api_endpoint records is commutative and associative (node inventory, worker pool, cloud)', () => {
  fc.assert(
    fc.property(record, record, record, (a, b, c) => {
      assert.deepEqual(mergeEndpoint(a, b), mergeEndpoint(b, a));
      assert.deepEqual(mergeEndpoint(mergeEndpoint(a, b), c), mergeEndpoint(a, mergeEndpoint(b, c)));
    }),
    { numRuns: 300 },
  );
});

test('merge rules come from the table beside the fields, not from names: a parameter called first_seen still sums its count', () => {
  const a = {
    host: 'h',
    method: 'GET',
    template: '/x',
    count: 1,
    first_seen: 'b',
    last_seen: 'b',
    params: { query: { first_seen: { count: 1, types: ['string'] }, count: { count: 2, types: ['integer'] } } },
  };
  const b = {
    host: 'h',
    method: 'GET',
    template: '/x',
    count: 3,
    first_seen: 'a',
    last_seen: 'c',
    params: { query: { first_seen: { count: 4, types: ['integer'] }, count: { count: 5, types: ['integer'] } } },
  };
  assert.deepEqual(mergeEndpoint(a, b), {
    count: 4,
    first_seen: 'a',
    host: 'h',
    last_seen: 'c',
    method: 'GET',
    template: '/x',
    params: { query: { count: { count: 7, types: ['integer'] }, first_seen: { count: 5, types: ['integer', 'string'] } } },
  });
  // A field no table names (a newer node's) merges by a commutative default: the larger value.
  assert.deepEqual(mergeEndpoint({ x_new: 2 }, { x_new: 5 }), { x_new: 5 });
});
