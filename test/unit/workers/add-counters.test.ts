/**
 * How the pool sums its workers' counters (addCounters, node/workers/pool.ts): numbers add, nested
 * objects recurse, a key only one side has is kept; keys that are names from traffic (a TLS SNI or
 * ALPN like `__proto__` or `constructor`) are kept as their own keys (docs/design.md, "Names from
 * traffic").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addCounters } from '../../../node/workers/pool';

/** A counter object keyed by names from traffic, each an own key (as JSON.parse makes them). */
const byName = (entries: Array<[string, unknown]>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, unknown>;

test('numbers add, nested objects recurse, a key on one side is kept, null takes the other side', () => {
  assert.deepEqual(addCounters({ a: 1, n: { x: 2 }, only: 5, api: null }, { a: 2, n: { x: 3, y: 1 }, api: { t: 4 } }), {
    a: 3,
    n: { x: 5, y: 1 },
    only: 5,
    api: { t: 4 },
  });
});

test('keys named like Object.prototype members are summed as own keys, the prototype untouched', () => {
  const hosts = (n: number) =>
    byName([
      ['__proto__', { connections: n }],
      ['constructor', { connections: n }],
      ['toString', { connections: n }],
      ['shop.example', { connections: n }],
    ]);
  const a = {
    tls: {
      hosts: hosts(1),
      alpn: byName([
        ['__proto__', 2],
        ['h2', 1],
      ]),
    },
  };
  const b = { tls: { hosts: hosts(2), alpn: byName([['constructor', 3]]) } };
  const sum = addCounters(a, b) as typeof a;
  assert.deepEqual(Object.keys(sum.tls.hosts).sort(), ['__proto__', 'constructor', 'shop.example', 'toString']);
  for (const name of Object.keys(sum.tls.hosts))
    assert.deepEqual(Object.getOwnPropertyDescriptor(sum.tls.hosts, name)?.value, { connections: 3 }, name);
  assert.equal(Object.getPrototypeOf(sum.tls.hosts), Object.prototype);
  assert.equal(JSON.stringify(sum.tls.alpn), '{"__proto__":2,"h2":1,"constructor":3}');
  assert.equal(JSON.stringify(addCounters(b.tls.alpn, a.tls.alpn)), '{"constructor":3,"__proto__":2,"h2":1}');
});
