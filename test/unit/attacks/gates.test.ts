import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { GateMask } from '../../../node/analysis/attacks/detectors/gates';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';

const UNTIMED = { ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Number.POSITIVE_INFINITY };

const gates = new GateMask(DETECTORS);

test('one scan gives every gate: bit i is set exactly when detector i\'s gate matches the text', () => {
  // Characters every gate cares about, plus ordinary ones and non-ASCII (fullwidth, CJK, the
  // U+560A/U+560D that some decoders turn into LF/CR, lone surrogates).
  const chars = fc.constantFrom(...'aZ09_ .,-/\\:;|&$`\n\r\t(){}[]<>!%#=\'"*+?@~^\u00e9\uff1c\u560a\u560d\ud800\u3042\u0000'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (text) => {
      const mask = gates.of(text);
      DETECTORS.forEach((d, i) => {
        const expected = d.gate === null || d.gate.test(text);
        assert.equal((mask & (1 << i)) !== 0, expected, `${d.cls} gate on ${JSON.stringify(text)}`);
      });
    }),
    { numRuns: 3000 },
  );
});

test('every gate is a single character class (what GateMask relies on)', () => {
  for (const d of DETECTORS) {
    if (d.gate === null) continue;
    assert.match(d.gate.source, /^\[[^\]]*(?:\\\][^\]]*)*\]$|^[^[\]().*+?|{}^$]$|^\\\/$/, `${d.cls}: ${d.gate.source}`);
  }
});

test('the scan\'s hints only skip decoding that would find nothing: same variants with and without them', () => {
  const chars = fc.constantFrom(...'aZ09_+/=-. %&\\#;:<>\'"\t\n\u00a0\ufeff\u00e9\uff05\u0000xu2fAF'.split(''));
  const text = fc.oneof(
    fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
    fc.string({ maxLength: 40 }).map((s) => Buffer.from(s).toString('base64')),
    fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
  );
  fc.assert(
    fc.property(text, (raw) => {
      const plain = decodeVariants(raw, new Budget(UNTIMED));
      const hinted = decodeVariants(raw, new Budget(UNTIMED), gates.of(raw));
      assert.deepEqual(hinted, plain, JSON.stringify(raw));
    }),
    { numRuns: 5000 },
  );
});
