/**
 * Probes of a query's or a page's syntax that stand without the rest of an injection
 * (docs/detection.md, "The probes round"): each class is written from where the fragment stands
 * in the SQL or the script it continues, never from a list of payloads. SQL: a comparison of two
 * literals as the whole value, a value opening with a logic word then a number, a HAVING clause
 * over an aggregate or a number, IN over a list of numbers opening the value, a keyword glued to
 * an inline comment used as a space, a closed string then an operator word and a closing comment
 * or `;`, a string closed then COLLATE, a CASE branch over a number, a VALUES tuple of literals,
 * a PostgreSQL cast ending the value, a FROM clause opening the value, a session variable set,
 * quotes spelled with the acute accent. Script: a handler attribute begun without its code (in a
 * value or a parameter name), a lone call of a script decoder or timer, short JSFuck whose `+`
 * a form turned into spaces, a script URL whose code is escapes, DOM content written from a
 * value. Each class has look-alikes that must stay quiet, written from text with the same
 * characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, HOST, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => classesAt(detector, where, v);

const ATTACKS: Array<[AttackClass, string]> = [
  // Two literals compared: the tail of a boolean test, typed alone.
  ['sqli', '1=1'],
  ['sqli', '11!=1'],
  ['sqli', "'1' not regexp '2'"],
  ['sqli', "'x'!='y"],
  ['sqli', '42<=>42'],
  ['sqli', "'3085'='30"],
  // A logic word opening the value, then a number and the end, a comment or an operator.
  ['sqli', 'or 88'],
  ['sqli', 'xor 5-'],
  ['sqli', 'OR 1#'],
  ['sqli', '9999 or /*+optimizer hint*/ true'],
  // HAVING over an aggregate or a number; IN over numbers opening the value.
  ['sqli', ' HAVING COUNT(CustomerID) > 5'],
  ['sqli', 'HAVING 1='],
  ['sqli', 'in (0,1)'],
  // A keyword glued to an inline comment that stands for a space.
  ['sqli', 'DROP/*comment*/sampletable'],
  ['sqli', 'SELECT/*avoid-spaces*/password/**/FROM/**/Members'],
  // A closed string, an operator word, then a comment or `;` that ends the attacker's part.
  ['sqli', "' notnull --"],
  ['sqli', "' is not?--"],
  ['sqli', "a'or?--"],
  ['sqli', "'glob 1;"],
  ['sqli', 'user\'collate U&"$1#B#E#D"--'],
  // CASE branches over numbers, VALUES tuples, casts, FROM clauses, session variables.
  ['sqli', ') when 234 then'],
  ['sqli', "VALUES ('192.168.0.1', 'test')"],
  ['sqli', 'except values(1,2)'],
  ['sqli', 'password::int'],
  ['sqli', 'function(foo)::double precision'],
  ['sqli', 'from `information_schema`.tables limit'],
  ['sqli', 'FROM termine GROUP BY tag1'],
  ['sqli', '>SET @OLD_SQL_NOTES'],
  // A call after a closed string and a logic word, ending the statement; an alias then FROM; selects
  // of a call, a hex literal or a delay routine; a column list then VALUES; a string cast to a type;
  // an address glued to a closed string and `;`; WAITFOR DELAY cut short; CREATE TABLE.
  ['sqli', "admin@juice-sh.op\\' or json_valid (id);"],
  ['sqli', '1234 AS "foobar" FROM tablevar2=whatever'],
  ['sqli', 'select(user('],
  ['sqli', 'select 0x616263'],
  ['sqli', "(id, name) VALUES (1, 'test');"],
  ['sqli', "'{\"a\":[1,2,3,4,5]}'::jsonb @? '$.a[*]'"],
  ['sqli', "admin@juice-sh.op';"],
  ['sqli', "root@example.com'/* comment */;"],
  ['sqli', '" WAITFOR DELAY \''],
  ['sqli', '/CREATE TABLE Persons'],
  // Bare selects with nested calls; UNION of a parenthesised SELECT; a subquery then a clause; ORDER BY
  // and LIMIT over column numbers; HAVING over a parenthesised boolean; numeric calls compared.
  ['sqli', 'select -sin((1)),2 from bar where'],
  ['sqli', "select 'foo' from bar where"],
  ['sqli', 'xxx union (select id from users limit 1,1)'],
  ['sqli', '(select login/2 from users limit 1,1)'],
  ['sqli', '17,23 order by 16'],
  ['sqli', 'limit 0,1--'],
  ['sqli', 'id having (1 or true)'],
  ['sqli', 'FLOOR(PI()) AND SIN(PI())=0'],
  // Quotes spelled with the acute accent, which some applications fold into `'`.
  ['sqli', '1\u00b4 OR \u00b41\u00b4=\u00b4x\u00b4#;--()'],
  // Script: a handler attribute begun without its code; a lone decoder or timer call.
  ['xss', '"onzoom='],
  ['xss', '<"onwebkitplaybacktargetavailabilitychanged='],
  ['xss', "'formaction="],
  ['xss', 'atob()'],
  ['xss', 'setInterval(code, 1)'],
  ['xss', 'x";setTimeout(name, 1)//'],
  // A schema fetched from another domain than its namespace's.
  [
    'xss',
    '<oez xmlns="http://a.b/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://a.b/ http://x1.attacker.example/oez.xsd">oez</oez>',
  ],
  // DOM content written.
  ['xss', 'document.querySelector("p").textContent="XSS"'],
  ['xss', 'document.body.appendChild(document.createElement("h1")).textContent = "XSS"'],
];

const LOOK_ALIKES: string[] = [
  // Literals and comparisons in text: a score, an equation in words, a version, a range.
  '5 out of 5',
  '1 is not 1',
  'GALLERY=1=5',
  '"LIKE" STAMP',
  "' not monday cotton union to as # of #",
  'x = 1',
  'width=100',
  'v1.2 == v1.3 ?',
  '2 + 2 = 4 is arithmetic',
  // Conjunctions and words that open text.
  'or 2 more',
  'and 5 others',
  'Or maybe not',
  'having fun in 2024',
  'in (the) garden',
  'in 2 weeks',
  'when 5 then 6 is what',
  // Comments in code, quotes in text.
  'int x = 1; /* counter */ return x;',
  "the kids' or parents' choice",
  "Palme d'Or' winner",
  // Paths and types in programs (Rust, C++).
  'std::string',
  'use serde::Serialize;',
  'Vec<u8>::new()',
  'from home where I live',
  'values (see below)',
  'set @john as the owner',
  'Born in 1990 as John from Ohio',
  'select your plan (monthly)',
  "HAT 18';",
  "'Jaws'::classic",
  'create a table for four',
  'Place your order by 12',
  'order by 5pm please',
  'limit 2 per customer',
  // Script look-alikes: words of handlers in text, calls in prose, an empty JSON list.
  'online=yes',
  'Notifications: on',
  'atob is a function',
  'setInterval(() => tick(), 1000); // refresh the clock',
  'javascript: the good parts',
  '[] {}',
  // Schemas published by their namespace's owner.
  '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">',
  '<beans xsi:schemaLocation="http://www.springframework.org/schema/beans https://www.springframework.org/schema/beans/spring-beans.xsd">',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json', 'cookie'], ['sqli', 'xss']);

test('a handler attribute begun in a parameter name (`?  onabcdefgh= =vardata`) is xss', () => {
  assert.ok(classes('key', '  onabcdefgh= ').includes('xss'));
  assert.deepEqual(
    classes('key', 'online').filter((c) => c === 'xss'),
    [],
  );
});

test('short JSFuck sent raw in a form, its `+` read as spaces (`a=(![]+[])[+!+[]]`), is xss', () => {
  const found = detector.detect(
    tx({
      method: 'POST',
      target: '/post',
      headers: [HOST, ['Content-Type', 'application/x-www-form-urlencoded']],
      body: 'a=(![]+[])[+!+[]]',
    }),
  );
  assert.ok(found?.hits.some((h) => h.class === 'xss'));
});

test("SQL in a path segment with `+` for spaces (`/post/foo/24'union+all+select+1,2,3+from+aa`) is sqli", () => {
  assert.ok(classes('path', "/post/foo/24'union+all+select+1,2,3+from+aa").includes('sqli'));
  assert.deepEqual(
    classes('path', '/docs/c++/a+b').filter((c) => c === 'sqli'),
    [],
  );
});

test('a script URL whose code is escapes (`javascript:\\\\u0020`) is xss', () => {
  for (const where of ['q', 'form', 'json'] as Where[]) assert.ok(classes(where, 'javascript:\\\\u0020').includes('xss'), where);
});
