import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiDigits } from '../../../node/analysis/shared/digits';

test('asciiDigits: one or more ASCII digits in [from, end), read in place', () => {
  assert.equal(asciiDigits('12345', 0, 5), true);
  assert.equal(asciiDigits('/users/42/orders', 7, 9), true);
  // Look-alikes: empty, a letter, a sign, a full-width or Arabic-Indic digit, a digit beyond the range.
  assert.equal(asciiDigits('', 0, 0), false);
  assert.equal(asciiDigits('/users/42/orders', 6, 9), false);
  assert.equal(asciiDigits('12a', 0, 3), false);
  assert.equal(asciiDigits('-1', 0, 2), false);
  assert.equal(asciiDigits('１２', 0, 2), false);
  assert.equal(asciiDigits('٣', 0, 1), false);
  assert.equal(asciiDigits('12x', 0, 2), true);
  assert.equal(asciiDigits('12', 2, 2), false);
});
