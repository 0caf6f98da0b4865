/**
 * notASecret (node/analysis/vulnerabilities/detector.ts), which lower-cases only values as short as
 * the longest placeholder word, against the test it replaces, `NOT_A_SECRET.has(value.toLowerCase())`
 * (docs/performance.md "Allocation and GC per transaction (branch i22-gc)"). Its premise, that
 * lower-casing never shortens a string, is checked over every code point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { notASecret } from '../../../node/analysis/vulnerabilities/detector';

const WORDS = ['true', 'false', 'null', 'undefined', '0', '1'];
const reference = (value: string): boolean => new Set(WORDS).has(value.toLowerCase());

test('lower-casing never shortens a string (every code point; Σ as a final letter too)', () => {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    assert.ok(s.toLowerCase().length >= s.length, `U+${cp.toString(16)}`);
  }
  assert.equal('ΑΣ'.toLowerCase().length, 2);
});

test('notASecret answers as NOT_A_SECRET.has(value.toLowerCase())', () => {
  const cased = fc
    .tuple(fc.constantFrom(...WORDS, 'undefinedx', 'nul', 'İ', 'TRUE ', 'fALSE'), fc.array(fc.boolean(), { maxLength: 12 }))
    .map(([w, ups]) => [...w].map((c, i) => (ups[i] ? c.toUpperCase() : c)).join(''));
  fc.assert(
    fc.property(fc.oneof(cased, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 })), (value) => {
      assert.equal(notASecret(value), reference(value), JSON.stringify(value));
    }),
    { numRuns: 5000 },
  );
});

test('notASecret: examples (placeholders in any case are not secrets; longer look-alikes may be)', () => {
  assert.equal(notASecret('UNDEFINED'), true);
  assert.equal(notASecret('False'), true);
  assert.equal(notASecret('undefined1'), false);
  assert.equal(notASecret('s3cr3t-token'), false);
});
