import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextMarks, TEXT_MARKS, MARK_MAX } from '../../../node/analysis/shared/text-marks';
import { LiteralSet } from '../../../node/analysis/vulnerabilities/literals';
import { flattenJsonText, type ObservedValue } from '../../../node/analysis/discovery/json-fields';
import { flattenByDefinition } from './json-reference';
import { EXPOSURE_LITERALS } from '../../../node/analysis/vulnerabilities/exposure';
import { SECRET_LITERALS } from '../../../node/analysis/vulnerabilities/secrets';
import { ADMIN_LITERALS } from '../../../node/analysis/vulnerabilities/admin';

// One pass over a response text answers both discovery's JSON reader (a backslash or a control
// character?) and the literal search (which pairs occur?): the marks of the text marked last are
// reused for an equal text. Whatever the order of the askers and the texts, each answer must be
// the simple one it replaces: the regular expression, `includes` per literal, JSON.parse + flattenJson.

const ESCAPE_OR_CONTROL = /[\\\u0000-\u001f]/;
const BODY = [...EXPOSURE_LITERALS, ...SECRET_LITERALS, ...ADMIN_LITERALS];

function literalsByDefinition(text: string): string[] | null {
  const found = [...new Set(BODY)].filter((l) => text.includes(l));
  return found.length === 0 ? null : found.sort();
}

function sorted(found: Set<string> | null): string[] | null {
  return found === null ? null : [...found].sort();
}

function flattenFromText(text: string): ObservedValue[] | null {
  const out: ObservedValue[] = [];
  return flattenJsonText(text, out, true) ? out : null;
}

/** Short JSON-ish texts: literals, escapes, control characters, non-ASCII, JSON punctuation. */
const piece = fc.oneof(
  fc.constantFrom(...BODY),
  fc.constantFrom(
    '{"a":',
    '"b"',
    '1',
    ',',
    '}',
    '[',
    ']',
    ':',
    ' ',
    '"x\\"y"',
    '"\\u0041"',
    '\\',
    '\n',
    '\t',
    '\u001f',
    '\u0000',
  ),
  fc.constantFrom('é', '\u{1F600}', 'S', '.', '"password":"hunter2"', '"k":"v"'),
  fc.string({ maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(''));
/** A JSON text (escapes and control characters inside strings too), read by flattenJsonText. */
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
/** What is asked of a text, in the order the analyses may ask it. */
const ask = fc.constantFrom('escape', 'literals', 'flatten', 'copy-escape', 'copy-literals');

test('TextMarks shared by the JSON reader and the literal search: every answer is the simple one, whatever was marked before', () => {
  const set = new LiteralSet(BODY);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.oneof(text, json), fc.array(ask, { minLength: 1, maxLength: 4 })), { maxLength: 12 }),
      (steps) => {
        for (const [t, asks] of steps) {
          for (const a of asks) {
            // An equal text made anew (another string object) must read the same marks.
            const s = a.startsWith('copy-') ? (' ' + t).slice(1) : t;
            if (a === 'escape' || a === 'copy-escape')
              assert.equal(TEXT_MARKS.escapeOrControl(s), ESCAPE_OR_CONTROL.test(s), JSON.stringify(s));
            else if (a === 'literals' || a === 'copy-literals')
              assert.deepEqual(sorted(set.find(s)), literalsByDefinition(s), JSON.stringify(s));
            else assert.deepEqual(flattenFromText(s), flattenByDefinition(s), JSON.stringify(s));
          }
        }
      },
    ),
    { numRuns: 3000 },
  );
});

test('TextMarks.escapeOrControl: a backslash or any character below U+0020 anywhere; look-alikes are not', () => {
  const marks = new TextMarks();
  assert.equal(marks.escapeOrControl('{"a":"b"}'), false);
  assert.equal(marks.escapeOrControl('{"a":"b\\"c"}'), true);
  assert.equal(marks.escapeOrControl('{"a":\n1}'), true);
  assert.equal(marks.escapeOrControl('x\u001f'), true);
  assert.equal(marks.escapeOrControl('\u0000'), true);
  // Look-alikes: the space, DEL, the characters after the backslash, non-ASCII with low bytes.
  assert.equal(marks.escapeOrControl(' ~\u007f]['), false);
  assert.equal(marks.escapeOrControl('\u015c\u0109\u2028'), false);
  assert.equal(marks.escapeOrControl(''), false);
  // The text marked last, asked again, and then another one.
  assert.equal(marks.escapeOrControl('a\\b'), true);
  assert.equal(marks.escapeOrControl('a\\b'), true);
  assert.equal(marks.escapeOrControl('ab'), false);
});

test('TextMarks: a stamp that comes back after 2^32 passes does not bring back old marks', () => {
  const marks = new TextMarks();
  assert.equal(marks.escapeOrControl('\\'), true); // marked with stamp 1
  marks.stamp = 0xffffffff;
  assert.equal(marks.escapeOrControl('plain'), false); // the next stamp is 1 again
  assert.equal(marks.stamp, 1);
  assert.equal(marks.escapeOrControl('\\'), true);
});

test('flattenJsonText and LiteralSet on the same short response, then a long one: the marks serve the first, the long one is searched', () => {
  const set = new LiteralSet(BODY);
  const body = '{"error":"Traceback (most recent call last):","path":"C:\\\\inetpub"}';
  assert.deepEqual(flattenFromText(body), flattenByDefinition(body));
  assert.deepEqual(sorted(set.find(body)), literalsByDefinition(body));
  const long = JSON.stringify({ pad: 'x'.repeat(MARK_MAX), s: 'a\\b' });
  assert.deepEqual(flattenFromText(long), flattenByDefinition(long));
  assert.deepEqual(sorted(set.find(long)), literalsByDefinition(long));
});

/** The characters and pairs a pass marked: the simple description of `seen` and `pairs` after it. */
function marked(marks: TextMarks, stamp: number): { chars: number[]; pairs: number[] } {
  const chars: number[] = [];
  const pairs: number[] = [];
  for (let c = 0; c < 128; c++) if (marks.seen[c] === stamp) chars.push(c);
  for (let p = 0; p < 128 * 128; p++) if (marks.pairs[p] === stamp) pairs.push(p);
  return { chars, pairs };
}

/** Bytes as a response holds them: ASCII, UTF-8 sequences of 2-4 bytes, and invalid or cut ones. */
const utf8Bytes = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 6 }).map((s) => [...Buffer.from(s)]),
      fc.constantFrom('é', '\u{1F600}', '\u2028', '\ufeff', '"a\\"b"', '\u001f', 'Sy', '.j').map((s) => [...Buffer.from(s)]),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 }),
      fc.constantFrom([0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0x80], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0x41]),
    ),
    { maxLength: 20 },
  )
  .map((parts) => Buffer.from(parts.flat()));

test('TextMarks.markUtf8: the marks of the bytes a text was decoded from are the marks of the text', () => {
  fc.assert(
    fc.property(utf8Bytes, fc.boolean(), (bytes, before) => {
      const text = bytes.toString('utf8');
      const fromText = new TextMarks();
      const fromBytes = new TextMarks();
      // A pass before (an unrelated text) must leave nothing the new pass reads.
      if (before) {
        fromText.mark('\\x"y:\u0001');
        fromBytes.markUtf8(Buffer.from('\\x"y:\u0001'), '\\x"y:\u0001');
      }
      const a = marked(fromText, fromText.mark(text));
      const b = marked(fromBytes, fromBytes.markUtf8(bytes, text));
      assert.deepEqual(b, a, JSON.stringify([...bytes]));
      // The text marked from its bytes is not marked again: the readers take its marks.
      const stamp = fromBytes.stamp;
      assert.equal(fromBytes.escapeOrControl(text), ESCAPE_OR_CONTROL.test(text));
      assert.equal(fromBytes.stamp, stamp);
    }),
    { numRuns: 5000 },
  );
});

test('TextMarks.markUtf8: examples, multi-byte characters and invalid bytes break pairs as their characters do', () => {
  const marks = new TextMarks();
  const pair = (a: string, b: string): number => a.charCodeAt(0) * 128 + b.charCodeAt(0);
  // "aé:" -> the pair a,é is none (é is two bytes above 127), é,: is none, a is seen.
  let s = marks.markUtf8(Buffer.from('aé:'), 'aé:');
  assert.equal(marks.seen[97], s);
  assert.equal(marks.seen[58], s);
  assert.notEqual(marks.pairs[pair('a', ':')], s);
  // An invalid lead byte before an ASCII letter: U+FFFD then the letter, which stays unpaired with `x`.
  const bad = Buffer.from([0x78, 0xc0, 0x41]);
  s = marks.markUtf8(bad, bad.toString('utf8'));
  assert.equal(bad.toString('utf8'), 'x\ufffdA');
  assert.equal(marks.seen[65], s);
  assert.notEqual(marks.pairs[pair('x', 'A')], s);
  // Adjacent ASCII bytes are a pair; the same text asked again keeps the pass.
  s = marks.markUtf8(Buffer.from('{"Sy'), '{"Sy');
  assert.equal(marks.pairs[pair('S', 'y')], s);
  assert.equal(marks.pairs[pair('"', 'S')], s);
  assert.equal(marks.markUtf8(Buffer.from('{"Sy'), '{"Sy'), s);
  assert.equal(marks.mark('{"Sy'), s);
});
