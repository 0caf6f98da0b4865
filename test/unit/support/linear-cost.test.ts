/**
 * The cost assertion the bound tests rely on (test/support/linear-cost.ts) tells a quadratic
 * pattern from a linear one, so a test built on it can fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RATIO, linearCost, superLinear } from '../../support/linear-cost';

const spaces = (n: number): string => ' '.repeat(n) + 'x';

test('trailing-space search /\\s+$/ (quadratic in V8: every start position scans to the end) is super-linear', () => {
  const trailing = /\s+$/;
  const cost = linearCost(16_000, spaces, (s) => trailing.exec(s));
  assert.ok(cost.ratio > MAX_RATIO, JSON.stringify(cost));
  assert.match(superLinear(cost) ?? '', /^cost x\d+\.\d for x16 input/);
});

test('a linear scan passes, whether it is too cheap to measure or measured', () => {
  const literal = /x$/;
  const cheap = linearCost(20_000, spaces, (s) => literal.exec(s));
  assert.ok(Number.isNaN(cheap.ratio), 'below the floor nothing more is measured');
  assert.equal(superLinear(cheap), null);
  // Enough linear work to pass the floor: 32 rounds of hashing (about 100 CPU ms) over 2M characters.
  const hashed = linearCost(2_000_000, spaces, (s) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) for (let r = 0; r < 32; r++) h = (h * 31 + s.charCodeAt(i) + r) | 0;
    assert.notEqual(h, 0.5);
  });
  assert.ok(!Number.isNaN(hashed.ratio), `measured: ${JSON.stringify(hashed)}`);
  assert.equal(superLinear(hashed), null, JSON.stringify(hashed));
});
