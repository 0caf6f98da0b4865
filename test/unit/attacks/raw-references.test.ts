/**
 * Character references sent raw in a query (docs/detection.md, "i18-sqlxss, fourth session"): a tool
 * that sends a payload without percent-encoding writes `&#106;` and `&lt;` into the request line, and
 * the query was cut at the `#` (read as a fragment) and at each `&` (read as a new pair) before any
 * detector saw it. A `#` after `&` that opens a numeric reference is the payload's, and a reference
 * after `&` continues the value; a fragment, a pair after `&` and a link copied from HTML
 * (`&amp;b=2`) read as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { extractTarget } from '../../../node/analysis/attacks/points/target';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, tx, written } from './helpers';
import { linearCost, superLinear } from '../../support/linear-cost';

const detector = new AttackDetector(RELAXED);
const classesOf = (query: string): AttackClass[] => [
  ...new Set(detector.detect(tx(written('q', query)))?.hits.map((h) => h.class) ?? []),
];
const queryValues = (target: string): Array<[string, string]> => {
  const out: Array<[string, string]> = [];
  extractTarget(target, 8, (v) => (v.point[0] === 'query' && v.kind !== 'key' && out.push([v.point.join('.'), v.value]), true));
  return out;
};

const ATTACKS: Array<[AttackClass, string]> = [
  ['xss', '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>'],
  ['xss', '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>'],
  ['xss', '&#60;script&#62;alert(1)&#60;/script&#62;'],
  ['sqli', '&#39; or 1=1--'],
  ['sqli', '&#x27; or &#x27;1&#x27;=&#x27;1'],
  ['sqli', '&apos; or 1=1--'],
];
for (const [cls, query] of ATTACKS) {
  test(`${cls}: /search?q=${query} (sent raw)`, () => assert.ok(classesOf(query).includes(cls), query));
}

test('a value with a raw numeric reference reads as one value, up to a real fragment', () => {
  assert.deepEqual(queryValues('/search?q=Caf&#233;&page=2#results'), [
    ['query.q', 'Caf&#233;'],
    ['query.page', '2'],
  ]);
  assert.deepEqual(queryValues('/s?q=<b&#62;x</b&#62;#top'), [['query.q', '<b&#62;x</b&#62;']]);
});

test('look-alikes read as before: a fragment, pairs, a link copied from HTML, a name-only pair', () => {
  assert.deepEqual(queryValues('/page?x=1#section'), [['query.x', '1']]);
  assert.deepEqual(queryValues('/page?x=1&#section'), [['query.x', '1']]);
  assert.deepEqual(queryValues('/list?a=1&amp;b=2'), [
    ['query.a', '1'],
    ['query.amp;b', '2'],
  ]);
  assert.deepEqual(queryValues('/search?q=Tom&Jerry'), [
    ['query.q', 'Tom'],
    ['query.Jerry', 'Jerry'],
  ]);
  for (const query of ['Caf&#233;', 'Tom &amp; Jerry', 'a=1&amp;b=2', 'x&#8212;y']) {
    assert.deepEqual(classesOf(query), [], query);
  }
});

test('reading raw references is linear on adversarial 50k-character queries', () => {
  const slow: string[] = [];
  for (const make of [
    (n: number) => '/?q=' + '&#1'.repeat(n / 3),
    (n: number) => '/?q=' + '&lt;'.repeat(n / 4),
    (n: number) => '/?q=' + '&lt;x'.repeat(n / 5) + '=',
    (n: number) => '/?' + '&#'.repeat(n / 2),
  ]) {
    const why = superLinear(linearCost(50_000, make, (t) => extractTarget(t, 8, () => true)));
    if (why) slow.push(`${make(12)}: ${why}`);
  }
  assert.deepEqual(slow, []);
});
