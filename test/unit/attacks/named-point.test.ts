import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerName } from '../../../node/memo';
import { namedPoint } from '../../../node/analysis/attacks/points/named-point';

test('named points are shared per (root, name), distinct otherwise, and stay bounded per root', () => {
  const a = namedPoint('header', 'User-Agent');
  assert.deepEqual(a, ['header', 'User-Agent']);
  assert.equal(namedPoint('header', 'User-Agent'), a);
  assert.notEqual(namedPoint('cookie', 'User-Agent'), a);
  assert.deepEqual(namedPoint('cookie', 'User-Agent'), ['cookie', 'User-Agent']);
  for (let i = 0; i < 5000; i++) namedPoint('header', `X-${i}`); // past the bound: the memory is dropped
  assert.notEqual(namedPoint('header', 'User-Agent'), a);
  assert.deepEqual(namedPoint('header', 'User-Agent'), a);
  assert.equal(lowerName('Content-Type'), 'content-type');
});
