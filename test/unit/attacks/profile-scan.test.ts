import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SCANNED, scanValue, scanValueSimply } from '../../../node/analysis/attacks/profile/scan';
import { CLASS_NAMES, hashOf } from '../../../node/analysis/attacks/profile/vocabulary';

/**
 * The parameter profiles read a value they have not met lately in one pass (profile/scan.ts):
 * its hash and its character classes together. That pass answers exactly what hashOf and the
 * class-by-class scan (scanValueSimply, the loop the profiles had) answer, on text of every class
 * (each symbol, letters, digits, spaces, layout and other controls, DEL, non-ASCII, lone
 * surrogates), short and long (prose of hundreds of characters, as JSON fields carry).
 */
const CHARS = [
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  'a',
  'Z',
  '0',
  '9',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\0',
  '\x1b',
  '\x7f',
  '\x80',
  'é',
  '中',
  '\ud83d',
  '\ufffd',
];
const textArb = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((cs) => cs.join('')),
  fc
    .array(fc.constantFrom('the ', 'order ', 'cart, ', 'price: ', '42 ', 'é ', '!', 'x'), { maxLength: 200 })
    .map((ws) => ws.join('')),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

function scanned(text: string): { hash: number; lo: number; hi: number; sentence: number; alternating: number } {
  const hash = scanValue(text);
  return { hash, lo: SCANNED[0], hi: SCANNED[1], sentence: SCANNED[2], alternating: SCANNED[3] };
}

test('one pass gives the hash, classes and two-spaces flag of a hash and a class scan', () => {
  fc.assert(
    fc.property(textArb, (text) => {
      assert.deepEqual(scanned(text), scanValueSimply(text), JSON.stringify(text));
    }),
    { numRuns: 20000 },
  );
});

test('examples: classes by name, two spaces make a sentence, the hash is hashOf', () => {
  const classes = (t: string): string[] => {
    scanValue(t);
    const names: string[] = [];
    for (let k = 0; k < CLASS_NAMES.length; k++)
      if (k < 32 ? SCANNED[0] & (1 << k) : SCANNED[1] & (1 << (k - 32))) names.push(CLASS_NAMES[k]);
    return names;
  };
  assert.deepEqual(classes('Ab1'), ['upper-case letters', 'lower-case letters', 'digits']);
  assert.deepEqual(classes("1' OR '1'='1"), ["symbol '", 'symbol =', 'upper-case letters', 'digits', 'space']);
  assert.deepEqual(classes('a\tb\x01é'), ['lower-case letters', 'tabs or line breaks', 'control characters']);
  assert.deepEqual(classes(''), []);
  scanValue('one space');
  assert.equal(SCANNED[2], 0);
  scanValue('two spaces here');
  assert.equal(SCANNED[2], 1);
  // Letters and digits alternating (four runs or more) read as a random token; a code, a login, an address do not.
  for (const t of ['a1b2', '3f9e2a7b1c', 'x-1-y-2', 'aB3dE6gH9k']) assert.equal((scanValue(t), SCANNED[3]), 1, t);
  for (const t of ['12345678Z', 'ana12', 'Calle Mayor 12', 'T-99801', 'a1b', '']) assert.equal((scanValue(t), SCANNED[3]), 0, t);
  for (const t of ['', 'a', '2234', 'the quick brown fox'.repeat(50)]) assert.equal(scanValue(t), hashOf(t));
  assert.equal(scanValue(''), 0x811c9dc5);
});
