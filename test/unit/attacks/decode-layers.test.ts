import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { decodeOnce, decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { referenceVariants } from './decode-reference';

/**
 * decodeLayers (decode/variants.ts) works out the value's URL layer once: the start of its first
 * decoding layer and a form of its own (docs/performance.md "The attack stage per transaction
 * (branch i22-attacks4)"). Pinned here to the layers as first written, where decodeOnce made the
 * first layer and urlLayer(loop[0]) was worked out again after the loop. The texts are drawn where
 * the URL layer and the first layer differ: percent-encoding over character references and JS
 * escapes (`%26%23106%3B`), raw UTF-8 bytes as latin1 characters, `+` with and without a space,
 * NULs (raw and `%00`), base64 text, fullwidth characters.
 */
const UNTIMED = { ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Number.POSITIVE_INFINITY };

/** The layers as decodeLayers wrote them before the URL layer was shared (no budget: every form). */
function layersSimply(raw: string, maxDecodeDepth: number): string[] {
  const unbounded = { ...UNTIMED, maxDecodedBytes: Number.POSITIVE_INFINITY, maxDecodeDepth };
  return referenceVariants(raw, new Budget(unbounded), decodeOnce);
}

const PIECES = [
  '%26%23106%3B', // &#106; percent-encoded: the URL layer stops at the reference, the first layer goes on
  '%26lt%3B',
  '&#x3c;',
  '&lt;',
  '%5Cu003c', // \u003c percent-encoded
  '\\x3c',
  '%25%32%37', // double percent
  '%27',
  '%3C',
  '%00',
  '\0',
  '+',
  ' ',
  '\u00c3\u00a9', // é as raw UTF-8 bytes read one per character
  '\u00e2\u0080', // a cut UTF-8 sequence
  'PHNjcmlwdD4=', // base64 of <script>
  'a',
  '1',
  '=',
  '/',
  '\uff1c', // fullwidth <
  '%EF%BC%9C',
  'union',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

test('the layers and their forms are those of decodeOnce and urlLayer worked out apart', () => {
  fc.assert(
    fc.property(textArb, fc.integer({ min: 0, max: 6 }), (raw, maxDecodeDepth) => {
      const forms = decodeVariants(raw, new Budget({ ...UNTIMED, maxDecodeDepth }));
      assert.deepEqual([...forms], layersSimply(raw, maxDecodeDepth), JSON.stringify(raw));
    }),
    { numRuns: 20000 },
  );
});

test('examples: the URL layer as a form of its own, beside the layer that went on through references', () => {
  const forms = (raw: string): string[] => [...decodeVariants(raw, new Budget(UNTIMED))];
  // The cookie or path value as sent, its first layer (percent then the reference), its URL layer.
  assert.deepEqual(forms('x%26%23106%3B'), ['x%26%23106%3B', 'xj', 'x&#106;']);
  // Raw UTF-8 bytes and a percent escape: one layer, which is the URL layer itself.
  assert.deepEqual(forms('caf\u00c3\u00a9%20'), ['caf\u00c3\u00a9%20', 'café ']);
  // A NUL in the value as sent: the forms start without it; the URL layer of that.
  assert.deepEqual(forms('%26lt%3B\0id'), ['%26lt%3Bid', '<id', '&lt;id', '%26lt%3B', '%26lt%3B id']);
});
