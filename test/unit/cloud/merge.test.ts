import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Inventory } from '../../../cloud/merge';

const delta = fc.record({
  host: fc.constantFrom('a', 'b'),
  method: fc.constantFrom('GET', 'POST'),
  template: fc.constantFrom('/x', '/y/{id}'),
  node_uuid: fc.constantFrom('n1', 'n2'),
  count: fc.nat(100),
  first_seen: fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'),
  last_seen: fc.constantFrom('2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z'),
  params: fc.array(fc.record({ name: fc.constantFrom('q', 'id'), required: fc.boolean() }, { noNullPrototype: true }), { maxLength: 2 }),
  statuses: fc.uniqueArray(fc.constantFrom(200, 404, 500), { maxLength: 3 }),
}, { noNullPrototype: true });

test('API-discovery deltas merge to the same inventory in any order (and so any split across nodes and batches)', () => {
  const deltasAndPermutation = fc.array(delta, { maxLength: 12 }).chain((deltas) =>
    fc.tuple(fc.constant(deltas), fc.shuffledSubarray(deltas, { minLength: deltas.length, maxLength: deltas.length })));
  fc.assert(fc.property(deltasAndPermutation, ([deltas, permuted]) => {
    const inOrder = new Inventory();
    for (const d of deltas) inOrder.add(d);
    const other = new Inventory();
    for (const d of permuted) other.add(d);
    assert.deepEqual(other.list(), inOrder.list());
  }), { numRuns: 200 });
});

test('merge rules: counts add, first_seen min, last_seen max, sets union; which node saw it does not matter', () => {
  const inv = new Inventory();
  inv.add({ host: 'h', method: 'get', template: '/u/{id}', node_uuid: 'n1', count: 2, first_seen: 'b', last_seen: 'b', statuses: [200] });
  inv.add({ host: 'h', method: 'GET', template: '/u/{id}', node_uuid: 'n2', count: 3, first_seen: 'a', last_seen: 'c', statuses: [404, 200] });
  assert.deepEqual(inv.list(), [{
    host: 'h', method: 'GET', template: '/u/{id}', count: 5, first_seen: 'a', last_seen: 'c', statuses: [200, 404],
  }]);
});
