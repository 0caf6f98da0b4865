import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { GateMask } from '../../../node/analysis/attacks/detectors/gates';

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
