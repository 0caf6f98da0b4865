import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LiteralSet } from '../../../node/analysis/vulnerabilities/literals';
import { EXPOSURE_LITERALS } from '../../../node/analysis/vulnerabilities/exposure';
import { SECRET_LITERALS } from '../../../node/analysis/vulnerabilities/secrets';
import { ADMIN_LITERALS } from '../../../node/analysis/vulnerabilities/admin';

// The definition LiteralSet.find stands for: every literal the text includes (null for none).
function byDefinition(literals: readonly string[], text: string): string[] | null {
  const found = [...new Set(literals)].filter((l) => text.includes(l));
  return found.length === 0 ? null : found.sort();
}

function sorted(found: Set<string> | null): string[] | null {
  return found === null ? null : [...found].sort();
}

const BODY = [...EXPOSURE_LITERALS, ...SECRET_LITERALS, ...ADMIN_LITERALS];

/** Texts made of the literals, their pieces, their neighbours' characters and non-ASCII text. */
function texts(literals: readonly string[], maxLength: number): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...literals),
    fc.constantFrom(...literals).map((l) => l.slice(0, Math.max(1, l.length - 1))),
    fc.constantFrom(...literals).map((l) => l.slice(1)),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(' ', ':', '.', '"', '{', 'S', 'é', '\u{1F600}', 'Sé', '.\u00e9'),
  );
  return fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('').slice(0, maxLength));
}

test('LiteralSet.find (pairs of characters marked per short text, first-character search per long one) finds exactly the literals a text includes', () => {
  const set = new LiteralSet(BODY);
  fc.assert(
    fc.property(texts(BODY, 4096), (text) => assert.deepEqual(sorted(set.find(text)), byDefinition(BODY, text))),
    { numRuns: 3000 },
  );
  // Long texts take the other path: the same pieces padded past the marking threshold.
  fc.assert(
    fc.property(texts(BODY, 4096), (text) => {
      const long = 'x'.repeat(4097) + text;
      assert.deepEqual(sorted(set.find(long)), byDefinition(BODY, long));
    }),
    { numRuns: 300 },
  );
});

test('LiteralSet: one-character literals and literals with a non-ASCII second character are found by their first character', () => {
  const literals = ['a', 'bé', 'b\u{1F600}x', 'cd', 'c'];
  const set = new LiteralSet(literals);
  fc.assert(
    fc.property(texts(literals, 200), (text) => assert.deepEqual(sorted(set.find(text)), byDefinition(literals, text))),
    { numRuns: 2000 },
  );
  assert.deepEqual(sorted(set.find('xbéy')), ['bé']);
  assert.equal(set.find('zzz'), null);
});
