import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { GateMask } from '../../../node/analysis/attacks/detectors/gates';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { decodeBase64Text } from '../../../node/analysis/attacks/decode/base64';
import { decodeOnce, decodeVariants, isPlain, onlyBase64Possible } from '../../../node/analysis/attacks/decode/variants';
import { referenceVariants } from './decode-reference';

const UNTIMED = { ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Number.POSITIVE_INFINITY };

const gates = new GateMask(DETECTORS);

test("one scan gives every gate: detector i's bit is set exactly when its gate matches the text", () => {
  // Characters every gate cares about, plus ordinary ones and non-ASCII (fullwidth, CJK, the
  // U+560A/U+560D that some decoders turn into LF/CR, lone surrogates).
  const chars = fc.constantFrom(
    ...'aZ09_ .,-/\\:;|&$`\n\r\t(){}[]<>!%#=\'"*+?@~^\u00e9\uff1c\u560a\u560d\ud800\u3042\u0000'.split(''),
  );
  fc.assert(
    fc.property(
      fc.oneof(
        fc.array(chars, { maxLength: 24 }).map((a) => a.join('')),
        fc.array(fc.constantFrom(...'aZ09_ '.split('')), { maxLength: 12 }).map((a) => a.join('')),
      ),
      (text) => {
        const mask = gates.of(text);
        DETECTORS.forEach((d, i) => {
          const expected = d.gate === null || d.gate.test(text);
          assert.equal((mask & gates.bit(i)) !== 0, expected, `${d.cls} gate on ${JSON.stringify(text)}`);
          const where = d.gateWhere?.gate;
          if (where !== undefined)
            assert.equal((mask & gates.bitOf(where)) !== 0, where.test(text), `${d.cls} gateWhere on ${JSON.stringify(text)}`);
        });
      },
    ),
    { numRuns: 3000 },
  );
});

test('detectors with the same gate share a bit, the ungated ones one bit; different gates have different bits', () => {
  DETECTORS.forEach((a, i) =>
    DETECTORS.forEach((b, j) => {
      const same =
        a.gate === null ? b.gate === null : b.gate !== null && a.gate.source === b.gate.source && a.gate.flags === b.gate.flags;
      assert.equal(gates.bit(i) === gates.bit(j), same, `${a.cls} ${String(a.gate)} / ${b.cls} ${String(b.gate)}`);
    }),
  );
  assert.equal(gates.gateBits & ~((1 << 27) - 1), 0, 'gate bits stay below the TEXT_HINTS');
});

test('every gate is a single character class (what GateMask relies on)', () => {
  for (const d of DETECTORS)
    for (const gate of [d.gate, d.gateWhere?.gate ?? null]) {
      if (gate === null) continue;
      assert.match(gate.source, /^\[[^\]]*(?:\\\][^\]]*)*\]$|^[^[\]().*+?|{}^$]$|^\\\/$/, `${d.cls}: ${gate.source}`);
    }
});

test("the scan's hints only skip decoding that would find nothing: a plain value decodes to itself alone", () => {
  const chars = fc.constantFrom(...'aZ09_+/=-. %&\\#;:<>\'"\t\n\u00a0\ufeff\u00e9\uff05\u0000xu2fAF'.split(''));
  const text = fc.oneof(
    fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
    fc.string({ maxLength: 40 }).map((s) => Buffer.from(s).toString('base64')),
    fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s)),
    fc.array(fc.constantFrom(...'the quick brown fox 0123 / user id'.split(' ')), { maxLength: 12 }).map((a) => a.join(' ')),
  );
  fc.assert(
    fc.property(text, (raw) => {
      const hints = gates.of(raw);
      if (isPlain(raw, hints)) assert.deepEqual(decodeVariants(raw, new Budget(UNTIMED)), [raw], JSON.stringify(raw));
      // The detector's second shortcut: base64 was the only decoding left, and it refused.
      if (onlyBase64Possible(hints) && decodeBase64Text(raw) === null)
        assert.deepEqual(decodeVariants(raw, new Budget(UNTIMED)), [raw], JSON.stringify(raw));
    }),
    { numRuns: 5000 },
  );
});

test('remembered decoding layers charge the budget exactly as decoding each time would (caps, depth trims)', () => {
  const nested = fc.string({ maxLength: 12 }).chain((s) =>
    fc.nat(4).map((n) => {
      let v = `<x>'${s}\uff1c${s.length % 3 === 0 ? ';id\0.jpg' : ''}`;
      for (let i = 0; i < n; i++) v = encodeURIComponent(v);
      return v;
    }),
  );
  fc.assert(
    fc.property(
      nested,
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 0, max: 5 }),
      (raw, maxDecodedBytes, maxDecodeDepth) => {
        const limits = { ...UNTIMED, maxDecodedBytes, maxDecodeDepth };
        for (let round = 0; round < 2; round++) {
          const a = new Budget(limits);
          const b = new Budget(limits);
          assert.deepEqual([...decodeVariants(raw, a)], referenceVariants(raw, b, decodeOnce), JSON.stringify(raw));
          assert.equal(a.exhausted, b.exhausted);
          assert.deepEqual([...a.trimmed], [...b.trimmed]);
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('no detector is gated on a letter or a digit (the fast path of GateMask.of; `_` and space add their bits there)', () => {
  const words = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
  for (const d of DETECTORS)
    for (const gate of [d.gate, d.gateWhere?.gate ?? null])
      if (gate !== null) assert.equal(words.filter((ch) => gate.test(ch)).join(''), '', `${d.cls} ${String(gate)}`);
});
