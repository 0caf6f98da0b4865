import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { selectRoute, routeHost } from '../../../node/analysis/route-select';
import { normalizePath, targetPath } from '../../../node/analysis/request-path';
import { hostWildcard, parseLocation } from '../../../node/config/route-config';
import { onlyProblem, valid } from '../config/helpers';

const HEAD = 'version: 4\nmode: tcp-capture\n';

function routes(yaml: string) {
  return valid(`${HEAD}route_config:\n${yaml}`).config.routes;
}

test('nginx location precedence: exact, ^~, regex in order, longest prefix', () => {
  const r = routes(`  wallarm_application: 1
  routes:
    - route: /
      wallarm_application: 2
    - route: /documents/
      wallarm_application: 3
    - route: ^~ /images/
      wallarm_application: 4
    - route: ~* \\.(gif|jpg|jpeg)$
      wallarm_application: 5
    - route: = /
      wallarm_application: 6
    - route: ~ ^/documents/private
      wallarm_application: 7
    - route: /documents/private/very
      wallarm_application: 8
`);
  const cases: Array<[string, number]> = [
    ['/', 6],
    ['/index.html', 2],
    ['/documents/document.html', 3],
    ['/images/1.gif', 4],
    ['/documents/1.gif', 5],
    ['/documents/1.GIF', 5],
    ['/documents/private/x', 7],
    // a regex beats even a longer plain prefix
    ['/documents/private/very/x', 7],
  ];
  for (const [path, app] of cases) assert.equal(selectRoute(r, 'any.host', path).application, app, path);
});

test('no rule matches: route_config defaults; a rule without / prefix fallback', () => {
  const r = routes(`  wallarm_application: 9
  routes:
    - route: /api
      wallarm_application: 10
`);
  assert.deepEqual(selectRoute(r, 'h', '/web'), { application: 9, mode: 'monitoring' });
  assert.deepEqual(selectRoute(r, 'h', '/api/v1'), { application: 10, mode: 'monitoring' });
  assert.deepEqual(selectRoute(r, 'h', '/apiary'), { application: 10, mode: 'monitoring' }, 'plain prefix, as nginx');
});

test('hosts: wildcards, lists, ports and case ignored; host rules beat host-less ones of equal length', () => {
  const r = routes(`  routes:
    - route: /
      wallarm_application: 1
    - host: '*.example.com'
      wallarm_application: 2
      routes:
        - route: /v2/
          wallarm_application: 21
          wallarm_mode: 'off'
    - host: [api.example.org, 'api-*.example.org']
      route: /
      wallarm_application: 3
    - route: /static/
      wallarm_application: 4
    - host: shop.example.com
      route: /static/
      wallarm_application: 5
`);
  const cases: Array<[string, string, number, string]> = [
    ['www.example.com', '/', 2, 'monitoring'],
    ['WWW.Example.COM:8080', '/a', 2, 'monitoring'],
    ['a.b.example.com', '/v2/users', 21, 'off'],
    ['example.com', '/', 1, 'monitoring'],
    ['api.example.org', '/x', 3, 'monitoring'],
    ['api-eu.example.org', '/x', 3, 'monitoring'],
    ['api.example.org.', '/x', 3, 'monitoring'],
    ['other.org', '/static/a.css', 4, 'monitoring'],
    ['shop.example.com', '/static/a.css', 5, 'monitoring'],
    // /static/ (host-less, longer) beats *.example.com (host only, counts as /)
    ['www.example.com', '/static/a.css', 4, 'monitoring'],
  ];
  for (const [host, path, app, mode] of cases)
    assert.deepEqual(selectRoute(r, host, path), { application: app, mode }, `${host} ${path}`);
});

test('nesting inherits application and mode; the deepest match decides; a miss below keeps the parent', () => {
  const r = routes(`  wallarm_application: 1
  wallarm_mode: monitoring
  routes:
    - route: /api/
      wallarm_mode: 'off'
      routes:
        - route: /api/v1/
          wallarm_application: 11
          routes:
            - route: = /api/v1/health
              wallarm_mode: monitoring
        - route: ~ ^/api/v2/
          wallarm_application: 12
          wallarm_mode: monitoring
`);
  assert.deepEqual(selectRoute(r, 'h', '/api/x'), { application: 1, mode: 'off' });
  assert.deepEqual(selectRoute(r, 'h', '/api/v1/users'), { application: 11, mode: 'off' });
  assert.deepEqual(selectRoute(r, 'h', '/api/v1/health'), { application: 11, mode: 'monitoring' });
  assert.deepEqual(selectRoute(r, 'h', '/api/v2/users'), { application: 12, mode: 'monitoring' });
  assert.deepEqual(selectRoute(r, 'h', '/web'), { application: 1, mode: 'monitoring' });
});

test('bad routes are reported at their line and column', () => {
  onlyProblem(
    `${HEAD}route_config:\n  routes:\n    - route: '~ ([a-z'\n`,
    5,
    14,
    /bad regular expression/,
    /escape literal dots/,
  );
  onlyProblem(
    `${HEAD}route_config:\n  routes:\n    - route: /a\n      routes:\n        - route: api\n`,
    7,
    18,
    /does not start with "\/"/,
    /~ REGEX/,
  );
  onlyProblem(`${HEAD}route_config:\n  routes:\n    - route: '='\n`, 5, 14, /has no path or pattern/);
});

test('nested block modes warn (out of band cannot block)', () => {
  const warnings = valid(`${HEAD}route_config:\n  routes:\n    - route: /a\n      wallarm_mode: block\n`).warnings.filter((w) =>
    w.path.startsWith('route_config'),
  );
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].message, /never blocks/);
  assert.equal(warnings[0].line, 6);
});

test('helpers: locations, host wildcards, paths', () => {
  assert.deepEqual(parseLocation('=/login'), { kind: 'exact', path: '/login' });
  assert.deepEqual(parseLocation('^~ /s/'), { kind: 'priority_prefix', path: '/s/' });
  assert.equal((parseLocation('~* \\.PHP$') as { regex: RegExp }).regex.flags, 'i');
  assert.ok(hostWildcard('*.example.com').test('a.example.com'));
  assert.ok(!hostWildcard('*.example.com').test('example.com'));
  assert.ok(!hostWildcard('a.example.com').test('aXexample.com'), 'dots are literal');
  assert.equal(routeHost('[2001:db8::1]:443'), '[2001:db8::1]');
  assert.equal(targetPath('http://h:80/a/b?q=1#f'), '/a/b');
  assert.equal(targetPath('http://h'), '/');
  assert.equal(targetPath('/x?y'), '/x');
  assert.equal(targetPath('*'), '*');
  assert.equal(normalizePath('/a//b/./c/../d%2Fe%41'), '/a/b/d/eA');
  assert.equal(normalizePath('/../../etc/passwd'), '/etc/passwd');
  assert.equal(normalizePath('/a/b/'), '/a/b/');
  assert.equal(normalizePath('/a/%zz%41'), '/a/%zzA');
  assert.equal(normalizePath('/a/..'), '/');
});

test('arbitrary targets and hosts never throw; normalized paths stay rooted, without empty or dot segments', () => {
  const r = routes(`  routes:\n    - route: ~* ^/a\n    - route: ^~ /b/\n    - host: '*.x'\n      route: = /c\n`);
  const pieces = fc.array(
    fc.oneof(
      fc.constantFrom('/', '.', '..', '%2e', '%2E%2e', '%2F', '%', '%zz', '?', '#', 'a', 'http://h'),
      fc.string({ unit: 'binary' }),
    ),
    { maxLength: 12 },
  );
  fc.assert(
    fc.property(
      pieces.map((p) => p.join('')),
      fc.string(),
      (target, host) => {
        const path = normalizePath(targetPath(target));
        if (targetPath(target).startsWith('/')) {
          assert.ok(path.startsWith('/'));
          assert.ok(!/\/\/|\/\.\.?(\/|$)/.test(path), path);
        }
        selectRoute(r, host, path);
      },
    ),
    { numRuns: 2000 },
  );
});
