/**
 * A raw path read as a server reads it (docs/detection.md "Reading a raw path as the server does
 * (branch i18-pathraw2)"): the digits of a `%XX` escape are no number (a Markdown link
 * sent in a path, `-%20[.name](%23name)`, is not `20[...](...)`, a number's member called), a `+`
 * in text that escapes its spaces as `%20` is read as a plus as well as a form's space, and the path's tail is read
 * for SQL without a route's fixed suffix as it already was for shell. Each example beside look-alikes
 * that stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { plusKeptLayer, urlLayer } from '../../../node/analysis/attacks/decode/variants';
import { HOST, RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (target: string): string[] => [
  ...new Set(detector.detect(tx({ target, headers: [HOST] }))?.hits.map((h) => h.class) ?? []),
];

test('a Markdown link sent unencoded in a path is not script: its escapes are no numbers', () => {
  // README lines as a tool writes them into `/items/{text}/view`: only what a request line cannot carry escaped.
  for (const path of [
    '/items/-%20[.name](%23name)/view',
    '/items/-%20[Commander.js](%23commanderjs)/view',
    '/items/by%20[Nicholas%20C.%20Zakas](https://github.com/nzakas)/view',
    '/items/-%20[.helpOption(flags,%20description)](%23helpoptionflags-description)/view',
    '/items/See%20[docs](https://github.com/x/y)%20for%20more/view',
  ])
    assert.deepEqual(classes(path), [], path);
  // Markup and script escaped the same way are still read, decoded.
  assert.deepEqual(classes('/items/%3Cimg%20src=x%20onerror=alert(1)%3E/view'), ['xss']);
  assert.deepEqual(classes('/items/<svg%20onload=alert(1)>/view'), ['xss']);
  assert.ok(classes('/items/x%20[].constructor.constructor(%22alert(1)%22)()/view').includes('xss'));
  // A `+` that is JavaScript's, beside an escape (`%3F`): read in the form that keeps it.
  assert.ok(classes("/items/___=1%3F'ert(123)':0,_=1%3F'al':0,__=1%3F'ev':0,1[__+_](_+___)/view").includes('xss'));
});

test('a + beside a space escaped as %20 is also read as a plus: no form encoder wrote that text', () => {
  assert.equal(plusKeptLayer("A'%20+%20'B"), "A' + 'B");
  assert.equal(plusKeptLayer('HOPE%20AND%201+2=3+4'), 'HOPE AND 1+2=3+4');
  assert.equal(plusKeptLayer('a%20b'), null);
  assert.equal(plusKeptLayer('a + b%2C'), null);
  // Form-encoded text (every space a `+`) carried where `+` is not decoded still means space.
  assert.equal(urlLayer("24'union+all+select+1%2C2"), "24'union all select 1,2");
  assert.equal(plusKeptLayer("24'union+all+select+1%2C2"), null);
  assert.deepEqual(classes("/items/A'%20+%20'B/view"), ['sqli']);
  assert.deepEqual(classes('/items/HOPE%20AND%201+2=3+4/view'), ['sqli']);
  assert.deepEqual(classes("/items/%20aa'&0+1%20=%20'aa/view"), ['sqli']);
  for (const path of ['/items/c++%20guide/view', '/docs/a%20+%20b%20=%20c/view', '/items/1%20+%202%20=%203/view'])
    assert.deepEqual(classes(path), [], path);
});

test('SQL in the path tail is read without the route suffix after it', () => {
  assert.deepEqual(classes("/items/0'%20/%20current_date%20XOR%20'1/view"), ['sqli']);
  assert.deepEqual(classes("/items/0'%20/%20current_date%20XOR%20'1/view/edit/all"), ['sqli']);
  for (const path of [
    '/blog/and%20/%20or%20in%20prose/view',
    "/blog/rock%20'n'%20roll%20/%20jazz/view",
    '/items/1950%20or%201960/view',
    '/odata/Products(1)/Supplier/Address',
  ])
    assert.deepEqual(classes(path), [], path);
});
