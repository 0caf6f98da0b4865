/**
 * Classes of text the SQL and script readers read as text, and probes they read as attacks
 * (docs/detection.md, "The look-alikes round"): a `;` that starts no statement, a comment mark with
 * text after it, a URL with a query string (read parameter by parameter), a hyphenated code, a
 * common word before a spaced parenthesis; and a database function opened alone, a catalogue or
 * command procedure named alone, the end of an HTML comment alone, a script scheme spelled with
 * character references, an XInclude element.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isSqlInjection } from '../../../node/analysis/attacks/detectors/sqli';
import { FingerprintSet } from '../../../node/analysis/attacks/detectors/sql-tokens';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
function classes(where: Where, v: string): AttackClass[] {
  return [...new Set(detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [])];
}
const POINTS: Where[] = ['q', 'form', 'json', 'cookie'];

const ATTACKS: Array<[AttackClass, string]> = [
  // A stacked statement, a label or a call after `;`, and a comment that ends the attacker's part.
  ['sqli', "1'; drop table users--"],
  ['sqli', "x'; waitfor delay '0:0:5'--"],
  ['sqli', "admin'#"],
  ['sqli', "admin' -- -"],
  // A URL's parameter holding an injection.
  ['sqli', "/item.php?id=1' union select 1,2,3--&lang=en"],
  // A database function opened alone (with or without a space), a catalogue or procedure named alone.
  ['sqli', 'COS('],
  ['sqli', 'concat ('],
  ['sqli', 'substr('],
  ['sqli', 'SLEEP   ('],
  ['sqli', 'pg_catalog'],
  ['sqli', 'information_schema.tables'],
  ['sqli', 'xp_cmdshell'],
  ['sqli', 'tempdb'],
  // The end of an HTML comment alone; a script scheme spelled with character references; XInclude.
  ['xss', '-->'],
  ['xss', 'ja&tab;vascript:'],
  ['xss', 'v&newline;b&tab;script&colon;'],
  ['xss', '<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="http://evil.example/a"/></x>'],
];

const LOOK_ALIKES: string[] = [
  // A `;` after a unit quote or a word, with no statement after it.
  "DRESS WITH HAT 18';",
  "WOMEN';S ART DEC",
  '60;S MOD DRESSES',
  "BOOKMAR';[K]]",
  // Text after a comment mark.
  "FOO BAR'# BLAH",
  "BLUE BROWN -CUSTOMDRESSES' --INFANT -CHILD -KIDS",
  // URLs with a query string: each parameter is read on its own.
  '/SEARCH/HANDMADE?SEARCH_SUBMIT=&Q="MOD"&VIEW_TYPE=GALLERY&SHIP_TO=US&PAGE=14',
  '/SEARCH/HANDMADE?SEARCH_SUBMIT=&Q="LIKE"+STAMP&VIEW_TYPE=GALLERY',
  '/SEARCH/HANDMADE?Q=WOODEN EMBROIDERY HOOP (3")&ORDER=MOST_RELEVANT',
  // Catalogue and part codes.
  '(1297-MR)',
  '(1156-MG) NEW MATTE GOLD 3-RING PENDANTS',
  // A word that is also a function name, before a spaced parenthesis, in prose.
  'Left (WA, RR), following wood edge south for half a mile to Pangfield Farm (564719).',
  'time (UTC)',
  // An arrow in text; the word javascript in text.
  'A --> B',
  'JavaScript: the good parts',
];

for (const [cls, v] of ATTACKS) {
  test(`${cls}: ${v}`, () => {
    // A cookie value is not read as HTML (no character references decoded there).
    for (const where of v.includes('&') ? POINTS.filter((p) => p !== 'cookie') : POINTS)
      assert.ok(classes(where, v).includes(cls), `${where}: ${v} gave ${classes(where, v).join(',')}`);
  });
}

for (const v of LOOK_ALIKES) {
  test(`benign: ${v}`, () => {
    for (const where of POINTS) {
      const found = classes(where, v).filter((c) => c === 'sqli' || c === 'xss');
      assert.deepEqual(found, [], `${where}: ${v}`);
    }
  });
}

/**
 * The committed fingerprints were pruned with libinjection's false-positive list; learned without
 * it (its leave-one-source-out fold) they hold the shapes below, which these look-alikes have in
 * the reading each rule is about (`'` + value: `s;`, `s;n`, `sc`; as written: `1;n`, `(1o`; `"` +
 * value: `sos`, `s)o`). Only the reading rules keep them quiet.
 */
const FOLD_KEYS = new FingerprintSet(['s;$', 's;n', 's;nn', 's;nx', '1;n', '1;no', 'sc$', 'sos', 's)o', '(1o', '(1on', '(n)o']);
for (const v of LOOK_ALIKES.slice(0, 11))
  test(`sqli reading with the fold's shapes: ${v} is text`, () => assert.equal(isSqlInjection(v, FOLD_KEYS), false));
for (const v of ["1'; drop table users--", "admin'#", "x'--", "/a?id=1';select 1--"])
  test(`sqli reading with the fold's shapes: ${v} is an injection`, () => assert.equal(isSqlInjection(v, FOLD_KEYS), true));
