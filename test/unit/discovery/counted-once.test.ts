/**
 * CountedOnce (node/analysis/discovery/facts.ts), the facts counted in one transaction, against the
 * Set it replaces (docs/performance.md "HTTP, discovery, vulnerabilities, output per transaction
 * (branch i22-stages)"): for any transactions of any parameters, `first` answers as `!set.has(p)`
 * then `set.add(p)` on a Set cleared per transaction, past the list's 32 entries too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CountedOnce, type ParamFacts } from '../../../node/analysis/discovery/facts';

const POOL: ParamFacts[] = Array.from({ length: 80 }, () => ({ count: 0, types: ['string'] }));

test('CountedOnce.first is a Set cleared per transaction (lists past 32 facts included)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat({ max: POOL.length - 1 }), { maxLength: 90, size: 'max' }), { maxLength: 8 }), (txs) => {
      const counted = new CountedOnce();
      const reference = new Set<ParamFacts>();
      for (const tx of txs) {
        counted.clear();
        reference.clear();
        for (const i of tx) {
          const p = POOL[i];
          const expected = !reference.has(p);
          reference.add(p);
          assert.equal(counted.first(p), expected);
        }
      }
    }),
    { numRuns: 3000 },
  );
});

test('CountedOnce: a fact met twice in a transaction counts once, again in the next', () => {
  const [a, b] = POOL;
  const counted = new CountedOnce();
  assert.deepEqual([counted.first(a), counted.first(b), counted.first(a)], [true, true, false]);
  counted.clear();
  assert.deepEqual([counted.first(a), counted.first(a)], [true, false]);
  // 40 distinct facts, then the 35th again: found past the list.
  counted.clear();
  for (let i = 0; i < 40; i++) assert.equal(counted.first(POOL[i]), true);
  assert.equal(counted.first(POOL[34]), false);
  // The next transaction: 32 others fill the list, then the 35th is new again.
  counted.clear();
  for (let i = 40; i < 72; i++) assert.equal(counted.first(POOL[i]), true);
  assert.equal(counted.first(POOL[34]), true);
  assert.equal(counted.first(POOL[34]), false);
});
