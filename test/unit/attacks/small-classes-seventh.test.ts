/**
 * The smaller classes, seventh round (branch i18-small7, docs/detection.md "The smaller classes,
 * seventh round"): forms read by their grammar wherever a payload is placed, not only in a field
 * named for them. Redir: a run of slashes mixed with a backslash, a tab or a line break, then a
 * host, which browsers read as `//host` in any parameter (before, only in a field named for a
 * redirect). Ssrf: the server's own name written with escapes of letters or digits, which no
 * client writes. Nosqli: MongoLite's callable operators (`$func`, `$fn`), which hand a value to a
 * PHP function.
 * Every attack example here fails on main c31852c; the look-alikes beside them stay quiet.
 * Where: `q` a query value, `next` the login's `next`, `json`/`form`/`xml` a field of that body,
 * `key` a query name (helpers.ts); each value is encoded as a client sends it there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, type Where, classesAt, namedExamples, tx, written } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // redir: a mixed run of slashes at a value's start, then a host, in any parameter.
  ['a slash then a backslash then a host, in the query', 'redir', 'q', '/\\evil.example'],
  ['the same in a JSON field', 'redir', 'json', '/\\evil.example/'],
  ['slash, backslash, slash then a host, in a form field', 'redir', 'form', '/\\/evil.example/login'],
  ['slashes and backslashes alternating, in JSON', 'redir', 'json', '/\\/\\evil.example'],
  ['two backslashes then a slash', 'redir', 'q', '\\\\/evil.example'],
  ['a tab between two slashes, in the query', 'redir', 'q', '/\t/evil.example'],
  ['a tab before two slashes, in JSON', 'redir', 'json', '\t//evil.example'],
  ['a line feed between slashes, in an XML element', 'redir', 'xml', '/\n/evil.example/'],
  ['the tab written as an escape, in the query', 'redir', 'q', '/%09/evil.example'],
  ['the backslash written as an escape, in JSON', 'redir', 'json', '/%5cevil.example'],
  ['three slashes then a host, in the query', 'redir', 'q', '///evil.example/'],
  ['escaped slashes after a slash, in JSON', 'redir', 'json', '/%2f%2fevil.example'],
  // ssrf: the server's own name written with escapes of letters or digits.
  ['localhost with every letter escaped, in the query', 'ssrf', 'q', '%6c%6f%63%61%6c%68%6f%73%74'],
  ['localhost with two letters escaped, in JSON', 'ssrf', 'json', 'loc%61lhos%74'],
  ['localhost with its first letter escaped, in a form field', 'ssrf', 'form', '%6cocalhost'],
  ['0.0.0.0 with its digits escaped', 'ssrf', 'q', '%30.%30.%30.%30'],
  ['localhost escaped twice', 'ssrf', 'json', '%256c%256f%2563%2561%256c%2568%256f%2573%2574'],
  // nosqli: MongoLite's callable operators in a JSON object or a query name.
  ["MongoLite's $func given a PHP function, in JSON", 'nosqli', 'q', '{"$func": "var_dump"}'],
  ["MongoLite's $fn in a query name", 'nosqli', 'key', 'user[$fn]'],
];

const BENIGN: Array<[string, Where, string]> = [
  // redir look-alikes: slashes alone, a Windows share, escaped JSON slashes, regular expressions, text.
  ['a scheme-relative link in a generic field', 'q', '//cdn.example.com/lib.js'],
  ['a scheme-relative link in JSON', 'json', '//cdn.example.com/lib.js'],
  ['a Windows share path', 'json', '\\\\fileserver.corp.example\\public\\report.docx'],
  ['a Windows share path in a form field', 'form', '\\\\fs01.example.com\\share'],
  ['slashes escaped by a JSON encoder', 'q', '\\/\\/cdn.example.com\\/lib.js'],
  ['a regular expression with an escape', 'q', '/\\d+\\.\\d+/'],
  ['a regular expression of a word', 'json', '/\\bcolou?r\\b/i'],
  ['a code comment on a line of its own', 'json', 'x = 1;\n//example.com is the default host\ny = 2;'],
  ['a path that opens with one slash', 'q', '/account/settings'],
  ["TypeScript's triple-slash directive", 'json', '/// <reference path="globals.d.ts" />'],
  ['a comment of three slashes before a host name', 'q', '/// example.com is the default'],
  ['an ordinary return URL of a login flow', 'next', 'https://partner.example/oauth/callback?state=1'],
  ['a relative return path', 'next', '/orders/42?tab=items'],
  // ssrf look-alikes: the bare word, escapes of what needs escaping, other escaped words.
  ['the bare word localhost', 'q', 'localhost'],
  ['a sentence about localhost', 'json', 'runs on localhost only'],
  ['an escaped space in a host field', 'q', 'my%20host'],
  ['an escaped word that is no host', 'q', '%68%65%6c%6c%6f'],
  ['a hostname field with a public name', 'json', 'db.example.com'],
  // nosqli look-alikes: a key that names a function, a price in dollars.
  ['a key named func', 'json', '{"func": "var_dump"}'],
  ['a dollar amount then a colon', 'q', 'costs $fn: 5'],
];

namedExamples(detector, ATTACKS, BENIGN);

/** The whole JSON body of CVE-2020-35847's request (Cockpit), as sent. */
test('nosqli: a JSON body whose user is a MongoLite $func object', () => {
  const body = '{\n  "user": {\n    "$func": "var_dump"\n  }\n}';
  const hits = detector.detect(tx({ ...written('json', body), target: '/auth/requestreset' }))?.hits ?? [];
  assert.ok(
    hits.some((h) => h.class === 'nosqli'),
    JSON.stringify(hits.map((h) => h.class)),
  );
});

/** A field named for a redirect still reads the forms it read before (isOpenRedirect), and an absolute URL there stays quiet. */
test('redir: the named field keeps its readings', () => {
  assert.ok(classesAt(detector, 'next', '//evil.example').includes('redir'));
  assert.ok(!classesAt(detector, 'q', '//evil.example').includes('redir'));
});
