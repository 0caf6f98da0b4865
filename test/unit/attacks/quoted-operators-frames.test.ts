/**
 * SQL and script spellings the folds still missed (docs/detection.md, "i18-sqlxss, fourth session"),
 * each written from the language, never from a list of payloads: a value that, read inside the
 * application's quotes, is only string literals joined by operators (`1'='1`, `'||'`, `'=''or'`);
 * MySQL's empty exponent glued to a call (`1.e(ascii`); a server's system variable alone
 * (`@@version`); UNION DISTINCTROW SELECT; keywords cut by an empty tag (`un<>ion`); MySQL's
 * executable comment (`/*!50000select`); a select list FROM a table then a comment; for script, a
 * sink reached through other windows (`window.frames[0].alert(1)`), optional chaining of a computed
 * call (`window?.['alert']?.(1)`), a bare constructor chain called at once
 * (`constructor.constructor(name)()`), a sink as a Promise's executor and a name built from regex
 * sources spaced around their dot. Each class has look-alikes that must stay quiet: prose quoting an operator,
 * code splitting on a quoted mark, heights in feet, outline numbers, diff hunks, ordinary Promise and
 * postMessage code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[AttackClass, string]> = [
  // Inside the application's quotes, only literals and operators: `'1'='1'`, `''||''`, `''-''`.
  ['sqli', "1'='1"],
  ['sqli', "1' and '1"],
  ['sqli', "admin'||'"],
  ['sqli', "'||'"],
  ['sqli', "'-'"],
  ['sqli', "'='"],
  ['sqli', "'=''or'"],
  ['sqli', "x' like 'x"],
  ['sqli', '1"="1'],
  ['sqli', 'a" or "b'],
  // An empty exponent glued to a call: MySQL reads `1.e` as a number, the parenthesis as an operand.
  ['sqli', '1.e(ascii'],
  ['sqli', '1.e(select password from users)'],
  // A system variable alone; UNION DISTINCTROW SELECT.
  ['sqli', '@@version'],
  ['sqli', '@@datadir'],
  ['sqli', '@@global.secure_file_priv'],
  ['sqli', '1 union distinctrow select 1,2'],
  // Keywords cut by an empty tag a markup filter strips; MySQL's executable comment; the rest of a
  // select list FROM a table with a comment glued to it.
  ['sqli', "1' a<>nd 1=2 un<>ion sel<>ect 1,2,md5(1)#"],
  ['sqli', 'x/*!12345sleep*/(5)'],
  ['sqli', '* from wp_users-- -'],
  ['sqli', 'id, pass from users#'],
  // A sink reached through other windows; optional chaining; a bare constructor chain; a Promise executor.
  ['xss', 'window.frames[0].alert(1)'],
  ['xss', 'top.opener.eval(name)'],
  ['xss', 'parent.frames[1].prompt(1)'],
  ['xss', "window?.['alert']?.(1)"],
  ['xss', "top?.['confirm'](1)"],
  ['xss', 'constructor.constructor(name)()'],
  ['xss', 'constructor.constructor(location.hash.slice(1))()'],
  ['xss', 'new Promise(alert)'],
  ['xss', 'new Promise(eval)'],
  // A navigation target's name built from regex sources with spaces around the dot.
  ['xss', 'b=top,a=/loc/ . source,a+=/ation/ . source,b[a=a] = name'],
];

const LOOK_ALIKES = [
  // Prose quoting an operator (a space on one side of the quotes), code splitting on a quoted mark.
  "use '|' as separator",
  "press '+' to zoom",
  "'+' to zoom in",
  "s.split('=')",
  "print('+')",
  "str.join('-')",
  "x = '-'",
  "the 'and' operator",
  "He said 'yes' or 'no'",
  "'yes' or 'no'",
  "'a' + 'b'",
  "rock 'n' roll",
  "Tom's and Jerry's",
  "O'Neil and 'friends",
  // Heights, an empty cell, quoted phrases.
  "5'-6'",
  `5' - 6"`,
  `between 5'6" and 6'`,
  '"-"',
  '"MOD"',
  '"OR"',
  '"foo" OR "bar"',
  // Outline numbers, diff hunks, doubled at-signs.
  '1.e.2',
  'section 1.e(i)',
  'see 1.e (ascii chart)',
  '@@ -1,5 +1,6 @@',
  'email@@example.com',
  '@@versions of the app',
  'the union distinctrow is',
  // Not-equal in formulas, licence banners, prose with a dash or `#` after a place.
  'a<>b',
  'IF(A1<>B1,"yes","no")',
  'x <> y and z',
  '/*! jQuery v3.6.0 | (c) OpenJS Foundation */',
  '/*! For license information please see main.js.LICENSE.txt */',
  'Message from John --',
  'red, blue from Acme #',
  'greetings from Paris -- see you',
  "var loc = 'loc' + 'al'",
  // Ordinary code: Promises, messages to other windows, optional chaining of data.
  'new Promise(resolve => setTimeout(resolve, 100))',
  'new Promise(function (resolve, reject) { resolve(1) })',
  "window.frames[0].postMessage('hi', '*')",
  'parent.frames[1].location.href',
  'top.frames.length',
  'window.frames[0].alert',
  'the constructor.constructor pattern',
  "obj?.['key']?.(x)",
  'data?.items?.[0]?.name',
  "window?.dataLayer?.push({event:'x'})",
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json', 'cookie'], ['sqli', 'xss']);

test('a literal-and-operator value is sqli only as the whole value, not inside a sentence', () => {
  assert.ok(classesAt(detector, 'q', "1'='1").includes('sqli'));
  assert.ok(!classesAt(detector, 'q', "the test 1'='1 is a classic").includes('sqli'));
});
