import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, vulnerableComponents } from '../../../node/analysis/vulnerabilities/components';
import { VulnerabilityDetector } from '../../../node/analysis/vulnerabilities/detector';
import { bodyExposures, internalAddress } from '../../../node/analysis/vulnerabilities/exposure';
import { JwtChecker } from '../../../node/analysis/vulnerabilities/jwt';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { jwt } from '../../gen/api';
import { tx, type TxSpec } from './tx';
import { linearCost, superLinear } from '../../support/linear-cost';

test('weak JWTs: alg none in any casing, HMAC with a listed key (verified), HS* without exp; RS256 and strong keys with exp are not reported; verdicts remembered', () => {
  const c = new JwtChecker();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  assert.deepEqual(c.check(jwt({ sub: 'a' }, '', 'none')), [{ detail: 'alg_none', alg: 'none' }]);
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  for (const alg of ['None', 'NONE', 'nOnE'])
    assert.deepEqual(c.check(`${b64(`{"alg":"${alg}"}`)}.${b64('{"sub":"x"}')}.`), [{ detail: 'alg_none', alg }]);
  assert.deepEqual(
    c.check(`${b64('{\n  "alg": "none"\n}')}.${b64('{"sub":"x"}')}.`),
    [{ detail: 'alg_none', alg: 'none' }],
    'a header JSON starting with a newline (base64 "ew")',
  );
  assert.deepEqual(c.check(jwt({ sub: 'b', exp }, 'your-256-bit-secret')), [
    { detail: 'weak_hmac_key', alg: 'HS256', key: 'yo***' },
  ]);
  assert.deepEqual(
    c.check(jwt({ sub: 'b' }, 'changeme')).map((w) => w.detail),
    ['weak_hmac_key', 'no_expiry'],
  );
  assert.deepEqual(c.check(jwt({ sub: 'c' }, 'c2f1e0d9-long-random-key-8a7b')), [{ detail: 'no_expiry', alg: 'HS256' }]);
  const strong = jwt({ sub: 'c', exp }, 'c2f1e0d9-long-random-key-8a7b');
  assert.deepEqual(c.check(strong), []);
  const weak = jwt({ sub: 'd', exp }, 'changeme');
  assert.equal(c.check(weak).length, 1);
  assert.equal(
    c.check(weak).length,
    1,
    'the verdict is remembered, not forgotten: every endpoint the token reaches is judged alike',
  );
  const rs = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"sub":"e"}').toString('base64url')}.c2ln`;
  assert.deepEqual(c.check(rs), [], 'asymmetric tokens without exp are not reported');
  assert.deepEqual(c.check('not.a.jwt'), []);
});

test('vulnerable components from banners: version ranges, letter suffixes, several products per banner', () => {
  assert.ok(compareVersions('1.0.1f', '1.0.1g') < 0);
  assert.ok(compareVersions('1.0.1', '1.0.1a') < 0);
  assert.ok(compareVersions('2.4.10', '2.4.9') > 0);
  assert.deepEqual(
    vulnerableComponents('Apache/2.4.49 (Unix) OpenSSL/1.0.1f').map((m) => `${m.product}/${m.version}`),
    ['Apache/2.4.49', 'OpenSSL/1.0.1f'],
  );
  // Apache 2.4.49 is in two listed ranges: one match with both issues.
  assert.deepEqual(vulnerableComponents('Apache/2.4.49')[0].cve, ['CVE-2021-41773', 'CVE-2021-42013', 'CVE-2023-25690']);
  assert.deepEqual(vulnerableComponents('Apache/2.4.58 (Unix) OpenSSL/1.0.1g'), []);
  assert.deepEqual(vulnerableComponents('nginx/1.25.3'), []);
  assert.equal(vulnerableComponents('nginx/1.18.0')[0].cve[0], 'CVE-2021-23017');
  assert.equal(vulnerableComponents('PHP/7.3.10')[0].cve[0], 'CVE-2019-11043');
});

test('information exposure patterns', () => {
  const ids = (t: string) => bodyExposures(t).map((e) => e.id);
  assert.deepEqual(ids('java.lang.NullPointerException: x\n\tat com.shop.Api.get(Api.java:42)\n'), ['stack_trace:java']);
  assert.deepEqual(ids('Error: boom\n    at Object.<anonymous> (/srv/app/index.js:10:5)\n'), ['stack_trace:node']);
  assert.deepEqual(ids("You have an error in your SQL syntax; check the manual near ''' at line 1"), ['sql_error:mysql']);
  assert.deepEqual(ids('ORA-00933: SQL command not properly ended'), ['sql_error:oracle']);
  assert.deepEqual(ids("<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings</p>"), [
    'debug_page:django',
  ]);
  assert.deepEqual(ids('<?php echo $secret; ?>'), ['source_code:php']);
  assert.deepEqual(ids('System.NullReferenceException: x\r\n   at Shop.Api.Get(String id) in C:\\src\\Api.cs:line 42\r\n'), [
    'stack_trace:dotnet',
  ]);
  assert.deepEqual(ids("<title>Server Error in '/' Application.</title>"), ['stack_trace:dotnet']);
  assert.deepEqual(ids('{"items":[{"name":"at home","error":"not found"}]}'), []);
  assert.equal(internalAddress('backend 192.168.10.4 failed')?.id, 'internal_ip');
  assert.equal(internalAddress('version 1.192.168.1.1.5'), null);
  assert.equal(internalAddress('8.8.8.8'), null);
});

function inspect(
  d: VulnerabilityDetector,
  s: TxSpec,
  template = '/t',
  attack: Parameters<VulnerabilityDetector['inspect']>[0]['attack'] = null,
  knownEndpoint = true,
) {
  const t = tx(s);
  return d.inspect(
    { tx: t, facts: extractFacts(t, { decompressBytes: 1 << 20 }), method: t.request.method, template, knownEndpoint, attack },
    'api.test',
    'ts',
  );
}

test('findings on paths outside the inventory: one per path, at most max_unlisted_paths_per_vulnerability per host, kind and detail (a scanner cannot flood records)', () => {
  const d = new VulnerabilityDetector({
    maxRemembered: 10000,
    rereportAfterUs: 0,
    maxUnlistedPathsPerFinding: 20,
    limits: { decompressBytes: 1 << 20 },
  });
  let records = 0;
  for (let i = 0; i < 1000; i++) {
    records += inspect(
      d,
      {
        target: `/x${i % 100}.php`,
        status: 500,
        responseHeaders: [['Content-Type', 'text/plain']],
        responseBody: 'Traceback (most recent call last):\n  File "/a.py", line 1',
      },
      `/x${i % 100}.php`,
      null,
      false,
    ).length;
  }
  assert.equal(records, 20);
  assert.equal(d.counters.unlistedPathsCapped, 800, 'every sighting on a path past the cap is counted');
});

test('de-duplication per endpoint template and kind: a second endpoint of the same host leaking the same way is reported', () => {
  const d = new VulnerabilityDetector(100);
  const leak = {
    status: 500,
    responseHeaders: [['Content-Type', 'text/plain']] as Array<[string, string]>,
    responseBody: 'Traceback (most recent call last):\n  File "/srv/app.py", line 1, in x',
  };
  const at = (path: string, known = true) =>
    inspect(d, { target: path, ...leak }, path, null, known).map((v) => `${v.endpoint.template} ${v.kind} ${v.detail}`);
  assert.deepEqual(at('/api/a'), ['/api/a info_exposure stack_trace:python']);
  assert.deepEqual(at('/api/a'), [], 'the same endpoint again: a duplicate');
  assert.deepEqual(at('/api/b'), ['/api/b info_exposure stack_trace:python']);
  assert.deepEqual(
    at('/errors/c', false),
    ['/errors/c info_exposure stack_trace:python'],
    'an error-only path outside the inventory is reported too',
  );
  assert.deepEqual(
    d.memory.snapshot().map((e) => [e.endpoint, e.kind, e.detail, e.count]),
    [
      ['GET /api/a', 'info_exposure', 'stack_trace:python', 2],
      ['GET /api/b', 'info_exposure', 'stack_trace:python', 1],
      ['GET /errors/c', 'info_exposure', 'stack_trace:python', 1],
    ],
  );
});

test('re-reported when a fixed endpoint leaks again after rereport_after (capture time); never with 0', () => {
  const hour = 3600e6;
  const d = new VulnerabilityDetector({
    maxRemembered: 100,
    rereportAfterUs: 24 * hour,
    maxUnlistedPathsPerFinding: 100,
    limits: { decompressBytes: 1 << 20 },
  });
  const t0 = 1_700_000_000_000_000;
  const leak = (ts: number) =>
    inspect(
      d,
      {
        target: '/api/a',
        ts,
        status: 500,
        responseHeaders: [['Content-Type', 'text/plain']],
        responseBody: 'ORA-00942: table or view does not exist',
      },
      '/api/a',
    );
  assert.equal(leak(t0).length, 1);
  assert.equal(leak(t0 + 20 * hour).length, 0, 'seen within the period: a duplicate (and the period restarts)');
  assert.equal(leak(t0 + 40 * hour).length, 0, 'last seen 20 h ago');
  const again = leak(t0 + 70 * hour);
  assert.equal(again.length, 1, 'quiet for 30 h: reported again');
  assert.equal(again[0].previous_seen, '2023-11-16T14:13:20.000000Z', 'the last sighting before the quiet period (t0 + 40 h)');
  assert.equal(d.counters.vulnerabilitiesRereported, 1);
  const never = new VulnerabilityDetector({
    maxRemembered: 100,
    rereportAfterUs: 0,
    maxUnlistedPathsPerFinding: 100,
    limits: { decompressBytes: 1 << 20 },
  });
  const leakN = (ts: number) =>
    inspect(
      never,
      { target: '/api/a', ts, status: 500, responseHeaders: [['Content-Type', 'text/plain']], responseBody: 'ORA-00942: x' },
      '/api/a',
    );
  assert.equal(leakN(t0).length + leakN(t0 + 1000 * hour).length, 1);
});

test('detector: credentials in URLs, unauthenticated sensitive data, internal IPs in headers; deduplicated and bounded', () => {
  const d = new VulnerabilityDetector(3);
  assert.deepEqual(
    inspect(d, { target: '/login?user=a&password=x1', responseBody: '{}' }).map((v) => v.detail),
    ['query:password'],
  );
  assert.deepEqual(
    inspect(d, { target: '/login?user=b&password=y2', responseBody: '{}' }),
    [],
    'same finding on the same endpoint: once',
  );
  assert.equal(d.counters.duplicates, 1);
  const pii = inspect(d, { target: '/people', responseBody: '[{"email":"a@example.com","card":"4111111111111111"}]' }, '/people');
  assert.deepEqual(
    pii.map((v) => `${v.kind} ${v.detail}`),
    ['unauthenticated_sensitive_data card,email'],
  );
  assert.deepEqual(
    inspect(
      d,
      { target: '/people2', headers: [['Authorization', 'Basic YTpi']], responseBody: '[{"email":"a@example.com"}]' },
      '/people2',
    ),
    [],
  );
  assert.deepEqual(
    inspect(
      d,
      {
        method: 'POST',
        target: '/login',
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: 'user=a&password=b',
        responseBody: '{"email":"a@example.com","token":"a8f9d0s8f7g6h5j4k3l2"}',
      },
      '/login',
    ),
    [],
  );
  const ip = inspect(
    d,
    {
      target: '/x',
      responseHeaders: [
        ['Content-Type', 'application/json'],
        ['X-Backend', '10.0.3.7:8080'],
      ],
    },
    '/x',
  );
  assert.deepEqual(
    ip.map((v) => v.detail),
    ['internal_ip:header:x-backend'],
  );
  assert.equal(d.counters.dedupeEvicted, 0);
  inspect(d, { target: '/y?token=abcdefgh' }, '/y');
  assert.equal(d.counters.dedupeEvicted, 1, 'the oldest finding is forgotten past max_vulnerabilities');
  const ok = inspect(d, { target: '/f?path=../../etc/passwd', responseBody: 'root:x:0:0' }, '/f', {
    verdict: 'succeeded',
    hits: [{ class: 'ptrav', point: ['query', 'path'], value: '../../etc/passwd' }],
  });
  assert.deepEqual(
    ok.map((v) => `${v.kind} ${v.detail}`),
    ['attack_succeeded ptrav'],
  );
  assert.deepEqual(
    inspect(d, { target: '/g?q=1' }, '/g', { verdict: 'attempt', hits: [{ class: 'sqli', point: ['query', 'q'], value: "1'" }] }),
    [],
  );
});

test('exposure patterns cost linear time: hostile 64 KiB bodies take milliseconds, not seconds', () => {
  const hostile = [
    JSON.stringify(Array.from({ length: 800 }, (_, i) => ({ id: i, note: 'Error: at line' }))),
    '\n    at '.repeat(9000),
    'Fatal error: '.repeat(5000),
    'System.IOException '.repeat(3000),
    ' '.repeat(65536),
    '<?'.repeat(30000),
    '/gems/'.repeat(10000),
  ];
  const slow: string[] = [];
  for (const h of hostile) {
    // Before the repetitions were bounded, the first input took 135 ms and the fourth 39 ms: the
    // cost grew with the square of the body (test/support/linear-cost.ts).
    const why = superLinear(
      linearCost(
        Math.min(h.length, 65536),
        (n) => h.slice(0, n),
        (body) => bodyExposures(body),
      ),
    );
    if (why) slow.push(`${h.slice(0, 20)}...: ${why}`);
  }
  assert.deepEqual(slow, []);
});

test('client-controlled input costs linear time: a target of 60 000 colons, multipart-looking bodies', () => {
  const d = new VulnerabilityDetector(10);
  const inputs: Array<(n: number) => TxSpec> = [
    (n) => ({ target: `http://${':'.repeat(n)}` }),
    (n) => ({
      method: 'POST',
      target: '/u',
      headers: [['Content-Type', 'multipart/form-data; boundary=x']],
      body: 'content-disposition:'.repeat(n / 20),
    }),
  ];
  for (const input of inputs) {
    // A fresh detector for every measured run (its memory would make repeats cheaper).
    const cost = linearCost(
      60_000,
      (n) => ({ d: new VulnerabilityDetector(10), s: input(n) }),
      (r) => inspect(r.d, r.s),
    );
    // The unbounded userinfo pattern took about 10 s on the first input.
    assert.equal(superLinear(cost), null, input(60_000).target.slice(0, 20));
    inspect(d, input(60_000));
  }
  assert.deepEqual(
    inspect(d, { target: 'http://bob:secret@api.test/x' }).map((v) => v.detail),
    ['userinfo'],
  );
});

test('internal IPs in response headers: found again for the same header value by every detector (the per-value memory)', () => {
  for (const [i, name] of ['X-Backend', 'x-backend', 'X-BACKEND'].entries()) {
    const d = new VulnerabilityDetector(100);
    const headers: Array<[string, string]> = [
      ['Content-Type', 'application/json'],
      [name, '10.0.3.7:8080'],
      ['Server', 'nginx'],
    ];
    const found = inspect(d, { target: `/e${i}`, responseHeaders: headers }, `/e${i}`);
    assert.deepEqual(
      found.map((v) => [v.detail, v.evidence]),
      [['internal_ip:header:x-backend', `${name}: 10.0.3.7:8080`]],
    );
  }
  assert.deepEqual(
    inspect(new VulnerabilityDetector(100), { target: '/e9', responseHeaders: [['X-Backend', '8.8.8.8']] }, '/e9'),
    [],
  );
});
