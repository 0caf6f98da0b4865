/**
 * Code injection's shortcut for words with a space is exact (docs/performance.md "Attack stage:
 * exact pre-checks"): isCodeInjection settles text of ASCII letters, digits, `_` and spaces with a
 * space by one search instead of its pass over the characters, and its answer is always the pass's
 * (isCodeInjectionScanned). Pinned on texts made of the words the reading looks for (PHP callbacks,
 * prototype pollution, gadget names), random words and a few other characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCodeInjection, isCodeInjectionScanned } from '../../../node/analysis/attacks/detectors/code-injection';

const WORDS = [
  ...'phpinfo call_user_func shell_exec passthru base64_decode assert popen system exec'.split(' '),
  ...'__proto__ __js_function constructor prototype require process child_process'.split(' '),
  ...'invokertransformer InvokerTransformer commons collections TemplatesImpl rO0ABXNy aced0005'.split(' '),
  ...'lorem ipsum the quick brown fox Product review order 12345 a_b'.split(' '),
];
const word = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.stringMatching(/^[A-Za-z0-9_]{1,12}$/),
  fc.constantFrom(...WORDS).map((w) => w.toUpperCase()),
);
/** Words joined by spaces (one or more, leading and trailing too), sometimes with one other character put in. */
const text = fc
  .tuple(
    fc.array(word, { minLength: 1, maxLength: 8 }),
    fc.array(fc.constantFrom(' ', '  '), { minLength: 8, maxLength: 8 }),
    fc.boolean(),
    fc.boolean(),
    fc.option(fc.tuple(fc.nat(200), fc.constantFrom('.', '(', '=', '-', '+', '/', '$', '\t', 'é', '\u0000')), { freq: 4 }),
  )
  .map(([words, gaps, lead, trail, other]) => {
    let t = (lead ? ' ' : '') + words.map((w, i) => (i === 0 ? w : gaps[i] + w)).join('') + (trail ? ' ' : '');
    if (other !== null) {
      const at = other[0] % (t.length + 1);
      t = t.slice(0, at) + other[1] + t.slice(at);
    }
    return t;
  });

test('words with a space: the shortcut answers as the pass over the characters', () => {
  fc.assert(
    fc.property(text, (t) => {
      assert.equal(isCodeInjection(t), isCodeInjectionScanned(t), JSON.stringify(t));
    }),
    { numRuns: 30000 },
  );
});

test('examples the shortcut settles, as the pass does', () => {
  const cases: Array<[string, boolean]> = [
    ['phpinfo ', true],
    [' shell_exec', true],
    ['x __proto__ y', true],
    ['say __js_function now', true],
    ['invokertransformer x', false], // a gadget name counts alone only (no space)
    ['invokertransformer', true],
    ['the quick brown fox', false],
  ];
  for (const [t, expected] of cases) {
    assert.equal(isCodeInjectionScanned(t), expected, `reference: ${t}`);
    assert.equal(isCodeInjection(t), expected, t);
  }
});
