/**
 * Request points and false positives, branch i18-fp16 (docs/detection.md "Request points (branch
 * i18-fp16)"): a value means the same wherever it arrives, so a raw Cookie header whose payload
 * has `; ` between words, and a NUL written as a character reference in an XML body, are read as
 * the query reads them; a `.sql` file offered in a download folder is no dump probe. Each example
 * beside look-alikes that stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { cutCookiePair } from '../../../node/analysis/attacks/points/headers';
import { decodeEntities } from '../../../node/analysis/attacks/decode/entities';
import { RELAXED, tx, type TxSpec } from './helpers';

const detector = new AttackDetector(RELAXED);
const hits = (spec: TxSpec): string[] =>
  detector.detect(tx(spec))?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`) ?? [];
const classes = (spec: TxSpec): string[] => [...new Set(detector.detect(tx(spec))?.hits.map((h) => h.class) ?? [])];

const HOST: [string, string] = ['Host', 'shop.example'];
const UA: [string, string] = ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'];
const cookie = (header: string): TxSpec => ({ target: '/', headers: [HOST, UA, ['Cookie', header]] });
const query = (v: string): TxSpec => ({ target: `/search?q=${encodeURIComponent(v)}&page=1`, headers: [HOST, UA] });

/** Payloads whose `; ` is followed by words and an `=`: the server's split makes a "pair" of them. */
const COOKIE_CUT: Array<[string, string]> = [
  ['sqli', '1; update users set password=1'],
  ['sqli', "1'; update users set is_admin=1 where name='admin'--"],
  ['sqli', '1; SELECT pg_sleep(5) WHERE 1=1'],
];

test("a raw cookie whose payload has '; ' then words and '=' is read whole, as the query reads it", () => {
  for (const [cls, v] of COOKIE_CUT) {
    assert.ok(classes(query(v)).includes(cls), `query ${v}`);
    assert.ok(hits(cookie(`lang=en; pref=${v}`)).includes(`${cls} ["cookie","pref"]`), `cookie ${v}`);
  }
  // Where the cut is: the named pair before the first later piece whose name is no token.
  assert.equal(cutCookiePair('lang=en; pref=1; update users set password=1'), 8);
  assert.equal(cutCookiePair("a=1; b=2; x'(y)=3"), 4);
  // Token names (RFC 6265 cookie-name), with blanks around them, are cookie pairs: no cut.
  assert.equal(cutCookiePair('a=1; b = 2;c=3'), -1);
  assert.equal(cutCookiePair("a=1; b!#$%&'*+-.^_`|~=2"), -1);
  assert.equal(cutCookiePair('a=1; =2'), -1); // a value without a name, as some clients write it
});

test('cookie headers as browsers and sloppy clients write them stay quiet', () => {
  for (const h of [
    'theme=dark; HttpOnly; Secure; Path=/',
    '_ga=GA1.2.1234567890.1700000000; _gid=GA1.2.987654321.1700000000; consent',
    'session="a b; c"; lang=en-GB',
    'pref=compact; last search=red shoes; seen=1',
    'cart=%7B%22items%22%3A%5B1%2C2%5D%7D; ui(mode)=dark',
    'note=meet at 5; bring cake=yes',
  ])
    assert.deepEqual(hits(cookie(h)), [], h);
});

const xml = (text: string): TxSpec => ({
  method: 'POST',
  target: '/orders',
  headers: [HOST, UA, ['Content-Type', 'application/xml']],
  body: `<?xml version="1.0"?><order><id>7</id><note>${text}</note></order>`,
});

test('a NUL written &#0; in an XML body is read as the query reads %00', () => {
  assert.ok(classes(query('1\0UNION\0SELECT\u00002--')).includes('sqli'));
  assert.ok(hits(xml('1&#0;UNION&#0;SELECT&#0;2--')).includes('sqli ["xml","order","note"]'));
  assert.ok(hits(xml('1&#x0;UNION&#x00;SELECT&#0000;2--')).includes('sqli ["xml","order","note"]'));
  // The decoding layer gives the NUL the reference names; the browser's reading (xss) keeps U+FFFD.
  assert.equal(decodeEntities('a&#0;b', '\0'), 'a\0b');
  assert.equal(decodeEntities('a&#0;b'), 'a\ufffdb');
  // Look-alikes: references and zeros in ordinary XML text.
  for (const t of ['Caf&#233; &amp; bar &#0; x', 'room &#48;&#49; at 0&#0;0', 'UNION square &#0; SELECT store'])
    assert.deepEqual(hits(xml(t)), [], t);
});

const scannerRules = (target: string): string[] =>
  (detector.detect(tx({ target, headers: [HOST, UA] }))?.hits ?? [])
    .filter((h) => h.class === 'scanner')
    .map((h) => h.rule ?? '');

test('a .sql file in a download folder is offered, not a dump left behind', () => {
  for (const path of [
    '/downloads/sakila-schema.sql',
    '/static/examples/northwind.sql',
    '/docs/samples/create_tables.sql',
    '/files/chinook.sql',
    '/assets/sql/world.sql',
  ])
    assert.deepEqual(scannerRules(path), [], path);
  // Still probes: a dump at the root or in a site folder, and a backup by name in any folder.
  for (const path of ['/users.sql', '/db/shop.sql.gz', '/data.sql', '/downloads/backup.sql', '/static/db_dump.sql.gz'])
    assert.deepEqual(scannerRules(path), ['class:data-dump'], path);
});
