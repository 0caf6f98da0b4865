/**
 * SQL and script fragments that stand for an injection whatever comes after them (docs/detection.md,
 * "The CRS round"): a string closed with a logic operator glued to it, a value opening with a logic
 * operator and a comparison, numbers compared after a logic word, a statement after a closed string
 * or `;`, a number then UNION, a database-only function opened; for script, a member reached across
 * comments and a global indexed by an escaped name. Each class has look-alikes that must stay quiet,
 * written from the text that has the same characters (quoted alternatives, conjunctions, titles,
 * parenthetical words, units, a site's own stylesheet).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, RELAXED, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => classesAt(detector, where, v);

const ATTACKS: Array<[AttackClass, string]> = [
  // A logic operator glued to a closed string, then a new operand.
  ['sqli', "a'or'a"],
  ['sqli', "\\'or'1"],
  ['sqli', "'||true"],
  ['sqli', "' or true; foo"],
  ['sqli', "'and(1)"],
  // A value that opens with a logic operator and a comparison (possibly a whole `name=` carried in it).
  ['sqli', 'AND 7829=('],
  ['sqli', 'pay=AND 7829=('],
  ['sqli', 'or class!="'],
  ['sqli', "|| langCode == '"],
  ['sqli', '&&(e==='],
  // Numbers or numeric calls compared after a logic word.
  ['sqli', 'HOPE AND (8)=3'],
  ['sqli', 'HOPE AND COS(3)=SIN(4)'],
  ['sqli', '1or1=1'],
  // A statement after a closed string or a leading `;`.
  ['sqli', "'UNION A"],
  ['sqli', "' alter/"],
  ['sqli', ';drop'],
  ['sqli', "'; select"],
  // A negative number then UNION.
  ['sqli', '-11364 union '],
  ['sqli', '-1 union/*'],
  // Found by the score before this round (scoring.test.ts), now by these rules.
  ['sqli', ' or a = a'],
  ['sqli', ') or (a=a'],
  ['sqli', '"a"" or 3=3--"'],
  ['sqli', '(HOPE) AND 8=3'],
  ['sqli', '1=1) and 77=ascii(substring(db_name(),1,1))--'],
  // A function only databases have, opened.
  ['sqli', 'database('],
  ['sqli', 'pg_sleep('],
  ['sqli', 'benchmark (1000, md5(1))'],
  ['sqli', 'name_const('],
  // Script: a member reached across comments; a global indexed by an escaped name.
  ['xss', 'document/*foo*/./*bar*/cookie'],
  ['xss', 'self["\\x24"]'],
  ['xss', '<?xml-stylesheet type="text/xsl" href="#"?><img xmlns="x-schema:test.xdr"/>'],
];

const LOOK_ALIKES: string[] = [
  // Quoted alternatives, elisions and possessives before a conjunction.
  "'cat' or 'dog'",
  "rock 'n' roll or jazz",
  "it is your parents' and yours",
  "Palme d'Or' winner",
  'necklace length 16" or 18"',
  "email='ortrue",
  // Conjunctions that start no comparison; words that start with one.
  'and 7 oranges',
  'order < script of - ) to " echo all',
  'orange(3) = apple(2)',
  'size 8 and 10',
  // Titles and quoted words that are SQL keywords.
  '"Update on project"',
  "'Select' your plan",
  '"UNION" BY ROBERT F',
  '1 union member',
  // Parenthetical words after a function's name.
  'To run benchmark (requires Node.js 6+):',
  "I'll sleep(8 hours) tonight",
  'to on , like red . of & from sleep (',
  // Identifiers, addresses and measurements.
  'tel:+15551234567',
  'red.=24',
  'http://10.0.0.1/status',
  // A site's own stylesheet; a sink named without a call; a sink's name glued to a number (no name to JavaScript).
  '<?xml-stylesheet type="text/xsl" href="style.xsl"?>',
  'eval(',
  '1alert(1)',
  '. alert end in * "',
  'The end. alert (the team) when done',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json', 'cookie'], ['sqli', 'xss']);

test('a path segment ending in a sink name and `(` is no call (CRS false-positive test `/get/eval(`)', () => {
  assert.deepEqual(classes('path', '/get/eval('), []);
});
