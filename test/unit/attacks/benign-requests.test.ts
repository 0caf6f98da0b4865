/**
 * False positives on real benign requests (issue 18, docs/detection.md "sqli", "xss", "rce",
 * "ssrf", "redir"): each case is a whole request as a browser or an API client sends it, and the
 * detector must report nothing. Each class of error has the attack it must still catch beside it,
 * so a fix that only turns a detector off fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { FingerprintSet, SqlLexer } from '../../../node/analysis/attacks/detectors/sql-tokens';
import { hasInjectionShape } from '../../../node/analysis/attacks/detectors/sqli';
import { RELAXED, tx, type TxSpec } from './helpers';

const BROWSER: Array<[string, string]> = [
  ['Host', 'www.shop.example'],
  [
    'User-Agent',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  ],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
];
const get = (target: string, extra: Array<[string, string]> = []): TxSpec => ({ target, headers: [...BROWSER, ...extra] });
const json = (target: string, body: unknown): TxSpec => ({
  method: 'POST',
  target,
  headers: [...BROWSER, ['Content-Type', 'application/json']],
  body: JSON.stringify(body),
});
const form = (target: string, fields: Record<string, string>): TxSpec => ({
  method: 'POST',
  target,
  headers: [...BROWSER, ['Content-Type', 'application/x-www-form-urlencoded']],
  body: Object.entries(fields)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&'),
});
const q = encodeURIComponent;

const detector = new AttackDetector(RELAXED);
const classes = (s: TxSpec): AttackClass[] => [...new Set(detector.detect(tx(s))?.hits.map((h) => h.class) ?? [])].sort();

/** [what the request is, the request]: nothing may be reported. */
const BENIGN: Array<[string, TxSpec]> = [
  // redir / ssrf: absolute return URLs of ordinary login flows.
  [
    'OAuth authorize with a partner redirect_uri',
    get(`/oauth/authorize?client_id=abc&redirect_uri=${q('https://client.example.net/cb')}&response_type=code&state=xyz`),
  ],
  ['CAS login with its service URL', get(`/cas/login?service=${q('https://portal.university.example/c/portal/login')}`)],
  ['a shop login returning to the cart', get(`/account/login?returnUrl=${q('https://www.shop.example/checkout/cart?step=2')}`)],
  ['next= on an SSO start page', get(`/sso/start?next=${q('https://app.partner.example/dashboard')}`)],
  ['url= on a login page', get(`/login?url=${q('https://portal.partner.example/home')}`)],
  [
    "a native app's loopback redirect_uri (RFC 8252)",
    get(`/oauth/authorize?client_id=cli&redirect_uri=${q('http://127.0.0.1:8400/oauth2/callback')}`),
  ],
  ['a SAML RelayState back to a local dev server', get(`/saml/login?RelayState=${q('http://localhost:3000/callback')}`)],
  // crlf: line breaks in JSON and form text cannot reach a header.
  ['a JSON comment with CRLF', json('/api/comments', { body: 'Line one\r\nLocation: Paris\r\nX-Ray: done' })],
  ['a contact form with a multi-line message', form('/contact', { message: 'Hello,\r\nSubject: our meeting\r\nThanks' })],
  // crlf: a header line with nothing after its colon sets nothing (no redirect, no cookie).
  ['a line break then a header name without a value', get('/file.jsp?somevar=%0A%0Dlocation:%0A%0D')],
  // rce: GraphQL documents, blobs, documentation with commands.
  [
    'a GraphQL query with a fragment and variables',
    json('/graphql', {
      query: 'query P($slug: String!) { product(slug: $slug) { id ...R } } fragment R on Product { reviews(last: 5) { body } }',
      variables: { slug: 'blue-shoes' },
    }),
  ],
  [
    'a base64 PNG avatar',
    json('/api/me', {
      avatar: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    }),
  ],
  [
    'a forum post in Markdown with an install recipe in a code block',
    form('/forum/t/new', {
      title: 'Getting started',
      raw: 'Install it:\n\n```sh\nnpm install --save express\nnode server.js\n```\n\nThen open the page.',
    }),
  ],
  // sqli: search text and look-alikes.
  ['a search naming SQL words', get(`/search?q=${q('how to use union select in mysql')}`)],
  ['an empty offset in a JSON query value', get(`/api/items?page=${q('{"offset":""}')}`)],
  ['a phrase search with quoted words', get(`/search?q=${q('"NOT ALL WHO WANDER"')}`)],
  ['two quoted phrases joined by +', get(`/search?q=${q('"WHITE" + "PLATE" + "POTTERY"')}`)],
  ['inches after numbers', get(`/search?q=${q('MATS 5" BY 7"')}`)],
  ['a necklace length in inches', get(`/search?q=${q('necklace length 16" or 18"')}`)],
  ['a possessive after a decade', get(`/search?q=${q("1950' AND 60'S WOMEN'S COATS")}`)],
  ['numbers joined by a preposition', get(`/search?q=${q('3 BY 5 RECIPE CARDS')}`)],
  ['a product code', get(`/search?q=${q('OR-9-9WYTCZT313XRCN2UV62MBE1')}`)],
  ['a French product name', get(`/search?q=${q("D'or 1st parfume")}`)],
  ['a stray apostrophe before a quoted phrase', get(`/search?q=${q(`'-"8 TRACK" PLAYER`)}`)],
  ['a stray apostrophe before a quoted phrase, in the path', get(`/c/${q(`'-"8 TRACK"`)}`)],
  // A COLLATE naming no collation any database has: every database refuses the query.
  ['a quote, COLLATE and a word that is no collation', form('/post', { var: "user'collate foo--" })],
  ['contractions in a review', json('/api/reviews', { text: "don't buy it, it's set by the seller" })],
  ['an HTML character reference in a title', get(`/search?q=${q('Foo and 80&#039;s Foo / Bar')}`)],
  ['a hex file name in a path parameter', get(`/_next/image?url=${q('/uploads/449e0828.jpg')}&w=1080&q=75`)],
  ['a base64 XSRF cookie', get('/account', [['Cookie', 'XSRF-TOKEN=/oXELls/82+hSe5+5H0XUftutymzWJE+kTul7OuUuYJUqJlqy7O1+Q==']])],
  // xss: the word script in a search.
  ['a lone <script search term', get(`/search?q=${q('<script')}`)],
  ['a question about the script tag', get(`/search?q=${q('what is a <script tag')}`)],
  [
    'a page URL with that search in an analytics beacon',
    get(`/g/collect?v=2&dl=${q('https://www.shop.example/search?q=what is a <script tag&utm_source=newsletter')}`),
  ],
  // nosqli: JavaScript in a form field.
  [
    'JavaScript source in a form field',
    form('/snippets', { source: 'var d = new Date(); while (x) {} return this.items.filter(i => i.ok)' }),
  ],
  // ptrav: a name with a colon in a path segment.
  ['a path segment naming a file id', get('/attachments/file:38b50ca6/download')],
];

/** [class, what it is, the request]: the attack the class above must still catch. */
const ATTACKS: Array<[AttackClass, string, TxSpec]> = [
  ['redir', 'a scheme-relative next=', get(`/login?next=${q('//evil.example.net/')}`)],
  ['redir', '@-confusion in returnUrl', get(`/login?returnUrl=${q('https://www.shop.example@evil.example.net/')}`)],
  [
    'ssrf',
    'a metadata address in a redirect_uri',
    get(`/oauth/authorize?redirect_uri=${q('http://169.254.169.254/latest/meta-data/')}`),
  ],
  ['ssrf', 'loopback in a fetch parameter', get(`/api/preview?url=${q('http://127.0.0.1:8080/admin')}`)],
  ['crlf', 'CRLF then a header in a query value', get(`/redirect?to=${q('/home\r\nSet-Cookie: a=1')}`)],
  ['crlf', 'CRLF then Location with a value', get('/file.jsp?somevar=%0A%0Dlocation:%20https://evil.example/%0A%0D')],
  ['rce', 'a command after a Markdown code block', form('/forum/t/new', { raw: 'x\n```\na\n```\n;id' })],
  ['sqli', 'a string break-out with a comparison', get(`/search?q=${q("1' or '1'='1")}`)],
  ['sqli', 'a double-quoted break-out', get(`/search?q=${q('" or ""="')}`)],
  ['sqli', 'a break-out after a number with a comment', get(`/item?id=${q("5' or 1=1--")}`)],
  ['sqli', 'a quote, COLLATE and a built-in collation', form('/post', { var: "user'collate nocase--" })],
  ['sqli', 'a quote, COLLATE and a charset collation', form('/post', { var: "user'collate utf8mb4_general_ci--" })],
  ['sqli', 'a quote, arithmetic on a quoted string and a comment', get(`/search?q=${q(`'-"8 TRACK"--`)}`)],
  ['sqli', 'numbers compared after WHERE', get(`/item?id=${q('1 where 2914=2914 union all select null,null#')}`)],
  ['xss', 'an unclosed script tag with a source', get(`/search?q=${q('<script src=//evil.example/x.js')}`)],
  ['xss', 'a script element', get(`/search?q=${q('<script>alert(1)</script>')}`)],
];

for (const [name, s] of BENIGN)
  test(`benign: ${name}`, () => assert.deepEqual(classes(s), [], `${s.method ?? 'GET'} ${s.target}`));
for (const [cls, name, s] of ATTACKS)
  test(`${cls}: ${name}`, () => assert.ok(classes(s).includes(cls), `${s.target} gave ${classes(s).join(',') || 'nothing'}`));

/**
 * The sqli look-alikes above pass with the committed set, which was pruned with libinjection's
 * false-positive list; a set learned without that list (its leave-one-source-out fold) has their
 * shapes. Here the set holds every shape prefix they produce, read as-is and after each quote, so
 * only the reading rules (hasInjectionShape) keep them quiet; the injections beside them still count.
 */
const lexer = new SqlLexer();
const LOOK_ALIKES = [
  '"NOT ALL WHO WANDER"',
  '"MOD" "KITCHEN"',
  '"WHITE" + "PLATE" + "POTTERY"',
  '"CROSS STITCH" + "TREE SKIRT',
  "D'or 1st parfume",
  'MATS 5" BY 7"',
  'necklace length 16" or 18"',
  "1950' AND 60'S WOMEN'S COATS",
  '3 BY 5 RECIPE CARDS',
  '20 SET 3/4',
  'OR-9-9WYTCZT313XRCN2UV62MBE1',
  "don't refund, it's set by the store",
  'Foo and 80&#039;s Foo / Bar',
  '/uploads/449e0828.jpg',
  '/oXELls/82+hSe5+5H0XUftutymzWJE+kTul7OuUuYJUqJlqy7O1+Q==',
  // A stray apostrophe before a phrase; a COLLATE whose name is no collation.
  `'-"8 TRACK" PLAYER`,
  `'-"8 TRACK"`,
  "user'collate foo--",
];
const INJECTIONS = [
  // Double quotes that pair like phrases inside SQL syntax are no phrase search.
  'SELECT sleep ("5")',
  `OR '{"k":"v"}' ? 'k'`,

  "1' or '1'='1",
  '" or ""="',
  "5' or 1=1--",
  'asd"or-1 XOR"0',
  '1"OR!(false) #1 !',
  "aa'or current_date*0",
  '1 or 1=1',
  `'-"8 TRACK"--`,
  `'-"8 TRACK" or 1=1`,
  "user'collate nocase--",
  'x\'collate "de-x-icu"--',
];
const everyKey = (values: string[]): string[] =>
  values.flatMap((v) =>
    [v, "'" + v, '"' + v].flatMap((s) => {
      const shape = lexer.shape(s);
      return shape.length < 3 ? [shape] : [3, 4, 5].map((n) => shape.slice(0, n));
    }),
  );
const WORST_CASE = new FingerprintSet(everyKey([...LOOK_ALIKES, ...INJECTIONS]));
for (const v of LOOK_ALIKES) test(`sqli reading: ${v} is text`, () => assert.equal(hasInjectionShape(v, WORST_CASE), false));
for (const v of INJECTIONS)
  test(`sqli reading: ${v} is an injection`, () => assert.equal(hasInjectionShape(v, WORST_CASE), true));
