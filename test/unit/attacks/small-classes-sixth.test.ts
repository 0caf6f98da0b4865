/**
 * The smaller classes, sixth round (branch i18-small6, docs/detection.md "The smaller classes,
 * sixth round"): printf format strings and templates read by their grammar in forms the readers
 * did not know, and one false positive of overflow. Format strings: several conversions only a
 * probe writes glued into the whole value, a greeting ended by a lone write, a stack-read run after
 * an address written as byte escapes. Templates: an engine global called with literals (JSF's
 * session), EJS printing the whole environment, Django's widthratio on numbers, Razor's code block
 * declaring a product. Crlf: a header the document sets (`<meta http-equiv>`). Overflow: a run of
 * the characters text draws its rules with is layout.
 * Every attack example here fails on main 2180f87; the look-alikes stay quiet on the branch, and
 * the first four (rules drawn in text) were overflow on main.
 * Where: `q` a query value, `json`/`form` a field of that body (helpers.ts); each value is encoded
 * as a client sends it there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [];

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // overflow: conversions only a probe writes, glued into the whole value.
  ['two positional conversions glued', 'overflow', 'q', '%1$s%2$s'],
  ['two positional integers glued, in JSON', 'overflow', 'json', '%1$d%2$d'],
  ['two argument widths glued', 'overflow', 'form', '%*s%*s'],
  // overflow: a greeting ended by a lone write.
  ['a greeting then %n', 'overflow', 'q', 'Hello %n'],
  ['a sentence then a short write, in JSON', 'overflow', 'json', 'Hi there %hn'],
  // overflow: an address written as byte escapes, then stack reads.
  ['byte escapes then a run of reads', 'overflow', 'q', '\\x10\\x01\\x48\\x08_%08x.%08x.%08x.%08x.%08x|%s|'],
  ['byte escapes then zero-padded reads', 'overflow', 'q', '\\x41\\x41\\x41\\x41%08x%08x%08x'],
  // ssti: an engine global called with literals.
  ["JSF's session written by EL", 'ssti', 'q', '#{session.setAttribute("admin","true")}'],
  ["JSF's session written by EL, in JSON", 'ssti', 'json', '#{session.putValue("role", "admin")}'],
  // ssti: the whole environment, widthratio on constants, a Razor block declaring a product.
  ["EJS printing Node's environment", 'ssti', 'q', '<%= process.env %>'],
  ["Django's widthratio on numbers", 'ssti', 'form', '{% widthratio 7 1 7 %}'],
  ["Razor's code block declaring a product", 'ssti', 'q', '@{ var x = 7*7; }@x'],
  ["Razor's code block with a typed declaration, in JSON", 'ssti', 'json', '@{ int n = 7*7; }'],
  // crlf: a header the document sets (CRS 921130's response splitting without a break).
  [
    'a meta refresh to another host, in a JSON field',
    'crlf',
    'json',
    'hi<meta http-equiv="Refresh" content="0; url=http://evil.example/">',
  ],
  ['a meta cookie in the query', 'crlf', 'q', '<meta http-equiv=Set-Cookie content="sid=attacker">'],
  ['the content before the equiv, in a form field', 'crlf', 'form', "<meta content='1;URL=//evil.example' http-equiv='refresh'>"],
];

const BENIGN: Array<[string, Where, string]> = [
  // overflow: rules and underlines drawn in text; translated sentences; Java's line separator.
  ['300 dashes in the query (a separator line)', 'q', '-'.repeat(300)],
  ['300 equals signs in a form field', 'form', '='.repeat(300)],
  ['a rule of underscores in JSON', 'json', '_'.repeat(400)],
  ['a rule of asterisks then text', 'q', '*'.repeat(300) + ' notes'],
  ['positional placeholders with a space (a name order)', 'q', '%1$s %2$s'],
  ['positional placeholders in a sentence', 'json', '%1$s of %2$s'],
  ["Java's line separator glued to text", 'json', 'Hello%n'],
  ["Java's line separator after a conversion", 'json', 'Total: %d%n'],
  ['a sentence naming %n in its middle', 'q', 'use %n for a new line'],
  ['an ANSI colour escape around one conversion', 'json', 'printf("\\x1b[31m%s\\x1b[0m")'],
  ['a log layout ending in %n', 'form', '%-5p [%t] %c - %m %n'],
  // ssti: a template names its data, or prints one variable of the environment.
  ['a session value read in Jinja', 'q', '{{ session.get(user_id) }}'],
  ['a variable of the environment in shown code', 'json', 'const url = `${process.env.API_URL}/v1`'],
  ['an environment variable printed by EJS', 'form', '<%= process.env.NODE_ENV %>'],
  ["Django's widthratio on data", 'form', '{% widthratio value max_value 100 %}'],
  ["LESS's variable interpolation", 'q', '.@{prefix}-button { color: red }'],
  ['a declaration of data in a Razor block', 'json', '@{ var total = price * qty; }'],
];

/** A page's own meta elements in posted HTML: not crlf (xss reads any `http-equiv` of a value, on main as here). */
const NOT_CRLF: Array<[string, Where, string]> = [
  [
    'a charset meta in an HTML mail body',
    'json',
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head></html>',
  ],
  ['a timed reload in a page draft', 'form', '<meta http-equiv="refresh" content="30">'],
];

namedExamples(detector, ATTACKS, BENIGN);
for (const [name, where, v] of NOT_CRLF) {
  test(`not crlf: ${name}`, () => assert.ok(!classes(where, v).includes('crlf'), `${where} ${JSON.stringify(v)}`));
}
