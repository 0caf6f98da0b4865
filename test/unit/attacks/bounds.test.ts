import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import type { PointKind } from '../../../node/analysis/attacks/points/types';
import { RELAXED, tx } from './helpers';
import { committedModels } from '../../../node/analysis/attacks/models';
import { linearCost, superLinear } from '../../support/linear-cost';

/**
 * Inputs that make backtracking patterns explode, 50k characters each (each a function of the
 * length). A catastrophic pattern takes seconds to hours on them, a quadratic one sixteen times as
 * long on a whole input as on a quarter of it; the linear ones here take 1-120 ms. So the test
 * asserts how the CPU cost grows with the input (test/support/linear-cost.ts), never a number of
 * milliseconds, which a busy CI machine exceeds with a linear pattern too.
 */
const N = 50_000;
const ADVERSARIAL: Array<(n: number) => string> = [
  (n) => 'a'.repeat(n),
  (n) => ' '.repeat(n),
  (n) => '/a'.repeat(n / 2),
  (n) => ';'.repeat(n),
  (n) => '('.repeat(n),
  (n) => '<'.repeat(n),
  (n) => '<a '.repeat(n / 3),
  (n) => '{{'.repeat(n / 2),
  (n) => '${'.repeat(n / 2),
  (n) => '%'.repeat(n),
  (n) => '%2'.repeat(n / 2),
  (n) => '&#'.repeat(n / 2),
  (n) => '\\u'.repeat(n / 2),
  (n) => "'".repeat(n),
  (n) => '"'.repeat(n),
  (n) => '../'.repeat(n / 3),
  (n) => '\r\n'.repeat(n / 2),
  (n) => 'a='.repeat(n / 2),
  (n) => '$('.repeat(n / 2),
  (n) => '` '.repeat(n / 2),
  (n) => '*)('.repeat(n / 3),
  (n) => '<!--#'.repeat(n / 5),
  (n) => 'http://'.repeat(n / 7),
  (n) => 'A'.repeat(n - 1) + '!',
  (n) => '; a/a/a/a/a/a/a/a/a/a'.repeat(n / 21),
  (n) => '<x a=' + '"'.repeat(n),
  (n) => '1 union'.repeat(n / 7),
  (n) => '`id` '.repeat(n / 5),
  (n) => '`a`'.repeat(n / 3),
  (n) => ' '.repeat(n) + '`id`',
  (n) => '\n'.repeat(n / 2) + '; id',
  (n) => 'alert`'.repeat(n / 6),
  (n) => '[a](b) '.repeat(n / 7),
  (n) => '&copy;'.repeat(n / 6),
  (n) => 'a<x>b'.repeat(n / 5),
  (n) => '{"a":'.repeat(n / 5),
  // The SQL and script probes (docs/detection.md "The probes round").
  (n) => "'or ".repeat(n / 4),
  (n) => "a' or b ".repeat(n / 8),
  (n) => 'select/*'.repeat(n / 8),
  (n) => '/* or */'.repeat(n / 8),
  (n) => ' on'.repeat(n / 3) + '=',
  (n) => 'document.body'.repeat(n / 13),
  (n) => "'a'::".repeat(n / 5),
  (n) => 'select sin(('.repeat(n / 12),
  (n) => '(select a '.repeat(n / 10),
  (n) => 'union ( select '.repeat(n / 15),
  // The lookup reader, JavaScript, SQL statement and embedded-base64 patterns.
  (n) => '${lower:'.repeat(n / 8),
  (n) => '${::-j}'.repeat(n / 7),
  (n) => 'window['.repeat(n / 7),
  (n) => "self['a'+".repeat(n / 9),
  (n) => '[]+!'.repeat(n / 4),
  (n) => 'select a,'.repeat(n / 9),
  (n) => 'copy ('.repeat(n / 6),
  (n) => ' Ab1'.repeat(n / 4),
  (n) => '"QUJD'.repeat(n / 5),
  (n) => 'a=eval,'.repeat(n / 7),
  (n) => '/etc/'.repeat(n / 5),
  (n) => '..2f'.repeat(n / 4),
  (n) => '() {'.repeat(n / 4),
  // Traversal junk, remote inclusion, bare addresses, LDAP filters, breaks before fields.
  (n) => '..%'.repeat(n / 3),
  (n) => '..\u00e9'.repeat(n / 3),
  (n) => 'http://a/b.txt'.repeat(n / 14),
  (n) => '@127.0.0.1'.repeat(n / 10),
  (n) => '0x7f.'.repeat(n / 5),
  (n) => '(a=1)'.repeat(n / 5),
  (n) => ')!(a'.repeat(n / 4),
  (n) => '\r'.repeat(n),
  (n) => '\ra'.repeat(n / 2),
  // XPath, XML/XSLT, formula, LaTeX, ESI and format-string patterns (injection-classes.test.ts).
  (n) => "' ".repeat(n / 2),
  (n) => "'or count(".repeat(n / 10),
  (n) => 'child::'.repeat(n / 7),
  (n) => '<![CDATA['.repeat(n / 9),
  (n) => 'x</a>'.repeat(n / 5),
  (n) => '=' + 'a|'.repeat(n / 2),
  (n) => ',\t'.repeat(n / 2),
  (n) => '\\input'.repeat(n / 6),
  (n) => '\\openin\\f'.repeat(n / 9),
  (n) => '%0'.repeat(n / 2),
  (n) => '%x'.repeat(n / 2),
  (n) => 'AAAA%' + '0'.repeat(n - 5),
  (n) => '$(HTTP_'.repeat(n / 7),
  // The signals of the sqli and xss scores (scoring.ts), with an evidence signal so that all are read.
  (n) => 'on'.repeat(n / 2),
  (n) => 'onabc '.repeat(n / 6),
  (n) => '=:'.repeat(n / 2),
  (n) => "'a'='a ".repeat(n / 7),
  (n) => '1=1 or '.repeat(n / 7),
  (n) => 'document.a=b.c'.repeat(n / 14),
  (n) => 'document//1'.repeat(n / 11),
  (n) => "alert(' --".repeat(n / 10),
  (n) => 'sleep(1) '.repeat(n / 9),
  // The SQL fragments (sqli.ts SQL_FRAGMENT) and the stylesheet instruction (xss.ts).
  (n) => "'" + ' '.repeat(n - 1),
  (n) => 'and' + ' '.repeat(n - 4) + '(',
  (n) => '&&('.repeat(n / 3),
  (n) => "')".repeat(n / 2),
  (n) => ' or 1'.repeat(n / 5),
  (n) => 'database '.repeat(n / 9),
  (n) => '<?xml-stylesheet href='.repeat(n / 22),
  // The reading classes of branch i18-sqlxss (sqli.ts): paths of segments, text semicolons and
  // comments, URL values, hyphenated codes, Markdown links, lone calls; spelled script schemes (xss.ts).
  (n) => 'a'.repeat(n / 2) + '/' + 'a'.repeat(n / 2 - 2) + '=',
  (n) => '(a)/'.repeat(n / 4) + ' ',
  (n) => "';x".repeat(n / 3),
  (n) => "a'# ".repeat(n / 4),
  (n) => '/?a='.repeat(n / 4),
  (n) => '1-a'.repeat(n / 3),
  (n) => '[a](/'.repeat(n / 5),
  (n) => 'cos' + ' '.repeat(n - 4) + '(',
  (n) => '&tab;'.repeat(n / 5) + ':',
  // The operators round (sqli.ts, xss.ts): quoted logic, name tautologies, subqueries, comment
  // closes, words before a spaced quote; spaced tag names, stripped script tags, aliased sinks, line comments.
  (n) => "a' or ".repeat(n / 7),
  (n) => ' or (""a'.repeat(n / 9) + '=',
  (n) => '@a=('.repeat(n / 4) + ' select',
  (n) => 'select*/'.repeat(n / 8),
  (n) => 'a '.repeat(n / 2) + "'#",
  (n) => '<' + 'a '.repeat(n / 2 - 1),
  (n) => 'scriptalert('.repeat(n / 12),
  (n) => 'a.b=alert;'.repeat(n / 10) + 'b',
  (n) => '//a\n'.repeat(n / 4) + 'alert(',
  (n) => '0x' + '00'.repeat(n / 2 - 1),
  // The fourth i18-sqlxss session (sqli.ts, js-tokens.ts): literals joined by operators inside the
  // application's quotes, empty exponents, windows reached through windows, bare constructor chains.
  (n) => "a'='".repeat(n / 4),
  (n) => "'-''".repeat(n / 4) + 'x',
  (n) => '1.e('.repeat(n / 4),
  (n) => 'top.frames[0]'.repeat(n / 13) + '.',
  (n) => 'constructor.constructor((a)'.repeat(n / 27),
  (n) => 'window?.['.repeat(n / 9),
  (n) => 'a<>'.repeat(n / 3),
  (n) => '/*!'.repeat(n / 3),
  (n) => 'a ,'.repeat(n / 3) + ' from x',
];
const KINDS: PointKind[] = ['query', 'path', 'header', 'key', 'markup', 'doctype', 'json'];

test('no detector pattern is super-linear on adversarial 50k-character values', () => {
  const slow: string[] = [];
  const ctx = { hosts: ['a'], toolAgent: true, path: '/', target: '/', models: committedModels() };
  for (const adversarial of ADVERSARIAL) {
    const shown = JSON.stringify(adversarial(N).slice(0, 12));
    for (const d of DETECTORS) {
      for (const kind of KINDS) {
        const value = (n: number) => ({
          point: ['query', 'x'],
          kind,
          name: kind === 'header' ? 'user-agent' : 'url',
          value: adversarial(n),
        });
        if (!d.applies(value(N))) continue;
        const why = superLinear(linearCost(N, value, (v) => d.test(v.value, v, ctx, true)));
        if (why) slow.push(`${d.cls} on ${shown}... (${kind}): ${why}`);
      }
    }
    const why = superLinear(linearCost(N, adversarial, (input) => decodeVariants(input, new Budget(DEFAULT_ATTACK_LIMITS))));
    if (why) slow.push(`decoding ${shown}...: ${why}`);
  }
  assert.deepEqual(slow, []);
});

// The cap tests below lift the wall-clock cap (RELAXED): on a busy machine it would stop the
// request first and count \`time\` instead of the cap under test.
test('the values cap stops a request early and is counted', () => {
  const d = new AttackDetector({ ...RELAXED, maxValues: 10 });
  const target = '/?' + Array.from({ length: 50 }, (_, i) => `a${i}=1`).join('&') + '&z=%3Cscript%3Ealert(1)%3C/script%3E';
  assert.equal(d.detect(tx({ target })), null);
  assert.equal(d.counters.caps.values, 1);
});

test('the decoded-bytes cap is counted', () => {
  const d = new AttackDetector({ ...RELAXED, maxDecodedBytes: 1000 });
  d.detect(tx({ target: '/?q=' + 'x'.repeat(5000) }));
  assert.equal(d.counters.caps.decoded_bytes, 1);
});

test('the time cap is counted and detection stops', () => {
  const d = new AttackDetector({ maxMillisPerRequest: 0 });
  const target = '/?' + Array.from({ length: 200 }, (_, i) => `a${i}=${'y'.repeat(200)}`).join('&');
  d.detect(tx({ target }));
  assert.equal(d.counters.caps.time, 1);
});

test('the decode depth cap is counted', () => {
  let v = '<script>alert(1)</script>';
  for (let i = 0; i < 10; i++) v = encodeURIComponent(v);
  const d = new AttackDetector(RELAXED);
  d.detect(tx({ target: '/?q=' + v }));
  assert.equal(d.counters.caps.decode_depth, 1);
});

test('a value longer than a detector reads is skipped for it and counted', () => {
  const d = new AttackDetector(RELAXED);
  const url = 'http://169.254.169.254/latest/meta-data/?pad=' + 'ab'.repeat(2500);
  assert.equal(d.detect(tx({ target: '/fetch?url=' + encodeURIComponent(url) })), null);
  assert.equal(d.counters.caps.value_length, 1);
  assert.deepEqual(
    d
      .detect(tx({ target: '/fetch?url=' + encodeURIComponent('http://169.254.169.254/latest/meta-data/') }))
      ?.hits.map((h) => h.class),
    ['ssrf'],
  );
});

test('garbage never throws: random bytes in every part', () => {
  const d = new AttackDetector(RELAXED);
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 300; i++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256)));
    const s = bytes.toString('latin1');
    const types = [
      'application/json',
      'application/xml',
      'multipart/form-data; boundary=' + s.slice(0, 5),
      'application/x-www-form-urlencoded',
      '',
    ];
    d.detect(
      tx({
        method: 'POST',
        target: '/' + s.replace(/[\s]/g, ''),
        headers: [
          ['Host', s],
          ['Content-Type', types[i % 5]],
          ['Content-Encoding', i % 7 === 0 ? 'gzip' : 'identity'],
          ['Cookie', s],
        ],
        body: bytes,
      }),
    );
  }
  assert.equal(d.counters.internalErrors, 0);
});

test('whole requests of adversarial bodies cost linear time under the default size caps', () => {
  const types = [
    'application/json',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=a',
    'text/plain',
  ];
  const slow: string[] = [];
  let internalErrors = 0;
  for (const adversarial of ADVERSARIAL.slice(0, 20)) {
    for (const type of types) {
      // A fresh detector for every run: nothing one run remembers makes another cheaper. The
      // wall-clock cap is lifted (RELAXED): on a busy machine it would cut some runs short and
      // skew the comparison (the time cap has its own test above).
      const request = (n: number) => {
        const input = adversarial(n);
        const d = new AttackDetector(RELAXED);
        const request = tx({
          method: 'POST',
          target: '/x?q=' + encodeURIComponent(input.slice(0, 2000)),
          headers: [
            ['Host', 'a'],
            ['Content-Type', type],
          ],
          body: input,
        });
        return { d, request };
      };
      const why = superLinear(
        linearCost(N, request, ({ d, request }) => {
          d.detect(request);
          internalErrors += d.counters.internalErrors;
        }),
      );
      if (why) slow.push(`${type} body ${JSON.stringify(adversarial(N).slice(0, 12))}...: ${why}`);
    }
  }
  assert.deepEqual(slow, []);
  assert.equal(internalErrors, 0);
});
