/**
 * The status texts `record` names a response by, made once (node/analysis/discovery/inventory.ts
 * statusCode, statusWhere; docs/performance.md "Response JSON and the sessions' path split (branch
 * i22-json2)"): for every number, the strings made afresh before, `String(status)` and `r${status}`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { statusCode, statusWhere } from '../../../node/analysis/discovery/inventory';

test('statusCode and statusWhere are String(status) and `r${status}` for every status', () => {
  // Examples: the kept range's ends, and past them.
  assert.equal(statusCode(200), '200');
  assert.equal(statusWhere(404), 'r404');
  for (const s of [0, -0, 999, 1000, -1, 1.5, NaN, Infinity, 2 ** 31]) {
    assert.equal(statusCode(s), String(s));
    assert.equal(statusWhere(s), `r${s}`);
  }
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -10, max: 1100 }), fc.double()), (s) => {
      assert.equal(statusCode(s), String(s));
      assert.equal(statusWhere(s), `r${s}`);
    }),
    { numRuns: 5000 },
  );
});
