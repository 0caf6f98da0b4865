/**
 * A value means the same wherever it arrives (docs/detection.md "Request points", branch
 * i18-points): what the query finds must be found when a client writes the same value into a header
 * or a cookie as raw UTF-8, percent-encodes it over character references in a cookie or a path
 * segment, sends it unencoded in a cookie (its `;` then splits it), or puts NULs into a form field
 * or an XML body. Each example beside look-alikes that stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { cutCookiePair, extractHeaders } from '../../../node/analysis/attacks/points/headers';
import { RELAXED, tx, type TxSpec } from './helpers';

const detector = new AttackDetector(RELAXED);
const hits = (spec: TxSpec): string[] =>
  detector.detect(tx(spec))?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`) ?? [];
const has = (spec: TxSpec, hit: string): boolean => hits(spec).includes(hit);

const HOST: [string, string] = ['Host', 'shop.example'];
/** A header value as the HTTP parser hands it over: its bytes one per character (latin1). */
const asSent = (utf8: string): string => Buffer.from(utf8, 'utf8').toString('latin1');
const withHeader = (name: string, value: string): TxSpec => ({ target: '/', headers: [HOST, [name, asSent(value)]] });
const cookie = (header: string): TxSpec => withHeader('Cookie', header);

test('raw UTF-8 in a header or cookie is read as the query reads it percent-encoded', () => {
  // Typographic quotes: MySQL reads them as quotes in some collations; the query finds this.
  const quotes = '’ or ‘1’=’1';
  assert.ok(has({ target: `/s?q=${encodeURIComponent(quotes)}` }, 'sqli ["query","q"]'));
  assert.ok(has(withHeader('X-Note', quotes), 'sqli ["header","X-Note"]'));
  // Fullwidth letters, folded by NFKC once the bytes are read as UTF-8.
  const css = '<style>*{x:ｅｘｐｒｅｓｓｉｏｎ(write(1))}</style>';
  assert.ok(has(cookie(`pref=${css}`), 'xss ["cookie","pref"]'));
  assert.ok(has(withHeader('X-Note', css), 'xss ["header","X-Note"]'));
  // Look-alikes: prose and names in UTF-8.
  for (const v of ['Zoë’s café – “open” until 5', 'Ｔｏｋｙｏ ｓｈｏｐ', 'naïve résumé'])
    assert.deepEqual(hits(withHeader('X-Note', v)), [], v);
  assert.deepEqual(hits(cookie('name=Zoë; city=Zürich')), []);
});

test('percent-encoding over character references is decoded alone first, in a cookie or a path segment as in the query', () => {
  const value =
    '<img src=&#106;&#97;&#118;&#97;&#115;&#99; &#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101; &#114;&#116;&#40;&#49;&#41;>';
  const q = encodeURIComponent(value);
  assert.ok(has({ target: `/s?q=${q}` }, 'xss ["query","q"]'));
  assert.ok(has(cookie(`lang=en; pref=${q}`), 'xss ["cookie","pref"]'));
  assert.ok(has({ target: `/items/${q}/view` }, 'xss ["path",1]'));
  // Look-alikes: references in ordinary text, percent-encoded.
  for (const v of ['Caf&#233; &amp; bar', 'Tom &#38; Jerry &lt;3', 'x\\u0041y %41'])
    assert.deepEqual(hits(cookie(`lang=en; pref=${encodeURIComponent(v)}`)), [], v);
});

test("a cookie value sent unencoded, cut by its own ';', is also read whole", () => {
  assert.ok(has(cookie('lang=en; pref=1;begin user_lock.sleep(5); end'), 'sqli ["cookie","pref"]'));
  assert.ok(has(cookie('lang=en; pref=a;id;'), 'rce ["cookie","pref"]'));
  const seen: string[] = [];
  extractHeaders(
    [['Cookie', 'lang=en; pref=1;begin user_lock.sleep(5); end']],
    (v) => (seen.push(`${v.kind} ${v.point.join('.')}=${v.value}`), true),
  );
  assert.deepEqual(seen.slice(-1), ['cookie cookie.pref=1;begin user_lock.sleep(5); end']);
  // Where the cut is: the named pair before the first later pair without '='.
  assert.equal(cutCookiePair('lang=en; pref=1;begin x; end'), 8);
  assert.equal(cutCookiePair('lang=en; pref=1;a=eval;b=alert;a(b(1))'), 8); // pairs glued without a blank: pref's value
  assert.ok(has(cookie('lang=en; pref=1;a=eval;b=alert;a(b(17));//'), 'xss ["cookie","pref"]'));
  assert.equal(cutCookiePair('a=1; b=2;c=3'), -1);
  assert.equal(cutCookiePair('v; a=1'), -1); // document.cookie = "v" first: nothing before it
  assert.equal(cutCookiePair('a=1; ;  ; b=2;'), -1); // empty pairs cut nothing
  // Look-alikes: cookie headers as browsers and sloppy clients write them.
  for (const h of [
    'theme=dark; HttpOnly; Secure; Path=/',
    '_ga=GA1.2.1234567890.1700000000; _gid=GA1.2.987654321.1700000000; consent',
    'session="a b; c"; lang=en-GB',
    'cart=%7B%22items%22%3A%5B1%2C2%5D%7D; last; seen=1',
  ])
    assert.deepEqual(hits(cookie(h)), [], h);
});

test('NULs in a form field or an XML body do not make it binary (the query reads such values)', () => {
  const sqli = '1\0UNION\0SELECT\u00002--';
  assert.ok(has({ target: `/s?q=${encodeURIComponent(sqli)}` }, 'sqli ["query","q"]'));
  const b = 'b7';
  const field = (head: string, v: string): TxSpec => ({
    method: 'POST',
    target: '/submit',
    headers: [HOST, ['Content-Type', `multipart/form-data; boundary=${b}`]],
    body: `--${b}\r\nContent-Disposition: form-data; ${head}\r\n\r\n${v}\r\n--${b}--\r\n`,
  });
  assert.ok(has(field('name="comment"', sqli), 'sqli ["multipart","comment"]'));
  const xml = (v: string): TxSpec => ({
    method: 'POST',
    target: '/submit',
    headers: [HOST, ['Content-Type', 'application/xml']],
    body: `<?xml version="1.0"?><o><n>${v}</n></o>`,
  });
  assert.ok(has(xml('x\0\0\0\0\0\0\0\0\0\0&lt;script&gt;alert(1)&lt;/script&gt;'), 'xss ["xml","o","n"]'));
  // Look-alikes: a file part, or a body of no structured type, with NULs is still a file (skipped),
  // judged by isText alone. (A NUL in a field is itself reported, as in the query: docs/detection.md.)
  assert.deepEqual(hits(field('name="f"; filename="x.bin"', sqli)), []);
  assert.deepEqual(
    hits({ method: 'POST', target: '/upload', headers: [HOST, ['Content-Type', 'application/octet-stream']], body: sqli }),
    [],
  );
});
