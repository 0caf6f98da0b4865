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

test('instants of a few seconds revisited in any order (a session closing, records of other connections between) format as Date does, seconds sharing a slot included', () => {
  // Seconds 64 apart share the per-second table's slot; 2^32 + k apart share it after ToInt32 too.
  const base = 1_700_000_000;
  const second = fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((k) => base + k),
    fc.integer({ min: 1, max: 4 }).map((k) => base + 64 * k),
    fc.constantFrom(base + 2 ** 32, base + 2 ** 32 + 64, 0, 63, 64),
  );
  const instant = fc.tuple(second, fc.integer({ min: 0, max: 999_999 })).map(([s, us]) => s * 1_000_000 + us);
  assert.equal(formatTs(1_700_000_000_000_001), '2023-11-14T22:13:20.000001Z');
  assert.equal(formatTs(1_700_000_064_000_001), '2023-11-14T22:14:24.000001Z');
  assert.equal(formatTs(1_700_000_000_500_000), '2023-11-14T22:13:20.500000Z');
  fc.assert(
    fc.property(fc.array(instant, { minLength: 1, maxLength: 40 }), (list) => {
      for (const t of list) assert.equal(formatTs(t), reference(t), String(t));
    }),
    { numRuns: 2000 },
  );
});
