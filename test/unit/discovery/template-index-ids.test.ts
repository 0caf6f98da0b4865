/**
 * The session template index's texts of host and template made once (TemplateIndex.idOf,
 * node/analysis/sessions/template-index.ts; docs/performance.md "Sessions, vulnerabilities,
 * discovery (branch i22-analyses)"): an index remembering them, in memories small enough to be
 * forgotten and refilled, learns, forgets and resolves exactly as one that makes each text afresh,
 * with one template under several hosts and hosts under their caps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TemplateIndex } from '../../../node/analysis/sessions/template-index';

const HOSTS = ['a.test', 'b.test', 'c.test'];
const TEMPLATES = ['/users/{id}', '/users/{id}/orders', '/orders', '/items/{item_id}.{format}', '/users/me'];
const PATHS = ['/users/7', '/users/7/orders', '/orders', '/items/3.json', '/users/me', '/other/9'];

const opArb = fc.oneof(
  fc.record({ op: fc.constant('add' as const), host: fc.nat(HOSTS.length - 1), template: fc.nat(TEMPLATES.length - 1) }),
  fc.record({ op: fc.constant('resolve' as const), host: fc.nat(HOSTS.length - 1), path: fc.nat(PATHS.length - 1) }),
  fc.record({
    op: fc.constant('retain' as const),
    keep: fc.array(fc.tuple(fc.nat(HOSTS.length - 1), fc.nat(TEMPLATES.length - 1)), { maxLength: 4 }),
  }),
);

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function run(index: TemplateIndex, ops: Op[]): string[] {
  const out: string[] = [];
  for (const o of ops) {
    if (o.op === 'add') index.add(HOSTS[o.host], TEMPLATES[o.template]);
    else if (o.op === 'resolve') out.push(index.resolve(HOSTS[o.host], PATHS[o.path]));
    else index.retainOnly(o.keep.map(([h, t]) => ({ host: HOSTS[h], template: TEMPLATES[t] })));
    out.push(`refused ${index.refused}`);
  }
  return out;
}

test('an index that makes each host and template text once learns and resolves as one that makes them afresh', () => {
  const learned = new TemplateIndex(2, 3);
  learned.add('a.test', '/users/{id}');
  learned.add('b.test', '/orders');
  assert.equal(learned.resolve('a.test', '/users/7'), '/users/{id}');
  // The same template under another host is that host's own: not learned for it yet.
  assert.equal(learned.resolve('b.test', '/users/7'), '/users/{id}');
  assert.equal(learned.resolve('b.test', '/users/me'), '/users/me');
  learned.add('b.test', '/users/{id}');
  assert.equal(learned.resolve('b.test', '/users/me'), '/users/{id}');
  fc.assert(
    fc.property(
      fc.array(opArb, { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 5 }),
      (ops, maxHosts, maxPerHost, texts) => {
        assert.deepEqual(
          run(new TemplateIndex(maxHosts, maxPerHost, texts), ops),
          run(new TemplateIndex(maxHosts, maxPerHost, 0), ops),
        );
      },
    ),
    { numRuns: 500 },
  );
});
