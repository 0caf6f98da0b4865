/**
 * Classes read from the grammar of a header or a serialization format (docs/detection.md, "Header
 * grammars and serialized objects"), as readable examples: request -> the class it is reported as,
 * and benign requests of the same shape -> no hit. Each attack below went unreported before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isCommandInHeader, isNoClientInHeader, isRangeOverflow } from '../../../node/analysis/attacks/detectors/header-grammar';
import type { AttackClass } from '../../../node/records/types';
import type { HeaderList } from '../../../node/http/types';
import { RELAXED, tx } from './helpers';

const BROWSER: HeaderList = [
  ['Host', 'shop.example'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'],
];

interface Req {
  method?: string;
  target?: string;
  headers?: HeaderList;
  body?: string | Buffer;
}

const detector = new AttackDetector(RELAXED);
function hits(r: Req): Array<{ cls: AttackClass; rule?: string }> {
  const own = new Set((r.headers ?? []).map(([n]) => n.toLowerCase()));
  const headers = [...BROWSER.filter(([n]) => !own.has(n.toLowerCase())), ...(r.headers ?? [])];
  const v = detector.detect(tx({ method: r.method, target: r.target ?? '/', headers, body: r.body }));
  return v?.hits.map((h) => ({ cls: h.class, rule: h.rule })) ?? [];
}

const JSON_POST = (body: unknown): Req => ({
  method: 'POST',
  target: '/api/orders',
  headers: [['Content-Type', 'application/json']],
  body: JSON.stringify(body),
});
const FORM_POST = (body: string): Req => ({
  method: 'POST',
  target: '/Default.aspx',
  headers: [['Content-Type', 'application/x-www-form-urlencoded']],
  body,
});
/** An ObjectStateFormatter stream whose first token is 0x32 (a BinaryFormatter object), 400 characters long. */
const STATE_WITH_OBJECT = Buffer.concat([
  Buffer.from([0xff, 0x01, 0x32, 0xc4, 0x11]),
  Buffer.from([0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00, 0x00, 0x00]),
  Buffer.from('System.Collections.Generic.SortedSet`1[[System.String, mscorlib]] '.repeat(4)),
]).toString('base64');
/** An ordinary page state: a pair of a triplet (0x0F 0x0F ...). */
const STATE_OF_A_PAGE = Buffer.concat([
  Buffer.from([0xff, 0x01, 0x0f, 0x0f, 0x05, 0x0a]),
  Buffer.from('-1466093962d'.repeat(30)),
]).toString('base64');
const JAVA_STREAM = Buffer.concat([
  Buffer.from([0xac, 0xed, 0x00, 0x05, 0x73, 0x72]),
  Buffer.from('java.util.PriorityQueue'.repeat(15)),
]).toString('base64');

const ATTACKS: Array<[string, AttackClass, Req, string?]> = [
  // Commands where a product list or a URL belongs.
  ['a command in a custom header', 'rce', { headers: [['X-Api-Token', 'perf --version']] }],
  ['a shell option as the User-Agent', 'rce', { headers: [['User-Agent', 'set -o history']] }],
  [
    'a program run with an option, as the User-Agent',
    'rce',
    { headers: [['User-Agent', 'ansible-vault --ask-vault-pass view x']] },
  ],
  // Range positions no file has: integer overflow probes.
  ['a Range ending at 2^64 - 1', 'overflow', { headers: [['Range', 'bytes=0-18446744073709551615']] }],
  ['a Range among others, starting beyond 2^53', 'overflow', { headers: [['Range', 'bytes=0-10, 9007199254740993-']] }],
  ['a Range with a negative last position', 'overflow', { headers: [['Range', 'bytes=5--1']] }],
  // A client that is no client: access-control bypass probes.
  ['the loopback as the forwarded client', 'scanner', { target: '/admin', headers: [['X-Forwarded-For', '127.0.0.1']] }],
  ['the loopback first in a proxy chain', 'scanner', { headers: [['X-Forwarded-For', '127.0.0.1, 203.0.113.9']] }],
  ['the loopback as X-Real-IP', 'scanner', { headers: [['X-Real-IP', '127.0.0.1']] }],
  ['localhost in Forwarded', 'scanner', { headers: [['Forwarded', 'for="localhost";proto=https']] }],
  ['IPv6 loopback in Forwarded', 'scanner', { headers: [['Forwarded', 'for="[::1]:8080"']] }],
  ['the unspecified address as X-Client-IP', 'scanner', { headers: [['X-Client-IP', '0.0.0.0']] }],
  ['a link-local address as True-Client-IP', 'scanner', { headers: [['True-Client-IP', '169.254.169.254']] }],
  ['IPv4-mapped loopback in X-Forwarded-For', 'scanner', { headers: [['X-Forwarded-For', '::ffff:127.0.0.1']] }],
  // Serialized objects.
  [
    'a JSON.NET $type naming a framework type (an installer)',
    'rce',
    JSON_POST({ x: { $type: 'System.Configuration.Install.AssemblyInstaller, System.Configuration.Install', Path: 'x.dll' } }),
  ],
  [
    'an ASP.NET state field holding a BinaryFormatter object',
    'rce',
    FORM_POST(`__VIEWSTATE=${encodeURIComponent(STATE_WITH_OBJECT)}`),
  ],
  ['a long Java stream in base64 in a header', 'rce', { headers: [['X-Session', JAVA_STREAM]] }],
  ['a long Java stream in base64 in a cookie', 'rce', { headers: [['Cookie', `rememberMe=${JAVA_STREAM}`]] }],
  // A Tomcat partial PUT of a session file (CVE-2025-24813).
  [
    'a partial PUT of a session file',
    'rce',
    { method: 'PUT', target: '/k3x9qz7w.session', headers: [['Content-Range', 'bytes 0-5/100']], body: 'abcdef' },
    'partial-put',
  ],
  [
    'a partial PUT of a serialized object under another name',
    'rce',
    {
      method: 'PUT',
      target: '/upload/k3x9.bin',
      headers: [['Content-Range', 'bytes 0-9/10']],
      body: Buffer.concat([Buffer.from([0xac, 0xed, 0x00, 0x05, 0x73, 0x72]), Buffer.from('java.util.HashMap')]),
    },
    'partial-put',
  ],
];

const BENIGN: Array<[string, Req]> = [
  [
    'a browser',
    { headers: [['User-Agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)']] },
  ],
  ['curl', { headers: [['User-Agent', 'curl/8.5.0']] }],
  ['wget alone', { headers: [['User-Agent', 'wget']] }],
  ['Wget with its platform', { headers: [['User-Agent', 'Wget/1.21.3 (linux-gnu)']] }],
  ['git', { headers: [['User-Agent', 'git/2.43.0 (GitHub Desktop)']] }],
  ['kubectl', { headers: [['User-Agent', 'kubectl/v1.28.2 (linux/amd64) kubernetes/89a4ea3']] }],
  ['a Nextcloud client', { headers: [['User-Agent', 'iPhone (Nextcloud iOS)']] }],
  ['a text browser', { headers: [['User-Agent', 'Links (2.3pre1; Linux 2.6.38-8-generic x86_64; 170x48)']] }],
  ['a note in a custom header', { headers: [['X-Note', 'time to go home']] }],
  ['a product named like a program', { headers: [['User-Agent', 'Python Requests (tests)']] }],
  ['python-requests', { headers: [['User-Agent', 'python-requests/2.31.0']] }],
  ['a note naming a package to install', { headers: [['X-Note', 'npm install url-join']] }],
  ['a note about a party', { headers: [['X-Note', 'bash party tonight']] }],
  ['a Range of bytes', { headers: [['Range', 'bytes=0-1023']] }],
  ['a Range of a 10 TB file', { headers: [['Range', 'bytes=10995116277760-']] }],
  ['a suffix Range', { headers: [['Range', 'bytes=-500']] }],
  ['a public client behind a private proxy', { headers: [['X-Forwarded-For', '203.0.113.7, 10.0.0.2']] }],
  ['a client of a private network', { headers: [['X-Real-IP', '192.168.1.20']] }],
  ['Forwarded with a public client', { headers: [['Forwarded', 'for=192.0.2.60;proto=http;by=203.0.113.43']] }],
  ['a JSON.NET $type naming the API\u2019s own model', JSON_POST({ $type: 'Shop.Models.Order, Shop', id: 7 })],
  [
    'a JSON.NET $type naming a framework list',
    JSON_POST({ $type: 'System.Collections.Generic.List`1[[Shop.Item, Shop]], mscorlib', $values: [] }),
  ],
  [
    'an ordinary ASP.NET page state',
    FORM_POST(`__VIEWSTATE=${encodeURIComponent(STATE_OF_A_PAGE)}&__VIEWSTATEGENERATOR=CA0B0334`),
  ],
  [
    'a resumable upload of a document',
    {
      method: 'PUT',
      target: '/files/report.pdf',
      headers: [['Content-Range', 'bytes 0-99/1000']],
      body: 'the first hundred bytes of the report',
    },
  ],
  ['a PUT of a session record without a range', { method: 'PUT', target: '/api/sessions/42', body: '{"ttl":60}' }],
];

for (const [what, cls, req, rule] of ATTACKS)
  test(`${what} -> ${cls}`, () => {
    const found = hits(req);
    assert.ok(
      found.some((h) => h.cls === cls && (rule === undefined || h.rule === rule)),
      `${JSON.stringify(req)}: ${JSON.stringify(found)}`,
    );
  });

for (const [what, req] of BENIGN)
  test(`${what} -> no hit`, () => {
    assert.deepEqual(hits(req), [], JSON.stringify(req));
  });

test('the grammar readers alone', () => {
  assert.equal(isRangeOverflow('bytes=0-9007199254740991'), false);
  assert.equal(isRangeOverflow('bytes=0-9007199254740992'), true);
  assert.equal(isRangeOverflow('bytes=0-0000000000000000000001'), false);
  assert.equal(isNoClientInHeader('x-forwarded-for', '127.0.0.1:8080'), true);
  assert.equal(isNoClientInHeader('x-forwarded-for', '::1'), true);
  assert.equal(isNoClientInHeader('x-forwarded-for', '2001:db8::1'), false);
  assert.equal(isNoClientInHeader('x-forwarded-for', '0:0:0:0:0:0:0:1'), true);
  assert.equal(isNoClientInHeader('x-forwarded-for', '::10'), false);
  assert.equal(isNoClientInHeader('x-forwarded-for', 'fe80::1'), true);
  assert.equal(isNoClientInHeader('forwarded', 'for=unknown'), false);
  assert.equal(isCommandInHeader('ping -c 3 10.0.0.1'), true);
  assert.equal(isCommandInHeader('Python-urllib/3.9'), false);
  assert.equal(isCommandInHeader('perl -e'), true);
  assert.equal(isCommandInHeader('set of three'), false);
});
