/**
 * Script references and navigation written without markup, and a tag behind an empty namespace
 * prefix (docs/detection.md, "Markup, references and navigation (branch i18-markup)"): a value that
 * is only a reference a script context evaluates (`window.location`), the location assigned from
 * what the attacker's page or the URL sets (`location=name`), Internet Explorer's filter probes (a
 * closed string, then `in` or an operator, then `valueOf=`), and `<:vmlframe src=`. Each attack was
 * missed before this branch; beside each class, what documentation, forms and data write of the
 * same words stays quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isXss } from '../../../node/analysis/attacks/detectors/xss';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, classesAt, tx, type Where } from './helpers';
import { linearCost, superLinear } from '../../support/linear-cost';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => classesAt(detector, where, v);

/** [class of the form, value]: each missed before this branch, in a query, a JSON field and a form field. */
const ATTACKS: Array<[string, string]> = [
  // A reference alone, which a script context that evaluates the value reads (CRS 941180's keywords).
  ['the location alone', 'window.location'],
  ["the top window's location alone", 'top.location.href'],
  ['the cookie alone', 'document.cookie'],
  ["the parent's location alone", 'parent.location'],
  // The location assigned from what the attacker's page or the URL sets.
  ['the location from the window name', 'location=name'],
  ['after a closed string', "';location=name//"],
  ["the top window's location from the window name", 'top.location=name;'],
  ['the href from the window name', 'location.href=name'],
  ['the location from the window name, spaced', 'self.location = window.name'],
  ['the location replaced by the window name', '"-location.replace(name)-"'],
  ['the location assigned the window name', 'location.assign(window.name)'],
  // Internet Explorer's filter probes: a closed string, then `in` or an operator, then a property assigned.
  ['a closed string, in, valueOf assigned', '"in valueOf='],
  ['the same with its letters as JS escapes', '"in \\u0076\\u0061l\\u0075e\\u004F\\u0066='],
  ['a closed call, an operator, valueOf assigned', "')-valueOf="],
  // An empty namespace prefix before a tag that loads a document.
  ['a VML frame behind an empty prefix', '<:vmlframe src='],
  ['the same with a source', '<:vmlframe src="http://evil.example/a.vml#x">'],
];
for (const [what, v] of ATTACKS) {
  test(`xss: ${what}: ${v}`, () => {
    assert.ok(classes('q', v).includes('xss'), `query: ${v}`);
    assert.ok(classes('json', v).includes('xss'), `json: ${v}`);
    assert.ok(classes('form', v).includes('xss'), `form: ${v}`);
  });
}

test('a reference alone in an XML attribute is read too (CRS 941180-10)', () => {
  const r = detector.detect(
    tx({
      method: 'POST',
      target: '/post',
      headers: [
        ['Host', 'shop.example'],
        ['Content-Type', 'application/xml'],
      ],
      body: '<?xml version="1.0"?><root><a probe="window.location"></a></root>',
    }),
  );
  assert.deepEqual([...new Set(r?.hits.map((h) => h.class) ?? [])], ['xss']);
});

/** What documentation, forms, code and data write of the same words. */
const QUIET: Array<[string, string]> = [
  ['a place in a location field', 'location=Paris'],
  ['documentation naming the location', 'Use window.location to read the current URL.'],
  ['documentation naming a method of it', 'window.location.assign() navigates to a new page'],
  ['documentation naming the cookie', 'The document.cookie property lets you read and write cookies'],
  ["Python's attribute", 'self.name'],
  ['a field of a record', 'location.name'],
  ['a query string carried as text', 'location=name&sort=asc'],
  ['prose with the words', 'location = name of the city'],
  ['a quoted setting in prose', "Check the 'location=name' setting"],
  ['a quoted phrase, then a field', '"in the box" price=10'],
  ['inches, then a field', '5" in diameter, location=garage'],
  ['a string joined to a name', "'Hello' + name"],
  ['a page replaced by a URL of its own', "location.replace('/login')"],
  ['a file named after the reference', 'window.location.md'],
  ['a host named after the reference', 'document.cookie.com'],
  ['a longer name', 'top.locations'],
  ['an emoticon', '<:-) smile'],
  ['a chat emoji', '<:smile:123456789>'],
  ['a type bound', 'T <: Comparable[T]'],
];
for (const [what, v] of QUIET) {
  test(`quiet: ${what}: ${v}`, () => {
    assert.deepEqual(classes('q', v), [], `query: ${v}`);
    assert.deepEqual(classes('json', v), [], `json: ${v}`);
  });
}

test('a field named location with a value is a field, not an assignment', () => {
  const r = detector.detect(tx({ target: '/search?location=name&sort=asc', headers: [['Host', 'shop.example']] }));
  assert.equal(r, null);
});

test('the new readers are linear on adversarial 50k-character values', () => {
  const slow: string[] = [];
  for (const make of [
    (n: number) => 'location'.repeat(n / 8),
    (n: number) => 'location=' + ' '.repeat(n - 13) + 'nam',
    (n: number) => ' location '.repeat(n / 10) + '=',
    (n: number) => '"' + ' '.repeat(n - 10) + 'in a.b.c=',
    (n: number) => '<:'.repeat(n / 2),
  ]) {
    const why = superLinear(linearCost(50_000, make, (v) => isXss(v)));
    if (why) slow.push(`${make(12)}: ${why}`);
  }
  assert.deepEqual(slow, []);
});

test("a path segment named after a reference is a manual's page (CRS benign test)", () => {
  assert.equal(
    detector.detect(tx({ target: '/get/javascript-manual/document.cookie', headers: [['Host', 'shop.example']] })),
    null,
  );
  assert.deepEqual(classes('path', '/docs/window.location'), []);
});
