/**
 * Probes of interpreted languages called with literal arguments where a value should be data, SQL
 * keywords cut by comments inside the word, ORM lookups in parameter names and lower-case POP3
 * commands where a line break is injected (docs/detection.md, "i18-code"): each attack with the
 * class it must give, then look-alikes (prose and code shared in forums, filter APIs' own lookups,
 * globs, note lines in text fields) that must stay quiet. Values are written decoded; see
 * helpers.ts for the points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [];

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // PHP and Python functions with snake_case names called with literals.
  ['a snake_case function called with nothing', 'rce', 'q', 'strip_tags()'],
  ['a type test called with nothing', 'rce', 'form', 'is_array()'],
  ['a call with odd case and line breaks before its parenthesis', 'rce', 'q', 'file_ExistS (\n\n)'],
  ['a call indexed', 'rce', 'json', 'get_defined_vars()[0]'],
  ['a call with a quoted argument', 'rce', 'cookie', "ldap_get_entries('x')"],
  ['a call with a variable', 'rce', 'q', 'tidy_parse_string($x)'],
  ['a decoder glued behind other letters', 'rce', 'q', 'FOOgzdecode()'],
  ['a decoder glued behind letters, odd case', 'rce', 'form', 'FOOGzInFlAtE()'],
  ['a decoder left open', 'rce', 'q', 'base64_decode('],
  ['chr of a code point', 'rce', 'xml', 'chr(123)'],
  ['a name spelled with chr', 'rce', 'q', 'chr(115).chr(121).chr(115)'],
  ['a command runner given a bare command', 'rce', 'q', 'exec  (blah)'],
  // Node.js globals.
  ['a console method echoing a number', 'rce', 'q', 'console.info(1)'],
  ['a console method echoing a sum', 'rce', 'json', 'console.log(7*7+1)'],
  ['a console method by a computed name', 'rce', 'q', 'console["info"](1)'],
  ['a console method through call', 'rce', 'form', 'console.info.call(this,1)'],
  ['a console name with an escaped letter', 'rce', 'q', 'c\\u006fnsole.info(1)'],
  ['the environment read', 'rce', 'q', 'process.env'],
  ['one variable of the environment read', 'rce', 'json', 'process.env.SECRET_KEY'],
  ['a function built from text', 'rce', 'q', 'new Function ('],
  ['the module replaced', 'rce', 'form', 'module.exports='],
  // SQL keywords cut by comments.
  ['DROP cut by an empty comment', 'sqli', 'form', 'DR/**/OP/*bypass deny listing*/sampletable'],
  ['SELECT and FROM cut by comments', 'sqli', 'q', 'SEL/**/ECT password FR/**/OM users'],
  ['SELECT cut by a comment with text', 'sqli', 'json', '1 SEL/*x*/ECT 1'],
  // ORM lookups in names.
  ['a lookup on a credential', 'nosqli', 'key', 'password__isnull'],
  ['a lookup on a credential, pattern', 'nosqli', 'key', 'password__startswith'],
  ['a lookup across a relation to an identity', 'nosqli', 'key', 'user__profile__city__startswith'],
  ['a lookup through many relations', 'nosqli', 'key', 'created_by__departments__employees__user__username__startswith'],
  ['a JSON key probe', 'nosqli', 'key', 'data__has_key'],
  ['a JSON containment probe', 'nosqli', 'key', 'roles__contained_by'],
  // POP3 commands in lower case where a line break is injected.
  ['a lower-case POP3 LIST after an encoded break in a query', 'mail_injection', 'q', 'x\r\nlist 3'],
  ['a lower-case POP3 RETR in a cookie', 'mail_injection', 'cookie', 'a\r\nretr 1'],
  ['a lower-case POP3 TOP in a query', 'mail_injection', 'q', 'a\ntop 1 2'],
];

for (const [name, cls, where, value] of ATTACKS) {
  test(`${cls}: ${name}`, () =>
    assert.ok(classes(where, value).includes(cls), `${JSON.stringify(value)} -> ${classes(where, value)}`));
}

test('nosqli: an ORM lookup as a JSON key', () => {
  const r = detector.detect(
    tx({
      method: 'POST',
      target: '/api/users',
      headers: [
        ['Host', 'a.example'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"password__isnull":true}',
    }),
  );
  assert.ok(r?.hits.some((h) => h.class === 'nosqli'));
});

const BENIGN: Array<[string, Where, string]> = [
  ['a React hook named in a search', 'q', 'useState()'],
  ['a size in parentheses', 'q', 'Size (XL)'],
  ['a snake_case name alone', 'q', 'first_name'],
  ['a snake_case name with a word in parentheses', 'q', 'sort_by(name)'],
  ['a photo name with a copy number', 'q', 'IMG_2024(1)'],
  ['a file copy number', 'q', 'file (3)'],
  ['a system count in prose', 'q', 'system(s)'],
  ['an exec word in prose', 'q', 'exec summary'],
  ['prose naming the console', 'form', 'Logs each request to the console when debug is on'],
  ['prose naming process.env', 'form', 'set process.env.PORT in the shell'],
  ['prose naming console.log', 'form', 'Use console.log() to debug'],
  ['a logged variable shared as code', 'q', 'console.log(fullUrl);'],
  ['a logged message shared as code', 'json', 'console.log("Hello, world!")'],
  ['prose naming the Function constructor', 'form', 'the new Function() constructor'],
  ['an escaped accented letter', 'q', 'caf\\u00e9'],
  ['a glob of directories', 'q', 'src/**/x.ts'],
  ['a comment between words that make no keyword', 'form', 'foo/*note*/bar'],
  ['a filter on a price', 'key', 'price__gte'],
  ['a filter on a name', 'key', 'name__icontains'],
  ['a filter on a date', 'key', 'created__lt'],
  ['a filter on a user name, which filter APIs publish', 'key', 'username__startswith'],
  ['a filter across a relation to no identity', 'key', 'author__name__icontains'],
  ['a related field without a lookup', 'key', 'category__slug'],
  ['a dunder name', 'key', '__init__'],
  ['a note line in a form text field', 'form', 'buy milk\r\nlist 3'],
  ['a line in a JSON text field', 'json', 'notes\nretr 1'],
  ['a line with words after the numbers', 'q', 'x\r\nlist 3 things'],
  ['a list count alone', 'q', 'list 3'],
];

for (const [name, where, value] of BENIGN) {
  test(`no hit: ${name}`, () => assert.deepEqual(classes(where, value), [], JSON.stringify(value)));
}
