/**
 * The smaller classes, fourth round (branch i18-small4, docs/detection.md "The smaller classes,
 * fourth round"): LDAP filters, XPath queries, template expressions and memory-corruption probes
 * read by the grammar of each language, in forms the readers did not know: an LDAP filter opened
 * with a combinator or closed then cut by a NUL; an XPath query handed over whole, a union or a
 * step out of a predicate without a bracket or a call; constant template expressions (products in
 * any shape, methods on literals, FreeMarker's special variables and built-ins), Velocity's quiet
 * reference, Node's process from EJS, template tags given a system file, the delimiter polyglot; a
 * byte repeated as an escape, `%.1024d`, two stack reads, conversions separated by `\n` written as
 * text. Every attack example here fails on main 9faac70; the benign look-alikes beside them stay
 * quiet (seven of them were flagged on main: Handlebars' `{{this.title}}`, Twig's `asset()` and
 * `path()`, Rails' `t()`, a Log4j layout, two German footnote marks).
 * Where: `q` a query value, `json`/`form` a field of that body, `ua` the User-Agent (helpers.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import fc from 'fast-check';
import {
  isOverflowRun,
  isProbeUnit,
  MAX_RUN_UNIT,
  OVERFLOW_MIN_RUN,
  RULE_CHARACTERS,
} from '../../../node/analysis/attacks/detectors/overflow';
import { RELAXED, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // LDAP: the value opens with a combinator given an assertion, where the filter expects an operand.
  ['a disjunction opening the value', 'ldapi', 'q', '|(objectClass=*)'],
  ['a conjunction opening the value', 'ldapi', 'json', '&(mail=*)'],
  // LDAP: the filter closed, then the rest of the application's filter cut by a NUL.
  ['a closed filter cut by a NUL', 'ldapi', 'q', 'admin)\0'],
  ['two closed components cut by a NUL', 'ldapi', 'form', 'admin))\0'],
  ['a NUL written as an escape after the close', 'ldapi', 'json', 'jdoe)\\x00'],
  ['a NUL written as an escape in a cookie', 'ldapi', 'cookie', 'jdoe)\\x00'],
  // XPath: a query handed over whole, selecting by a predicate or a node test.
  ['an absolute path with a position predicate', 'xpathi', 'q', '//user[position()=1]'],
  ['star steps with positions', 'xpathi', 'q', '/*[1]/*[1]'],
  ['a path selecting by content', 'xpathi', 'json', "//*[contains(.,'admin')]"],
  ['a path ending in a text node test', 'xpathi', 'form', '//user/password/text()'],
  // XPath: break-outs that need no bracket and no call.
  ['a closed string, then a path with a predicate', 'xpathi', 'q', "' or //user[name='admin'] or '"],
  ['a union of a path between closed strings', 'xpathi', 'q', "' | //password | '"],
  ['a predicate closed and a step to the parent', 'xpathi', 'json', "admin']/../*[name()='password"],
  // ssti: constants computed by methods on literals.
  ['a method on a string literal', 'ssti', 'q', "{{'a'.toUpperCase()}}"],
  ['a method given a literal', 'ssti', 'json', '${"ab".concat("cd")}'],
  ["Python's class graph from a literal", 'ssti', 'q', "{{''.class.mro()[1].subclasses()}}"],
  ['subclasses walked by name', 'ssti', 'form', '{{ [].class.base.subclasses() }}'],
  // ssti: assignment and filter arithmetic, Velocity's quiet reference.
  ['an assignment of a product', 'ssti', 'q', '{% set x = 7*7 %}{{x}}'],
  ["Django's add filter on numbers", 'ssti', 'q', '{{ 7|add:7 }}'],
  ["Velocity's quiet reference", 'ssti', 'q', '$!{7*7}'],
  // ssti: arithmetic on constants with a product, in any shape.
  ['a product in parentheses', 'ssti', 'q', '{{ (7*7) }}'],
  ['a product of three', 'ssti', 'json', '{{7*7*7}}'],
  ['a product plus one', 'ssti', 'q', '${7*7+1}'],
  ['a power', 'ssti', 'form', '{{ 7**2 }}'],
  ["Jinja's print tag", 'ssti', 'q', '{% print 7*7 %}'],
  ["Smarty's math evaluator", 'ssti', 'q', '{math equation="7*7"}'],
  ["Velocity's condition on a product", 'ssti', 'q', '#if(7*7==49)yes#end'],
  // ssti: FreeMarker's special variables and built-ins on a literal.
  ["FreeMarker's version", 'ssti', 'q', '${.version}'],
  ['a built-in on a literal', 'ssti', 'json', '${"test"?upper_case}'],
  ["a system file handed to Symfony's filter", 'ssti', 'q', "{{ '/etc/passwd'|file_excerpt(1,30) }}"],
  // ssti: Node's process reached from EJS (was rce only).
  ['EJS requiring child_process', 'ssti', 'json', "<%= global.process.mainModule.require('child_process').execSync('id') %>"],
  // ssti: a template tag given a system file.
  ['an include of /etc/passwd', 'ssti', 'q', "{% include '/etc/passwd' %}"],
  ['an extends of a file URL', 'ssti', 'form', '{% extends "file:///etc/passwd" %}'],
  // ssti: the delimiter polyglot (was sqli only).
  ['openers of several engines and no word', 'ssti', 'q', '${{<%[%\'"}}%\\.'],
  // overflow: a byte repeated as an escape or a short unit.
  ['a hex-escaped byte repeated', 'overflow', 'q', '\\x41'.repeat(100)],
  ['a percent-escaped byte repeated', 'overflow', 'json', '%41'.repeat(120)],
  ['a NOP sled of %u escapes', 'overflow', 'form', '%u9090'.repeat(60)],
  ['a decimal character reference repeated', 'overflow', 'ua', '&#65;'.repeat(60)],
  // overflow: format strings the rules did not read.
  ['a lone conversion with a three-digit precision', 'overflow', 'q', '%.1024d'],
  ['two stack reads', 'overflow', 'q', '%x.%x'],
  ['two pointer reads', 'overflow', 'json', '%p%p'],
  ['conversions separated by \\n written as text', 'overflow', 'q', '%s\\n%s\\n%s\\n%s'],
];

const BENIGN: Array<[string, Where, string]> = [
  // LDAP
  ['a negation in a search language', 'q', '!(state=closed)'],
  ['a whole filter an admin typed', 'q', '(&(objectClass=user)(sn=Smith))'],
  ['a phone number', 'q', '(555) 123-4567'],
  ['a German footnote mark', 'form', 'Preis*) inkl. MwSt.'],
  ['a footnote line', 'json', '*) Angebot gilt solange der Vorrat reicht'],
  ['a closing parenthesis at the end of a note', 'q', 'see the note (below)'],
  // XPath
  ['a Next.js route pattern', 'q', '/posts/[slug]/edit'],
  ['a catch-all route pattern', 'json', '/blog/[...slug]'],
  ['a protocol-relative URL', 'q', '//cdn.example.com/a.js'],
  ['an array index in a path', 'q', '/items[0]'],
  ['a path with a star step', 'q', '/data/items/*'],
  ['a CSS attribute selector', 'q', "a[href*='example']"],
  ['a quoted word before a pipe and a URL', 'q', "'hello' | //example.com"],
  // ssti
  ['a Handlebars loop over titles', 'form', '{{#each items}}<li>{{this.title}}</li>{{/each}}'],
  ["Twig's asset helper", 'form', "{{ asset('css/app.css') }}"],
  ["Twig's path helper", 'json', '<a href="{{ path(\'homepage\') }}">Home</a>'],
  ["Rails' translation helper", 'form', "<h1><%= t('.title') %></h1>"],
  ['a join over data', 'json', "{{ ', '.join(tags) }}"],
  ['a filter on a literal', 'q', "{{ 'Save'|trans }}"],
  ['an assignment from data', 'form', '{% set total = price * qty %}'],
  ['a counter filter', 'form', '{{ forloop.counter|add:1 }}'],
  ['an include of a partial', 'form', '{% include "partials/header.html" %}'],
  ['a date in braces', 'q', '{{2024-01-01}}'],
  ['a product of data', 'form', '{{ price * 2 }}'],
  ['a filter on a literal word', 'form', '{{ "Docs"|upper }}'],
  ['a decimal in a placeholder', 'q', 'costs ${.5} more'],
  ['a quiet Velocity reference to data', 'q', '$!{user.name}'],
  ['a GitHub Actions expression', 'json', '${{ secrets.GITHUB_TOKEN }}'],
  ['an i18n placeholder', 'json', 'Hello {{name}}, you have {{count}} new messages'],
  // overflow
  ['escaped spaces padding a field', 'q', '%20'.repeat(100)],
  ['non-breaking spaces padding a field', 'form', '&nbsp;'.repeat(60)],
  ['a long hex token', 'q', '0123456789abcdef'.repeat(20)],
  ['a long base64 token', 'json', 'aGVsbG8gd29ybGQhIQ=='.repeat(20)],
  ['base64 of a file of one byte repeated', 'json', Buffer.alloc(600, 7).toString('base64')],
  ['hex of a file of one byte repeated', 'form', Buffer.alloc(300, 7).toString('hex')],
  ['a rule of punctuation drawn in text', 'form', ".'".repeat(150)],
  ['a Log4j pattern layout', 'form', '%-5p [%t] %c - %m%n'],
  ['a Logback pattern', 'json', '%d{HH:mm:ss} %-5level %logger{36} - %msg%n'],
  ['two string placeholders', 'q', '%s%s'],
  ['a price format', 'q', '%.2f'],
];

namedExamples(detector, ATTACKS, BENIGN);

/**
 * isOverflowRun looks for the run only around the middle character (a run over nine tenths of the
 * value covers it): pinned to the simple reference that tries every start and every unit length.
 */
function overflowRunReference(value: string): boolean {
  const n = value.length;
  if (n < OVERFLOW_MIN_RUN) return false;
  const need = Math.max(OVERFLOW_MIN_RUN, Math.ceil(n * 0.9));
  for (let p = 1; p <= MAX_RUN_UNIT; p++) {
    for (let a = 0; a + p <= n; a++) {
      let b = a + p;
      while (b < n && value[b] === value[b - p]) b++;
      const unit = value.slice(a, a + p);
      if (b - a >= need && (p === 1 ? unit.charCodeAt(0) > 0x20 && !RULE_CHARACTERS.includes(unit) : isProbeUnit(unit)))
        return true;
    }
  }
  return false;
}

test('overflow: the run read from the middle is the run found from every start (property)', () => {
  const unit = fc.constantFrom('A', ' ', '-', '=', '%41', '%20', '\\x90', '\\t', '%u9090', '&#65;', 'AB', 'eXp4', ".'");
  // Around the thresholds: a run of about OVERFLOW_MIN_RUN characters, cut anywhere in its unit,
  // between noise of up to a tenth of the value.
  const noise = fc.string({ maxLength: 32 });
  fc.assert(
    fc.property(
      noise,
      unit,
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 240, max: 300 }),
      noise,
      (before, u, skip, length, after) => {
        const run = u.repeat(Math.ceil((length + skip) / u.length) + 1).slice(skip % u.length, (skip % u.length) + length);
        const value = before + run + after;
        assert.equal(isOverflowRun(value), overflowRunReference(value), JSON.stringify(value.slice(0, 80)));
      },
    ),
    { numRuns: 1000 },
  );
});
