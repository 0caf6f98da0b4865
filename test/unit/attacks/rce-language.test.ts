/**
 * Command injection read by the language of the shells (docs/detection.md, "rce", "The rce
 * language round"): a value that opens by ending a command (`;who`, `|set`), a network probe given
 * a host to call back (`nslookup x.example.net`), cmd.exe's own escapes and variables (`who^ami`,
 * `%COMSPEC% /c ver`), versioned interpreters (`python3.10 -c`), a shell fed a here-string
 * (`bash<<<id`), a command reading a system file by redirection (`cat</etc/passwd`), PowerShell
 * cmdlets named in full, and PHP calls through variable variables, members or comments
 * (`$$b(2)`, `$o->$f()`, `$a/*c*\/()`). Each class has look-alikes that must stay quiet: text with
 * the same characters (a list after a semicolon, a host in prose, a caret in math, a percent in a
 * template, PHP-like prices, jQuery).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { classesAt, exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<['rce', string]> = [
  // A value that opens with a separator ends the application's command: what follows is the next one.
  ['rce', ';who'],
  ['rce', ';set'],
  ['rce', '| top'],
  ['rce', '&& who'],
  ['rce', ';rmt --version'],
  ['rce', ";'rmt' --version"],
  ['rce', ';lastlogin -u admin'],
  // A network probe given a host name to call back (out-of-band confirmation).
  ['rce', 'nslookup x7f3k.oast.example.net'],
  ['rce', 'curl x7f3k.oast.example.net'],
  ['rce', 'ping -c 1 x7f3k.oast.example.net'],
  ['rce', 'dig +short x7f3k.oast.example.net'],
  // cmd.exe: `^` escapes the next character; `%VAR%` and `%VAR:~n,m%` expand.
  ['rce', 'who^ami'],
  ['rce', ';w^h^o^a^m^i'],
  ['rce', 'c^m^d /c dir'],
  ['rce', '%COMSPEC% /c ver'],
  ['rce', '&%ComSpec% /k whoami'],
  ['rce', '%SystemRoot%\\system32\\cmd.exe /c whoami'],
  ['rce', '%COMSPEC:~-7,3% /c ver'],
  // PowerShell cmdlets named in full, without a shell character.
  ['rce', 'Invoke-Expression whoami'],
  ['rce', 'Start-Process calc.exe'],
  ['rce', 'iex "whoami"'],
  // Versioned interpreters and compilers are the same programs.
  ['rce', 'python3.10 -c "import os"'],
  ['rce', 'echo | gcc7.4'],
  // A shell given its commands as a here-string; a command reading a system file by redirection.
  ['rce', 'bash<<<id'],
  ['rce', "sh <<< 'id'"],
  ['rce', 'cat</etc/passwd'],
  // PHP: calls through variable variables, members, static members, comments and empty argument lists.
  ['rce', '$$b(2)'],
  ['rce', '${@$b}(12)'],
  ['rce', '$$$z(29)'],
  ['rce', '${_.__}(30);'],
  ['rce', '$a/*c*/()'],
  ['rce', '$a //x\n()'],
  ['rce', '$__[$_[1]](7)'],
  ['rce', '$foo->$funcname()'],
  ['rce', 'Foo::$variable()'],
  // PHP: a function's name cut from its `(` by a comment.
  ['rce', 'checkdate/*x*/()'],
  ['rce', 'symlink//c\n()'],
  ['rce', 'serialize#c\n()'],
  // A word-command after a separator pointed at a system or hidden file; eval; bash's `$(<file)`.
  ['rce', ';grep root /etc/passwd'],
  ['rce', ';awk 1 /etc/passwd'],
  ['rce', ';cat .env'],
  ['rce', '|type web.config'],
  ['rce', ';eval id'],
  ['rce', "$(<'/etc/passwd')"],
  // A change of directory to a path, then more commands.
  ['rce', 'cd /;cd etc;column passwd'],
  ['rce', 'CD /;CD ETC;COMM PASSWD PASSWD'],
  ['rce', 'cd /tmp && make'],
  // cmd.exe's dir given a bare drive; a command line after an opening quote; a probe word ended by a separator.
  ['rce', ' dir c: |'],
  ['rce', '" ping.exe -n 31 127.0.0.1'],
  ['rce', 'id;'],
  ['rce', 'ls|'],
  // A word-command with an argument that is no prose word after a leading separator.
  ['rce', ';echo CVE-2023-23333'],
  // cmd.exe IF with `/i` glued to it and `===` (cmd compares `red` with `=red`).
  ['rce', 'if/i a==b foo'],
  ['rce', 'IF NOT red===red echo test'],
  // One call of PHP's socket, fetch or compressed-stream functions (names are case-insensitive in PHP).
  ['rce', 'curl_iNit()'],
  ['rce', "pfsockopen('foo', 25)"],
  ['rce', 'bzdecomprEss()'],
  // The JDK's CORBA packages by name, as IIOP deserialization gadgets reach them.
  ['rce', 'org.omg.CORBA'],
  ['rce', 'org.omg.CosNaming.NamingContext'],
];

const LOOK_ALIKES: string[] = [
  // A semicolon or bar before ordinary words.
  '; see also the appendix',
  '| Name | Value |',
  '&& more to come',
  ';charset=utf-8',
  // A host in prose; a lookup tool named without a host.
  'Use nslookup to check the record',
  'curl is a tool for transferring data',
  'ping me at 10am',
  // Carets and percents of text, math and templates.
  'x^2 + y^2 = z^2',
  '2^10 = 1024',
  '^test',
  '^cat$',
  // HTML character references named like commands are text.
  'Acme&reg; Widgets',
  '&copy; 2024 Acme',
  'Growth of 15% to 20% this year',
  '%USERNAME% is shown in the header',
  'Hello %name%, your order shipped',
  // Versions and programs in prose.
  'python3.10 is the default on the server',
  'Requires gcc7.4 or newer',
  // Here-documents of a README; comparisons.
  'a <<< b',
  'price < 100',
  // PHP-like prices and jQuery.
  'costs $5 (about)',
  'pay $$ (double dollars)',
  "$('#id').hide()",
  '$$("div.item")',
  'Invoke the expression later',
  // Comments and hashtags of prose and code near parentheses.
  'Fixed in issue#12\n(see below)',
  'Great #deal\n(limited offer)',
  'x = f(a) /* scale */ + 1',
  // Files and directories named in prose after a semicolon.
  'See the notes; the .env file holds the keys',
  'cd music; the best album',
  'id',
  '| top sellers |',
  '; more to come',
  'dir: c',
  // Domains and packages that only look like a JDK package.
  'omg.org/spec/UML',
  'org.omgroup.example',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json'], ['rce']);

test('a leading separator reads only the first command: a list of words is not one', () => {
  assert.deepEqual(classesAt(detector, 'q', ';apple;banana;cherry'), []);
});
