import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { tx } from './helpers';

// A shell variable named like an Object.prototype member is just an unknown variable: reading it
// once threw inside detection (the GraphQL fuzz target found `$__proto__`), which lost the request.
test('shell variables named __proto__, constructor, toString are unknown variables, not an internal error', () => {
  const detector = new AttackDetector();
  for (const value of ['echo $__proto__', 'a;$constructor x', '${toString} ; id', 'cat $hasOwnProperty/etc/passwd']) {
    detector.inspect(tx({ target: `/run?cmd=${encodeURIComponent(value)}` }).request);
    assert.equal(detector.counters.internalErrors, 0, value);
  }
});
