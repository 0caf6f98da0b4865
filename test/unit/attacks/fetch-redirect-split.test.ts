/**
 * Server-side request forgery, open redirects and header injection read as classes (branch
 * i18-ssrf; docs/detection.md "Fetch targets, redirect schemes and header lines"): a host check
 * defeated by what follows the host, dated versions of the metadata API, request targets and Host
 * headers that are no target or host, DNS names in client-address headers; script schemes and
 * bracketed user info in redirect targets, names built from a redirect's words, a path that opens
 * with another host, a proxy's path prefix given a URL; one-word request and response headers
 * after a line break, any header line after a break inside a header value. Every attack example
 * here is missed on main 9faac70; the look-alikes beside them stay quiet on both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, BROWSER, HOST, RELAXED, tx, type TxSpec, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classesOf = (spec: TxSpec): AttackClass[] => [...new Set(detector.detect(tx(spec))?.hits.map((h) => h.class) ?? [])];
const withHeader = (name: string, value: string): TxSpec => ({ target: '/', headers: [HOST, BROWSER, [name, value]] });
const withTarget = (target: string, method = 'GET'): TxSpec => ({ method, target, headers: [HOST, BROWSER] });
const value = (where: Where, v: string): TxSpec => at(where, v);

const ATTACKS: Array<[string, AttackClass, TxSpec]> = [
  // ssrf: the allowed name after what ends the host; a fragment written as the end of a host.
  ['a fragment then the allowed name', 'ssrf', value('q', 'http://evil.example#.allowed.example/')],
  ['a fragment with an at sign then the allowed name', 'ssrf', value('json', 'http://evil.example#@allowed.example')],
  ['a query mark then the allowed name', 'ssrf', value('form', 'http://evil.example?.allowed.example/')],
  ['a backslash then the allowed name', 'ssrf', value('q', 'http://evil.example\\.allowed.example/')],
  ['an at sign in the fragment', 'ssrf', value('q', 'https://evil.example/#@allowed.example')],
  ['a fragment like a host with slashes after a query', 'ssrf', value('q', 'http://evil.example/?id=1#.xx//')],
  // ssrf: a dated version of the metadata API, on any host and as the request's own path.
  ['a dated metadata version on any host', 'ssrf', value('q', 'http://rebind.example/2021-07-15/meta-data/iam/')],
  ['a dated metadata version as the path', 'ssrf', withTarget('/2009-04-04/meta-data/')],
  // ssrf: request targets in no form a client sends, a Host header that is no host.
  ['a target opening with user info', 'ssrf', withTarget('@evil.example/')],
  ['a target opening with an empty user and password', 'ssrf', withTarget(':@evil.example/')],
  ['a target opening with a host and port', 'ssrf', withTarget('evil.example:80/')],
  ['a Host header with user info', 'ssrf', withHeader('Host', '@evil.example')],
  ['a Host header with a path', 'ssrf', withHeader('Host', 'shop.example/evil.example')],
  // ssrf: a DNS name where a client address belongs.
  ['a name in X-Real-IP', 'ssrf', withHeader('X-Real-IP', 'spoofed.evil.example')],
  ['a name after an address in X-Forwarded-For', 'ssrf', withHeader('X-Forwarded-For', '203.0.113.5, spoofed.evil.example')],
  ['a name in True-Client-IP', 'ssrf', withHeader('True-Client-IP', 'spoofed.evil.example')],
  ['a name as the for= of Forwarded', 'ssrf', withHeader('Forwarded', 'for=spoofed.evil.example;by=spoofed.evil.example')],
  // redir: script schemes, bracketed user info, a proxy prefix given a URL.
  ['a javascript: target', 'redir', value('next', 'javascript:alert(1)')],
  ['a javascript: target in mixed case after a blank', 'redir', value('next', ' JaVaScRiPt:alert(document.domain)')],
  ['a data: page as the target', 'redir', value('next', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==')],
  ['a vbscript: target', 'redir', value('next', 'vbscript:msgbox(1)')],
  ['an IPv6 literal as user info', 'redir', value('next', 'http://[::1]@evil.example/')],
  ['a scheme-relative host in login_redirect', 'redir', withTarget('/account?login_redirect=%2F%2Fevil.example')],
  ['a backslash host in redirect_after_login', 'redir', withTarget('/account?redirect_after_login=%2F%5Cevil.example')],
  ['a scheme-relative host in continueUrl', 'redir', withTarget('/account?continueUrl=%2F%2Fevil.example')],
  ['a path that opens with another host', 'redir', withTarget('//evil.example/%2e%2e')],
  ['a path that opens with an escaped backslash', 'redir', withTarget('/%5cevil.example')],
  ['a path that opens with escaped slashes', 'redir', withTarget('/%2F%2Fevil.example')],
  ['a path that opens with a tab between slashes', 'redir', withTarget('/%09/evil.example')],
  ['X-Forwarded-Prefix given an absolute URL', 'redir', withHeader('X-Forwarded-Prefix', 'https://evil.example')],
  ['X-Forwarded-Prefix given a scheme-relative host', 'redir', withHeader('X-Forwarded-Prefix', '//evil.example')],
  // crlf: one-word headers with their grammar after a break; any header line inside a header value.
  ['a Host header after a break', 'crlf', value('q', 'x\r\nHost: evil.example')],
  ['a Cookie header after a break', 'crlf', value('q', 'x\r\nCookie: session=attacker')],
  ['an Authorization header after a break', 'crlf', value('cookie', 'x\r\nAuthorization: Basic YWRtaW46YWRtaW4=')],
  ['a Connection header after an escaped break', 'crlf', value('q', 'x\\r\\nConnection: close')],
  ['a Pragma header after an encoded break', 'crlf', value('q', 'x%0d%0aPragma: no-cache')],
  [
    'a header line inside another header',
    'crlf',
    withHeader('SomeHeader', 'Headerdata%0dInjectedHeader: response_splitting_code'),
  ],
  ['a header line inside a cookie', 'crlf', value('cookie', 'a\rInjected: 1')],
];

const LOOK_ALIKES: Array<[string, AttackClass, TxSpec]> = [
  ['a heading anchor that opens with a dot', 'ssrf', value('q', 'https://en.wikipedia.org/wiki/Microsoft#.NET_Core')],
  ['a file name as the query', 'ssrf', value('q', 'https://cdn.example.com?file.js')],
  ['a version as the query', 'ssrf', value('q', 'https://shop.example?v1.2')],
  ['a dated report path', 'ssrf', value('q', 'https://www.example.com/reports/2021-07-15/summary')],
  ['a route in the fragment', 'ssrf', value('q', 'https://app.example/#/route/a.b')],
  ['a webhook URL to a public host', 'ssrf', value('json', 'https://hooks.example.com/services/T000/B000/XXXX')],
  ['an avatar URL to a public host', 'ssrf', value('form', 'https://images.example.net/avatars/42.png')],
  ['an authority-form CONNECT', 'ssrf', withTarget('shop.example:443', 'CONNECT')],
  ['an absolute-form target', 'ssrf', withTarget('http://shop.example/cart?id=7')],
  ['a Host header with a port', 'ssrf', withHeader('Host', 'shop.example:8443')],
  ['a Host header with an IPv6 literal', 'ssrf', withHeader('Host', '[::1]:8080')],
  ['a developer tool on localhost', 'ssrf', withHeader('Host', 'localhost:3000')],
  ['addresses in X-Forwarded-For', 'ssrf', withHeader('X-Forwarded-For', '203.0.113.5, 198.51.100.7')],
  ['unknown in X-Forwarded-For', 'ssrf', withHeader('X-Forwarded-For', 'unknown, 203.0.113.5')],
  ['Forwarded with a host=', 'ssrf', withHeader('Forwarded', 'for=192.0.2.60;proto=https;by=203.0.113.43;host=shop.example')],
  ['Forwarded with an obfuscated client', 'ssrf', withHeader('Forwarded', 'for=_hidden, for="[2001:db8:cafe::17]:4711"')],
  ['an OAuth return to an absolute https host', 'redir', value('next', 'https://partner.example/oauth/callback?state=1')],
  ['an image data URL as the target', 'redir', value('next', 'data:image/png;base64,iVBORw0KGgo=')],
  ['a path named javascript', 'redir', value('next', '/docs/javascript:intro')],
  ['credentials as user info', 'redir', value('next', 'https://user:pass@partner.example/')],
  ['a relative page in login_redirect', 'redir', withTarget('/account?login_redirect=%2Fdashboard')],
  ['an absolute URL in continueUrl', 'redir', withTarget('/account?continueUrl=https%3A%2F%2Fpartner.example%2Fhome')],
  ['a scheme-relative image in a fetcher target_url', 'redir', withTarget('/account?target_url=%2F%2Fcdn.example%2Fa.png')],
  ['a sloppy join of a base URL and an API path', 'redir', withTarget('//api/v1/users')],
  ['a sloppy join before a file', 'redir', withTarget('//robots.txt')],
  ['a sloppy join before a version', 'redir', withTarget('//v1.0/items')],
  ['a path that opens with a blank', 'redir', withTarget('/%20index.html')],
  ['X-Forwarded-Prefix with a path', 'redir', withHeader('X-Forwarded-Prefix', '/app')],
  ['a Host line of prose', 'crlf', value('q', 'Meeting notes\r\nHost: Alice\r\nDate: Monday')],
  ['a Connection line of prose', 'crlf', value('q', 'Status\r\nConnection: lost again')],
  ['a JSON text with a line break', 'crlf', value('json', 'first line\r\nHost: evil.example')],
  ['a comment header with a colon', 'crlf', withHeader('X-Comment', 'note: see ticket 12')],
  ['a share link with a URL on its own line in a cookie', 'crlf', value('cookie', 'text=a%0A%0Ahttps%3A%2F%2Fgithub.com%2Fx')],
];

for (const [name, cls, spec] of ATTACKS) {
  test(`${cls}: ${name}`, () =>
    assert.ok(classesOf(spec).includes(cls), `${JSON.stringify(spec)} gave ${classesOf(spec).join(',') || 'nothing'}`));
}
for (const [name, cls, spec] of LOOK_ALIKES) {
  test(`benign (${cls}): ${name}`, () =>
    assert.ok(!classesOf(spec).includes(cls), `${JSON.stringify(spec)} gave ${classesOf(spec).join(',')}`));
}
