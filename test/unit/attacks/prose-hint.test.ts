/**
 * One search of prose for the gate scan and code injection (docs/performance.md "One prose search,
 * cookies per connection (branch i22-shared)"): GateMask.of sets TEXT_HINTS.NOT_WORD_OR_SPACE
 * exactly when the text has a character other than an ASCII letter, digit, `_` or space, and the
 * code-injection detector given that hint answers as its pass over the characters
 * (isCodeInjectionScanned), which searches nothing it was told.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { GateMask, TEXT_HINTS } from '../../../node/analysis/attacks/detectors/gates';
import { isCodeInjectionScanned } from '../../../node/analysis/attacks/detectors/code-injection';
import type { RequestContext } from '../../../node/analysis/attacks/detectors/request-context';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';

const gates = new GateMask(DETECTORS);
const NOT_WORD_OR_SPACE = /[^A-Za-z0-9_ ]/;
const codeInjection = DETECTORS.find((d) => d.cls === 'rce' && d.gate === null && d.minLength === 5)!;
const VALUE: RequestValue = { point: ['query', 'q'], kind: 'query', name: 'q', value: '' };
/** Code injection reads the text alone: a context read would throw. */
const HEADER_CONTEXT = new Proxy({} as RequestContext, {
  get(_t, key) {
    throw new Error(`code injection read the context (${String(key)})`);
  },
});

const WORDS = [
  ...'phpinfo shell_exec passthru assert popen __proto__ __js_function invokertransformer rO0ABXNy'.split(' '),
  ...'the quick brown fox jumps over lazy dog Product review order 12345 a_b'.split(' '),
];
/** Characters beside words: every ASCII one outside the words-and-spaces set, some non-ASCII (no-break space, é, CJK, a lone surrogate). */
const OTHER = [
  ...Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).filter((ch) => NOT_WORD_OR_SPACE.test(ch)),
  '\u00a0',
  '\u00e9',
  '\u3042',
  '\ud800',
  '\ufeff',
];
/** Prose of words and spaces (up to ~1 000 characters), with none, one or a few other characters put in. */
const text = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/)), { minLength: 1, maxLength: 120 }),
    fc.constantFrom(' ', '  '),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(2000), fc.constantFrom(...OTHER)), { maxLength: 3 }),
  )
  .map(([words, gap, lead, others]) => {
    let t = (lead ? ' ' : '') + words.join(gap);
    for (const [at, ch] of others) {
      const i = at % (t.length + 1);
      t = t.slice(0, i) + ch + t.slice(i);
    }
    return t;
  });

test('the scan hints NOT_WORD_OR_SPACE exactly when the text has a character outside letters, digits, `_` and space', () => {
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })), (t) => {
      assert.equal((gates.of(t) & TEXT_HINTS.NOT_WORD_OR_SPACE) !== 0, NOT_WORD_OR_SPACE.test(t), JSON.stringify(t));
    }),
    { numRuns: 20000 },
  );
});

test('code injection told by the scan answers as its pass over the characters', () => {
  fc.assert(
    fc.property(text, (t) => {
      const hints = gates.of(t);
      assert.equal(codeInjection.test(t, VALUE, HEADER_CONTEXT, true, hints), isCodeInjectionScanned(t), JSON.stringify(t));
      assert.equal(codeInjection.test(t, VALUE, HEADER_CONTEXT, true), isCodeInjectionScanned(t), JSON.stringify(t));
    }),
    { numRuns: 20000 },
  );
});

test('examples: prose hints nothing, any other character does; the reading is the same', () => {
  const cases: Array<[string, boolean, boolean]> = [
    // text, NOT_WORD_OR_SPACE hinted, code injection
    ['the quick brown fox jumps over the lazy dog', false, false],
    ['say __js_function now', false, true],
    [' phpinfo', false, true],
    // Look-alikes: one character more than words and spaces, read by the pass.
    ['the quick brown fox, jumps', true, false],
    [' phpinfo\t', true, false], // a tab is punctuation to the pass: not the bare callback name
    [' phpinfo\u00a0', true, false],
    ['caf\u00e9 au lait', true, false],
  ];
  for (const [t, hinted, found] of cases) {
    const hints = gates.of(t);
    assert.equal((hints & TEXT_HINTS.NOT_WORD_OR_SPACE) !== 0, hinted, JSON.stringify(t));
    assert.equal(isCodeInjectionScanned(t), found, `reference: ${JSON.stringify(t)}`);
    assert.equal(codeInjection.test(t, VALUE, HEADER_CONTEXT, true, hints), found, JSON.stringify(t));
  }
});
