import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoized } from '../../node/memo';

test('a memoised test answers as the test, runs once per short text, and stays bounded', () => {
  const calls: string[] = [];
  const hasX = memoized((t) => (calls.push(t), t.includes('x')), 3, 5);
  assert.equal(hasX('axb'), true);
  assert.equal(hasX('axb'), true);
  assert.equal(hasX('abc'), false);
  assert.deepEqual(calls, ['axb', 'abc']);
  hasX('longer text x'); // over maxLength: not remembered
  hasX('longer text x');
  assert.equal(calls.filter((c) => c === 'longer text x').length, 2);
  hasX('d');
  hasX('e'); // the fourth entry: the memory was dropped first
  hasX('axb');
  assert.equal(calls.filter((c) => c === 'axb').length, 2);
});
