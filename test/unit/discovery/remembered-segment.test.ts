/**
 * Path segments parsed once per text (node/analysis/discovery/templates.ts rememberedSegment,
 * docs/performance.md "One prose search, cookies per connection (branch i22-shared)"): over any
 * sequence of segments, first in the path or not, the remembered parse is parseSegment's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSegment, rememberedSegment } from '../../../node/analysis/discovery/templates';

/** Names, ids, dates, pairs (`:`, `,`, `-`), custom methods, matrix parameters, escapes, versions, long values. */
const SEGMENTS = [
  ...'api v1 v2 users Users orders items search 2015-03-31 100-200 12.5,44.1 x86_64:3 {id}:cancel 42:cancel'.split(' '),
  ...';id=5 a;b=1 caf%C3%A9 %2F page-12 sku-ABC-1 550e8400-e29b-41d4-a716-446655440000 daily,north 4,5,6'.split(' '),
  'x'.repeat(65),
  `id-${'7'.repeat(70)}`,
];
const segment = fc.oneof(
  fc.constantFrom(...SEGMENTS),
  fc.stringMatching(/^[A-Za-z0-9._~:,;=%-]{1,12}$/),
  fc.string({ maxLength: 80 }),
);

test('a remembered segment is parseSegment of its text, first or not', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(segment, fc.boolean()), { minLength: 1, maxLength: 40 }), (segs) => {
      for (const [raw, first] of segs)
        assert.deepEqual(rememberedSegment(raw, first), parseSegment(raw, first), JSON.stringify([raw, first]));
    }),
    { numRuns: 3000 },
  );
});

test('examples: the same text first in a path and after it; more texts than the memory holds', () => {
  // `100-200` is two values after the first segment, one value as the first (docs/api-discovery.md).
  assert.deepEqual(rememberedSegment('100-200', false), parseSegment('100-200', false));
  assert.deepEqual(rememberedSegment('100-200', true), parseSegment('100-200', true));
  assert.notDeepEqual(parseSegment('100-200', true), parseSegment('100-200', false));
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < 5000; i++) {
      const raw = i % 3 === 0 ? `item${i}` : String(i);
      assert.deepEqual(rememberedSegment(raw, i % 2 === 0), parseSegment(raw, i % 2 === 0), raw);
    }
});
