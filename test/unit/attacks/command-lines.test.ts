/**
 * The third rce round and its SQL companions (docs/detection.md, "The rce language round, third
 * session"): a command line without any shell character, told from a search phrase by the shape
 * of its arguments (an option, a path, a script or configuration file, an address) after a program
 * that is no word of prose or a tool of its suite (`ansible-pull`); what a NUL byte means to the
 * readers behind the application (a C string ends there, a SQL lexer reads a blank); a database
 * function opened after junk (`length||(`); and two look-alike shapes the SQL readers took for
 * injections (a sentence after `1;`, a stray spaced quote before `#`). Each class has look-alikes
 * that must stay quiet: searches that name a program, install lines of documentation, prose
 * hyphenating a program's name, labels ending in `(`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackDetector } from '../../../node/analysis/attacks';
import { decodeVariants } from '../../../node/analysis/attacks/decode/variants';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { programArguments, programLine } from '../../../node/analysis/attacks/detectors/rce';
import type { AttackClass } from '../../../node/records/types';
import { classesAt, exampleTable, RELAXED, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

const COMMAND_LINES: Array<[AttackClass, string]> = [
  // A program that is no word, subcommand words, then an option, a script or an address.
  ['rce', 'ansible all -m ping'],
  ['rce', 'ansible-playbook site.yml'],
  ['rce', 'python3 exploit.py'],
  ['rce', 'docker run -it ubuntu'],
  ['rce', 'nmap scanme.example.net -p 22'],
  ['rce', 'ssh root@10.0.0.5'],
  // A tool of a suite, named by its suite's prefix.
  ['rce', 'ansible-pull --url example.com'],
  ['rce', 'chef-client -t 1.1.1.1'],
  ['rce', 'chef-run all recipe.rb'],
  // A word-command given only options, a long one among them.
  ['rce', 'perf --version'],
  // A tool of a suite after a separator; a reader given one absolute path to a script, config or archive.
  ['rce', 'time; chef-client -t 1.1.1.1'],
  ['rce', 'cat /path/file.gz'],
  ['rce', 'tail /srv/app/config.yml'],
];

const COMMAND_LOOK_ALIKES = [
  // Searches and prose that name a program, with bare words only.
  'cat food',
  'find my order',
  'ping me',
  'pip install requests',
  'python list comprehension',
  'python 3.10 release notes',
  'docker compose tutorial',
  'nmap scan of my network',
  'curl post json example',
  'cscli alerts list',
  // A file that is a document, not a script; a capitalised word of a sentence.
  'python tutorial.pdf',
  'Python script.py',
  'python is great.',
  // Prose hyphenating a program's name; install lines of a README.
  'python-based tools',
  'chef-owned restaurant',
  'npm install --save jsonfile',
  'pip install -r requirements.txt',
  // A public key (type, blob, comment) and a snippet's long command line from a guide.
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1b2VzdGZvb2JhcmJhemZvb2JhcmJhemZvb2Jh anna@laptop',
  'docker run -d -p 8080:80 --name web nginx:latest',
  // A page or a document read by name; hyphenated prose after a separator; a guide's next line.
  'more /about/team.html',
  'less /docs/readme.md',
  'cat /images/cat.png',
  'see below; chef-owned restaurant',
  'Steps:\nchef-client -t 1.1.1.1',
  // Word-commands with options that are not long ones.
  'make -j4',
  'top --',
];

exampleTable(detector, COMMAND_LINES, COMMAND_LOOK_ALIKES, ['q', 'form', 'json'], ['rce']);

test('a command line in a free header and in a form body ending with a line break', () => {
  const h = detector.detect(
    tx({
      target: '/get',
      headers: [
        ['Host', 'shop.example'],
        ['User-Agent', 'ansible all -m ping'],
      ],
    }),
  );
  assert.ok(h?.hits.some((x) => x.class === 'rce'));
  assert.ok(classesAt(detector, 'form', 'chef-client -t 1.1.1.1\n').includes('rce'));
  assert.deepEqual(
    classesAt(detector, 'form', 'docker compose tutorial\n').filter((c) => c === 'rce'),
    [],
  );
});

test('a NUL byte: a C string ends there (`;id%00.jpg` runs `;id`), a SQL lexer reads a blank', () => {
  const forms = (raw: string): readonly string[] => decodeVariants(raw, new Budget(DEFAULT_ATTACK_LIMITS));
  assert.deepEqual(forms(';id\0.jpg'), [';id.jpg', ';id', ';id .jpg']);
  assert.deepEqual(forms('1%00UNION%00SELECT'), ['1%00UNION%00SELECT', '1UNIONSELECT', '1', '1 UNION SELECT']);
  // Without a NUL, nothing is added.
  assert.deepEqual(forms('a%20b'), ['a%20b', 'a b']);
  assert.ok(classesAt(detector, 'q', ';id\0.jpg').includes('rce'));
  assert.ok(classesAt(detector, 'json', '127.0.0.1;id\0.png').includes('rce'));
  assert.ok(classesAt(detector, 'json', '1\0UNION\0SELECT\0password\0FROM\0users--').includes('sqli'));
  assert.ok(classesAt(detector, 'json', 'SELECT\0table_name\0FROM\0all_tab_tables').includes('sqli'));
  // The NUL itself stays evidence (ptrav's hasNulByte), but a name cut by it is no command.
  assert.deepEqual(
    classesAt(detector, 'q', 'wh\0oami').filter((c) => c === 'rce'),
    [],
  );
});

const SQL: Array<[AttackClass, string]> = [
  // A database function opened after junk a filter might let stand.
  ['sqli', 'length||('],
  ['sqli', 'version=('],
  ['sqli', 'if !('],
  ['sqli', 'day.+('],
  ['sqli', 'ln) ('],
  ['sqli', "left')?$("],
  ['sqli', 'quarter. ('],
  ['sqli', 'md5\\('],
  ['sqli', 'year]=('],
  ['sqli', 'Password>$('],
  // The stacked statements a sentence must not hide.
  ['sqli', '1; drop table users'],
  ['sqli', "1;exec xp_cmdshell 'dir'"],
  ['sqli', "admin' #"],
];

const SQL_LOOK_ALIKES = [
  // A sentence after `1;`: two statement words around one name.
  '1; exec will create the case 7',
  // Words, then a stray spaced quote and `#`: a product line.
  "BAMBOO CHARCOAL SOAP 1 '#",
  // Labels and prose with a parenthesis that is not opened alone.
  'Date: (',
  'Price: (',
  'length (cm) of the table',
  'Version 2 (beta)',
];

exampleTable(detector, SQL, SQL_LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']);

// Mail commands after a line break, with the arguments each protocol gives them (SMTP, POP3, IMAP).
const MAIL: Array<[AttackClass, string]> = [
  ['mail_injection', 'hi\r\nEHLO attacker.example'],
  ['mail_injection', 'hi\r\nVRFY postmaster'],
  ['mail_injection', 'hi\r\nAUTH PLAIN dGhpc2lzIWF0ZXN0cGFzc3dvcmQ='],
  ['mail_injection', 'hi\r\nRETR 123'],
  ['mail_injection', 'hi\r\nTOP 1 2'],
  ['mail_injection', 'hi\r\nAPOP admin 7d0a3bd8e5b2abcfb3e256633c23b891'],
  ['mail_injection', 'hi\r\na001 authenticate PLAIN'],
  ['mail_injection', 'hi\r\na001 STATUS INBOX (MESSAGES)'],
  ['mail_injection', 'hi\r\na001 uid store 231:233'],
  ['mail_injection', 'hi\r\na002 copy 2:4 MEETING'],
  ['mail_injection', 'hi\r\nA1 list "INBOX/" "*"'],
  ['mail_injection', 'hi\r\nd store 2 +FLAGS (\\Deleted)'],
];

const MAIL_LOOK_ALIKES = [
  'Hi,\r\nA4 copy paper please',
  'Notes\r\nA1 status update (draft)',
  'Ideas\r\nTop 10 tips',
  'Todo\r\nList 3 things',
  'Choice\r\nI select the blue one',
  'Plan\r\nA1 list of items',
  'Stock\r\nB2 store 5 boxes',
  'Agenda\r\nITEM 1\r\nTOP 3 PRIORITIES',
  'Order the test\r\nSTAT',
  'Thanks for the help\r\nHELP ME',
];

exampleTable(detector, MAIL, MAIL_LOOK_ALIKES, ['form', 'json'], ['mail_injection']);

test('programLine looks the first word up before splitting: the same answers as splitting first', () => {
  // The reference: the value split on blanks, then the first word's shape and programArguments.
  const reference = (value: string): boolean => {
    if (value.length > 200) return false;
    const words = value.trim().split(/\s+/);
    return /^[a-z][\w.+-]{1,30}$/.test(words[0]) && programArguments(words[0], words.slice(1));
  };
  const word = fc.constantFrom(
    'ansible',
    'ansible-pull',
    'chef-client',
    'nmap',
    'python3',
    'python3.10',
    'cat',
    'find',
    'Python',
    'docker',
    'all',
    '-m',
    '--url',
    'ping',
    'site.yml',
    'x/y',
    '1.1.1.1',
    'a@b',
    'tutorial.pdf',
    'is',
    'great.',
    '',
  );
  const blank = fc.constantFrom(' ', '  ', '\t', '\n');
  const line = fc
    .tuple(fc.boolean(), blank, fc.array(fc.tuple(word, blank), { maxLength: 7 }))
    .map(([lead, b, parts]) => (lead ? b : '') + parts.map(([w, sep]) => w + sep).join(''));
  fc.assert(
    fc.property(line, (v) => assert.equal(programLine(v), reference(v), JSON.stringify(v))),
    { numRuns: 3000 },
  );
});
