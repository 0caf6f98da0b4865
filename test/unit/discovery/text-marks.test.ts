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
