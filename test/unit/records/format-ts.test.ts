import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatTs } from '../../../node/records/format';

/** RFC 3339 UTC with microseconds, from Date alone (no caching). */
function reference(tsMicros: number): string {
  const ms = Math.floor(tsMicros / 1000);
  const micros = Math.floor(tsMicros - ms * 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

test('timestamps format as RFC 3339 with microseconds, in any order and repeated (the per-second and last-instant caches are invisible)', () => {
  assert.equal(formatTs(1_764_207_024_123_456), '2025-11-27T01:30:24.123456Z');
  assert.equal(formatTs(0), '1970-01-01T00:00:00.000000Z');
  const ts = fc.oneof(
    fc.integer({ min: 0, max: 4_102_444_800_000_000 }),
    fc.double({ min: 0, max: 4_102_444_800_000_000, noNaN: true }),
  );
  fc.assert(
    fc.property(fc.array(ts, { minLength: 1, maxLength: 20 }), (list) => {
      for (const t of list) for (const again of [t, t]) assert.equal(formatTs(again), reference(again), String(again));
    }),
    { numRuns: 2000 },
  );
});
