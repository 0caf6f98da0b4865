/**
 * A value means the same wherever it arrives, third round (docs/detection.md "Request points",
 * branch i18-points3): a value pasted into a JSON template without escaping (`{"q":"1" union
 * select ...--"}`, a body that does not parse) is read whole, as the same value in a query argument
 * is: JSON ends a string only before `,` `:` `}` `]` or the end, so a quote followed by anything
 * else is the string's own text. Beside look-alikes that stay quiet in JSON.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { extractJson } from '../../../node/analysis/attacks/points/json';
import { RELAXED, tx, written, type TxSpec } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (spec: TxSpec): string[] => [...new Set(detector.detect(tx(spec))?.hits.map((h) => h.class) ?? [])];
/** The leaf values the lenient reader takes from a body declared as JSON that does not parse. */
const values = (text: string): string[] => {
  const out: string[] = [];
  extractJson(text, 16, (v) => (v.kind === 'json' && out.push(v.value), true), true);
  return out;
};
const points = (spec: TxSpec): string[] => detector.detect(tx(spec))?.hits.map((h) => JSON.stringify(h.point)) ?? [];

/** `value` pasted between the quotes of a JSON template, unescaped. */
const pasted = (value: string): TxSpec => written('json', `{"user":{"id":7,"comment":"${value}"}}`);
/** The same value in a query argument. */
const query = (value: string): TxSpec => written('q', encodeURIComponent(value));

const PASTED_ATTACKS: ReadonlyArray<readonly [string, string]> = [
  ['sqli', '1" union select password from users--'],
  ['sqli', '1" or "1"="1'],
  ['rce', '"; ls -la'],
  ['rce', '" || whoami'],
  ['sqli', '1"; DROP TABLE users--'],
  ['sqli', '1" and "a"="a'],
];

for (const [cls, value] of PASTED_ATTACKS) {
  test(`${cls} pasted unescaped in a JSON field, as in the query: ${value}`, () => {
    assert.ok(classes(query(value)).includes(cls), `query ${value}`);
    assert.ok(classes(pasted(value)).includes(cls), `json ${value}`);
    // Reported at the field, as the field's value.
    assert.ok(points(pasted(value)).includes('["json","user","comment"]'), value);
  });
}

test('a pasted value is read whole: its escapes undone, a line break kept', () => {
  assert.ok(classes(pasted('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"')).includes('xss'));
  assert.ok(classes(pasted('1"\n union select password from users--')).includes('sqli'));
});

const PASTED_LOOK_ALIKES: readonly string[] = [
  // Rich text with quotes a hand-written client forgot to escape.
  'The "best" shoes, size 42',
  '<p>She said "hello" and <em>left</em></p>',
  // A code sample in a docs field.
  'const x = "a" + "b"; console.log(x)',
  // GraphQL query text.
  'query { user(id: "7") { name } }',
  // Code with quoted arguments, a type written in JSON: read whole, not in pieces cut at `", "`.
  'URI.equal("HTTP://ABC.COM:80", "http://abc.com/") === true',
  '"type": "Line" | "Block",',
  // A base64 blob.
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk',
];

for (const value of PASTED_LOOK_ALIKES) {
  test(`benign pasted in a JSON field stays quiet: ${value}`, () => assert.deepEqual(classes(pasted(value)), []));
}

test('well-formed and cut JSON bodies read as before', () => {
  // Strings end at their quote before a separator: keys and values apart.
  const doc = written('json', '{"a":"x","b":["y","z"],"c":{"d":"1 or 2"}}');
  assert.deepEqual(classes(doc), []);
  // Members of a body that does not parse (a trailing comma, a cut) are still apart.
  assert.deepEqual(values('{"a":"x", "b": "1 or 2", "c":["y", "z"],}'), ['x', '1 or 2', 'y', 'z']);
  assert.deepEqual(values('{"a":"x", "b":"y",'), ['x', 'y']);
  // A body cut at the inspection cap: the last string runs to the end.
  assert.ok(classes(written('json', '{"id":7,"q":"1\\" union select password from users--')).includes('sqli'));
});
