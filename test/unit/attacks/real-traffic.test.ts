/**
 * Real traffic that must stay quiet (issue 18, docs/detection.md "The false-positive round, second
 * session (branch i18-fpr)"): what browsers, crawlers, mobile apps and API clients send, written
 * from how they send it, not from any corpus. The first group failed before that round (each with
 * the attack of the same form beside it, below); the rest pin classes that already pass: user
 * agents, analytics and consent cookies, JWTs, tracking parameters, multilingual searches,
 * rich-text HTML, Markdown, GraphQL, API filter languages, error reports and headers of real clients.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, tx, type TxSpec } from './helpers';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const headers = (extra: Array<[string, string]> = [], ua = CHROME): Array<[string, string]> => [
  ['Host', 'www.site.example'],
  ['User-Agent', ua],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
  ['Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8'],
  ...extra,
];
const get = (target: string, extra: Array<[string, string]> = []): TxSpec => ({ target, headers: headers(extra) });
const json = (target: string, body: unknown): TxSpec => ({
  method: 'POST',
  target,
  headers: headers([['Content-Type', 'application/json']]),
  body: JSON.stringify(body),
});
const form = (target: string, fields: Record<string, string>): TxSpec => ({
  method: 'POST',
  target,
  headers: headers([['Content-Type', 'application/x-www-form-urlencoded']]),
  body: Object.entries(fields)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&'),
});
const q = encodeURIComponent;

const detector = new AttackDetector(RELAXED);
const classes = (s: TxSpec): AttackClass[] => [...new Set(detector.detect(tx(s))?.hits.map((h) => h.class) ?? [])].sort();

/** Flagged before branch i18-fpr's second session: [what it is, the request]. */
const FIXED: Array<[string, TxSpec]> = [
  // sqli: a token with one `@` (read as a name and a variable, a learned shape).
  [
    "Adobe Analytics' visitor cookie, named <org id>@AdobeOrg",
    get('/', [
      [
        'Cookie',
        'AMCV_98DC73AE52E13F1E0A490D4C%40AdobeOrg=1176715910%7CMCIDTS%7C19700; AMCVS_98DC73AE52E13F1E0A490D4C%40AdobeOrg=1',
      ],
    ]),
  ],
  ['a user@host value', get(`/deploy/status?target=${q('deploy@build-07')}`)],
  // sqli: a path to an anchor (read as a number and a MySQL comment).
  ["Drupal's login link back to a comment form", get(`/user/login?destination=${q('/node/1#comment-form')}`)],
  // ptrav: a program's module named by its Windows path.
  [
    'a native crash report with its module paths',
    json('/api/1/store/', {
      exception: { values: [{ type: 'EXCEPTION_ACCESS_VIOLATION_READ', module: 'C:\\Windows\\System32\\ntdll.dll' }] },
      debug_meta: {
        images: [{ code_file: 'C:\\Windows\\System32\\KERNELBASE.dll' }, { code_file: 'C:\\Program Files\\Acme\\acme.exe' }],
      },
    }),
  ],
  // xss: a rich-text editor's HTML (a no-op script link, a closed <style> of plain CSS, a background image).
  [
    "an editor's button link that runs nothing",
    form('/wp-admin/post.php', { content: '<p><a href="javascript:void(0)">click</a> or <a href="javascript:;">here</a></p>' }),
  ],
  [
    'a style element of plain CSS in a post',
    json('/api/pages', {
      html: '<style>.hero { color: red; background: url("https://cdn.site.example/bg.png"); } @media (max-width: 600px) { .hero { display: none; } }</style><div class="hero">x</div>',
    }),
  ],
  [
    'a background image in a style attribute',
    json('/api/pages', {
      html: '<div style="background-image: url(\'https://cdn.site.example/bg.png\'); padding: 10px;">Hero</div>',
    }),
  ],
  [
    "an SEO plugin's structured data block",
    json('/api/pages', {
      html: '<p>Hello</p>\n<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article","headline":"Hi"}</script>',
    }),
  ],
];

/** The attacks of the same forms, still reported. */
const ATTACKS: Array<[AttackClass, string, TxSpec]> = [
  ['sqli', 'a system variable glued to a name', get(`/item?id=${q('name@@version')}`)],
  ['sqli', 'a quote and a comment after a path', get(`/user/login?destination=${q("/node/1'#")}`)],
  ['sqli', 'a tautology then a comment', get(`/item?id=${q('1 or 1=1#a')}`)],
  ['ptrav', 'the shell by its Windows path', get(`/run?file=${q('c:\\windows\\system32\\cmd.exe')}`)],
  ['ptrav', "a web application's own DLL under its web root", get(`/download?file=${q('c:\\inetpub\\wwwroot\\bin\\app.dll')}`)],
  ['ptrav', 'a DLL reached by traversal', get(`/download?file=${q('..\\..\\windows\\system32\\kernel32.dll')}`)],
  ['ptrav', 'the hosts file', get(`/download?file=${q('C:\\Windows\\System32\\drivers\\etc\\hosts')}`)],
  ['ptrav', 'win.ini', get(`/download?file=${q('c:\\windows\\win.ini')}`)],
  ['xss', 'a script link that runs code', form('/comment', { text: '<a href="javascript:alert(document.cookie)">x</a>' })],
  ['xss', 'a no-op link with a handler', form('/comment', { text: '<a href="javascript:void(0)" onclick="alert(1)">x</a>' })],
  ['xss', 'an unclosed style element', get(`/search?q=${q('<style>')}`)],
  ['xss', 'a style element importing a stylesheet', get(`/search?q=${q('<style>@import "//evil.example/x.css";</style>')}`)],
  [
    'xss',
    'a style element with a script URL',
    get(`/search?q=${q('<style>li{list-style-image:url("javascript:alert(1)")}</style>')}`),
  ],
  ['xss', 'a style element with an expression', get(`/search?q=${q('<style>*{x:expression(alert(1))}</style>')}`)],
  [
    'xss',
    'a style element loading from another host',
    get(`/search?q=${q("<style>body{background:url('//evil.example/x')}</style>")}`),
  ],
  ['xss', 'a script after a plain style element', get(`/search?q=${q('<style>a{}</style><script>alert(1)</script>')}`)],
  [
    'xss',
    'a script after a data block',
    get(`/search?q=${q('<script type="application/ld+json">{}</script><script>alert(1)</script>')}`),
  ],
  [
    'xss',
    'a data block broken out of',
    get(`/search?q=${q('<script type="application/ld+json">{"a":"</script><script>alert(1)</script>"}</script>')}`),
  ],
  [
    'xss',
    'a data block with a source',
    get(`/search?q=${q('<script type="application/ld+json" src="//evil.example/x.js"></script>')}`),
  ],
  [
    'xss',
    'a data block with a handler',
    get(`/search?q=${q('<script type="application/ld+json" onload="alert(1)">{}</script>')}`),
  ],
  ['xss', 'a script URL in a style attribute', get(`/search?q=${q('<div style="background:url(javascript:alert(1))">')}`)],
];

const USER_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 14_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.2(0x18000239) NetType/WIFI Language/zh_CN',
  'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; Media Center PC 6.0; .NET4.0C; .NET4.0E)',
  'Dalvik/2.1.0 (Linux; U; Android 11; SM-G991B Build/RP1A.200720.012)',
  'Apache-HttpClient/4.5.13 (Java/11.0.11)',
  'Java/1.8.0_151',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone13,2;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
  'Mozilla/5.0 (Linux; Android 9; MI 8 Build/PKQ1.180729.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/66.0.3359.126 MQQBrowser/6.2 TBS/044904 Mobile Safari/537.36 V1_AND_SQ_8.1.0_1232_YYB_D QQ/8.1.0.4150 NetType/WIFI WebP/0.3.0 Pixel/1080',
  'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
  'MyApp/1.2.3 (com.example.myapp; build:456; iOS 17.0.1) Alamofire/5.8.0',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5266; Pro)',
];

const COOKIES = [
  '__utmz=12345678.1600000000.1.1.utmcsr=google|utmccn=(organic)|utmcmd=organic|utmctr=(not%20provided)',
  'UM_distinctid=17abc-0def-123; CNZZDATA1234567=123456789-1600000000-https%253A%252F%252Fwww.baidu.com%252F%7C1600000000',
  'OptanonConsent=isIABGlobal=false&datestamp=Mon+Dec+07+2026+10%3A12%3A00+GMT%2B0100+(Central+European+Standard+Time)&version=6.10.0&groups=C0001%3A1%2CC0002%3A0',
  'euconsent-v2=CPXxRfAPXxRfAAfKABENB-CgAP_AAH_AAAAAIMNf_X__b3_j-_5_f_t0eY1P9_7_v-0zjhfdt-8N2f_X_L8X42M7vF36pq4KuR4Eu3LBIQdlHOHcTUmw6okVrzPsbk2cr7NKJ7PEmnMbO2dYGH9_n93TuZKY7__8___z__-v_v____f_r-3_3__59X---_e_V399zLv9__3__9gfaASYal8AF2JY4Mk0aVQogQhWEh0AoAKKEYWiawgJXBTsrgI9QQMAEBqAjAiBBiCjFgEAAAAASURASAHggEQBEAgABACpAQgAIkAQWAFgYBAAKAaFgBFAEIEhBkcFRymBARItFBPJWAJRd7GmEIZRYAUCj-iowEShBAsDISFg5jgCQEvFkgWYoXyAEYIUAAAA',
  'CookieConsent={stamp:%27-1%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cver:1%2Cregion:%27de%27}',
  'mp_abcdef0123456789_mixpanel=%7B%22distinct_id%22%3A%20%2217abc%22%2C%22%24initial_referrer%22%3A%20%22https%3A%2F%2Fwww.google.com%2F%22%7D',
  'wordpress_logged_in_0123456789abcdef=admin%7C1600000000%7CabcDEF123%7C0123456789abcdef; wp-settings-1=libraryContent%3Dbrowse%26editor%3Dtinymce',
  'token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'cart=%5B%7B%22id%22%3A12%2C%22qty%22%3A2%2C%22name%22%3A%22Men%27s%20T-shirt%20(L)%22%7D%5D; last_search=%22select+a+plan%22',
  '_clck=abc|1|fgh|0; _clsk=xyz|1600000000|1|1|k.clarity.ms/collect; dtCookie=v_4_srv_1_sn_ABCDEF_perc_100000_ol_0_mul_1',
  'session=.eJwlzjEOwjAMBdC7eM7gOE6c9jJVkm8RERJrk6UQdyfSL7xP8vmjtN3-fZ4VP3qMpX9GxzH80nOhVjmqIyGlYpFJNZqiKoSzsYoHj3yPYdBBm2q.Z1234A.abcdef',
];

/** Already quiet; kept so that no later rule reports them. */
const QUIET: Array<[string, TxSpec]> = [
  // Forms of the fixed classes that passed before too (a shape not learned, a path the rule never read).
  ["Drupal 7's, without the leading slash", get(`/user?destination=${q('node/12#comments')}`)],
  ['a return link to a section', form('/account/save', { returnTo: '/docs/v2/install#requirements', name: 'Alice' })],
  [
    'an install location in a support form',
    form('/support', { program: 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe' }),
  ],
  ...USER_AGENTS.map((ua): [string, TxSpec] => [`user agent ${ua.slice(0, 40)}`, { target: '/', headers: headers([], ua) }]),
  ...COOKIES.map((c): [string, TxSpec] => [`cookie ${c.slice(0, 40)}`, get('/index.html', [['Cookie', c]])]),
  [
    'a Referer from a search engine naming SQL words',
    get('/page/2', [['Referer', 'https://www.bing.com/search?q=select+count+from+table+sql&form=QBLH&sp=-1']]),
  ],
  [
    'tracking parameters',
    get('/?utm_source=newsletter&utm_medium=email&utm_campaign=winter_sale&gclid=Cj0KCQiA1234_BwE&fbclid=IwAR1abc'),
  ],
  ['a JSONP callback', get('/api/list?callback=jQuery112409876543210987654_1600000000000&_=1600000000001')],
  ['a Chinese search', get(`/search?q=${q('如何学习SQL注入')}`)],
  ['a Russian search with drop', get(`/search?q=${q('как drop table удалить')}`)],
  ['an OData filter', get("/odata/Products?$filter=Name%20eq%20'Milk'%20and%20Price%20lt%202.55&$orderby=Price%20desc&$top=10")],
  ['a JQL query', get(`/rest/api/2/search?jql=${q('project = ABC AND status in ("In Progress", Open) ORDER BY created DESC')}`)],
  ['a Lucene query', get(`/_search?q=${q('title:(quick OR brown) AND author:"John Smith" -status:draft')}`)],
  [
    'a persisted GraphQL query',
    get(
      `/graphql?operationName=GetUser&variables=${q('{"id":"1"}')}&extensions=${q('{"persistedQuery":{"version":1,"sha256Hash":"ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"}}')}`,
    ),
  ],
  [
    'a SAML redirect',
    get(`/sso?SAMLRequest=fZJNT8MwDIb%2FSuV7m7ZbN4jWSmMTYtKQqm1w4Ja2LovUJiVx&RelayState=${q('https://app.example.com/home')}`),
  ],
  [
    'an editor HTML post',
    json('/api/posts', {
      html: '<p style="text-align: center;"><span style="color: #ff0000; font-family: \'Arial\', sans-serif;">Red</span></p><pre class="ql-syntax">if (x &gt; 0) { console.log(x); }</pre>',
    }),
  ],
  [
    'a Markdown post',
    form('/forum/new', {
      raw: '# Heading\n\n* one\n\n[link](https://example.com "title") ![img](/a.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    }),
  ],
  ['a message in Chinese', form('/contact', { message: '我想问一下，这个产品什么时候发货？订单号：20261207001。谢谢！' })],
  ['odd passwords', form('/wp-login.php', { log: 'alice', pwd: "P@ss'w0rd", redirect_to: 'https://www.site.example/wp-admin/' })],
  [
    'an error report with a stack',
    json('/api/errors', {
      stack:
        "TypeError: Cannot read properties of undefined (reading 'map')\n    at ProductList (https://www.site.example/static/js/main.js:1:2345)",
    }),
  ],
  [
    'prices, dates and phone numbers',
    json('/api/orders', {
      price: '$1,299.00',
      discount: '-15%',
      date: '07.12.2026',
      range: '[10, 20)',
      phone: '+1 (555) 123-4567',
    }),
  ],
  ['a file name with parentheses and an apostrophe', json('/api/files', { filename: "Q4 report (final) - Alice's copy.pdf" })],
  [
    'tracing headers',
    get('/api/data', [
      ['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
      ['baggage', 'userId=alice,serverNode=DF%2028'],
    ]),
  ],
];

for (const [name, s] of FIXED)
  test(`quiet (fixed): ${name}`, () => assert.deepEqual(classes(s), [], `${s.method ?? 'GET'} ${s.target}`));
for (const [cls, name, s] of ATTACKS)
  test(`${cls} still: ${name}`, () =>
    assert.ok(classes(s).includes(cls), `${s.target} gave ${classes(s).join(',') || 'nothing'}`));
for (const [name, s] of QUIET) test(`quiet: ${name}`, () => assert.deepEqual(classes(s), [], `${s.method ?? 'GET'} ${s.target}`));
