import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import type { PointKind } from '../../../node/analysis/attacks/points/types';
import { RELAXED, tx } from './helpers';
import { committedModels } from '../../../node/analysis/attacks/models';

/**
 * Inputs that make backtracking patterns explode, 50k characters each. A catastrophic pattern
 * takes seconds to hours on them; the linear ones here take 1-120 ms, so the 500 ms bound is loose
 * and still fails on any super-linear pattern. CPU time, not wall time: other processes on a
 * busy CI machine must not make a linear pattern look slow.
 */
const BOUND_MS = 500;

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const N = 50_000;
const ADVERSARIAL = [
  'a'.repeat(N),
  ' '.repeat(N),
  '/a'.repeat(N / 2),
  ';'.repeat(N),
  '('.repeat(N),
  '<'.repeat(N),
  '<a '.repeat(N / 3),
  '{{'.repeat(N / 2),
  '${'.repeat(N / 2),
  '%'.repeat(N),
  '%2'.repeat(N / 2),
  '&#'.repeat(N / 2),
  '\\u'.repeat(N / 2),
  "'".repeat(N),
  '"'.repeat(N),
  '../'.repeat(N / 3),
  '\r\n'.repeat(N / 2),
  'a='.repeat(N / 2),
  '$('.repeat(N / 2),
  '` '.repeat(N / 2),
  '*)('.repeat(N / 3),
  '<!--#'.repeat(N / 5),
  'http://'.repeat(N / 7),
  'A'.repeat(N - 1) + '!',
  '; a/a/a/a/a/a/a/a/a/a'.repeat(N / 21),
  '<x a=' + '"'.repeat(N),
  '1 union'.repeat(N / 7),
  '`id` '.repeat(N / 5),
  '`a`'.repeat(N / 3),
  ' '.repeat(N) + '`id`',
  '\n'.repeat(N / 2) + '; id',
  'alert`'.repeat(N / 6),
  '[a](b) '.repeat(N / 7),
  '&copy;'.repeat(N / 6),
  'a<x>b'.repeat(N / 5),
  '{"a":'.repeat(N / 5),
  // The lookup reader, JavaScript, SQL statement and embedded-base64 patterns.
  '${lower:'.repeat(N / 8),
  '${::-j}'.repeat(N / 7),
  'window['.repeat(N / 7),
  "self['a'+".repeat(N / 9),
  '[]+!'.repeat(N / 4),
  'select a,'.repeat(N / 9),
  'copy ('.repeat(N / 6),
  ' Ab1'.repeat(N / 4),
  '"QUJD'.repeat(N / 5),
  'a=eval,'.repeat(N / 7),
  '/etc/'.repeat(N / 5),
  '..2f'.repeat(N / 4),
  '() {'.repeat(N / 4),
  // Traversal junk, remote inclusion, bare addresses, LDAP filters, breaks before fields.
  '..%'.repeat(N / 3),
  '..\u00e9'.repeat(N / 3),
  'http://a/b.txt'.repeat(N / 14),
  '@127.0.0.1'.repeat(N / 10),
  '0x7f.'.repeat(N / 5),
  '(a=1)'.repeat(N / 5),
  ')!(a'.repeat(N / 4),
  '\r'.repeat(N),
  '\ra'.repeat(N / 2),
];
const KINDS: PointKind[] = ['query', 'path', 'header', 'key', 'markup', 'doctype', 'json'];

test('no detector pattern is slow on adversarial 50k-character values', () => {
  for (const input of ADVERSARIAL) {
    for (const d of DETECTORS) {
      for (const kind of KINDS) {
        const v = { point: ['query', 'x'], kind, name: kind === 'header' ? 'user-agent' : 'url', value: input };
        if (!d.applies(v)) continue;
        const ms = cpuMs(() => d.test(input, v, { hosts: ['a'], toolAgent: true, path: '/', models: committedModels() }, true));
        assert.ok(ms < BOUND_MS, `${d.cls} on ${JSON.stringify(input.slice(0, 12))}... (${kind}) took ${ms.toFixed(0)} ms`);
      }
    }
    const ms = cpuMs(() => decodeVariants(input, new Budget(DEFAULT_ATTACK_LIMITS)));
    assert.ok(ms < BOUND_MS, `decoding ${JSON.stringify(input.slice(0, 12))} took ${ms.toFixed(0)} ms`);
  }
});

test('the values cap stops a request early and is counted', () => {
  const d = new AttackDetector({ maxValues: 10 });
  const target = '/?' + Array.from({ length: 50 }, (_, i) => `a${i}=1`).join('&') + '&z=%3Cscript%3Ealert(1)%3C/script%3E';
  assert.equal(d.detect(tx({ target })), null);
  assert.equal(d.counters.caps.values, 1);
});

test('the decoded-bytes cap is counted', () => {
  const d = new AttackDetector({ maxDecodedBytes: 1000 });
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
  const url = 'http://169.254.169.254/latest/meta-data/?pad=' + 'a'.repeat(5000);
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

test('whole requests of adversarial bodies finish quickly under the default caps', () => {
  const d = new AttackDetector();
  const types = [
    'application/json',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=a',
    'text/plain',
  ];
  for (const input of ADVERSARIAL.slice(0, 20)) {
    for (const type of types) {
      const ms = cpuMs(() =>
        d.detect(
          tx({
            method: 'POST',
            target: '/x?q=' + encodeURIComponent(input.slice(0, 2000)),
            headers: [
              ['Host', 'a'],
              ['Content-Type', type],
            ],
            body: input,
          }),
        ),
      );
      assert.ok(ms < 4 * BOUND_MS, `${type} body ${JSON.stringify(input.slice(0, 12))}... took ${ms.toFixed(0)} ms`);
    }
  }
  assert.equal(d.counters.internalErrors, 0);
});
