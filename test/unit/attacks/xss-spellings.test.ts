/**
 * Script spelled to slip past filters (docs/detection.md, "Hosts, references and names spelled apart
 * (branch i18-xss)"): links with two hosts or a host a filter reads differently, a script scheme in
 * character references broken by empty tags, IE's HTML+TIME namespace, and script contexts that
 * build a sink's name from variables, escapes, nested lists or coercions of empty literals. Each
 * attack was missed before this branch; beside each class, what a page, an editor, a forum or
 * data writes of the same form stays quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isXss } from '../../../node/analysis/attacks/detectors/xss';
import type { AttackClass } from '../../../node/records/types';
import { BROWSER, HOST, RELAXED, at, tx, type Where } from './helpers';
import { linearCost, superLinear } from '../../support/linear-cost';

const detector = new AttackDetector(RELAXED);
const classes = (where: Where, v: string): AttackClass[] => [
  ...new Set(detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? []),
];

/** [class of the spelling, value]: each missed before this branch, in a query and in a JSON field. */
const ATTACKS: Array<[string, string]> = [
  // Hosts: a dotted name where the port goes, a second `scheme://` after an empty port, a root's
  // trailing dot, a tab written as a reference inside the host.
  ['two hosts, one as the port', '<a href="http://trusted.example:evil.example/">go</a>'],
  ['a scheme inside the authority', '<a href="http://www.trusthttp://evil.example/x/">go</a>'],
  ['a host ending in the root dot', '<a href="http://evil.example./">go</a>'],
  ['a tab reference inside the host', '<a href="http://1&#09;0.0.0.1/">go</a>'],
  // A script scheme in numeric references, broken by empty tags and blanks.
  [
    'references broken by <wbr>',
    '<IMGSRC=&#106;&#97;&#118;&#97;&<WBR>#115;&#99;&#114;&#105;&#112;&<WBR>#116;&#58;\n&#99;&#111;&<WBR>#110;&#102;&#105;&#114;&#109;&#40;&#49<WBR>;&#41;>',
  ],
  [
    'references broken by blanks',
    '<img src=&#106;&#97;&#118;&#97;&#115;&#99; &#114;&#105;&#112;&#116;&#58;&#99;&#111; &#110;&#102;&#105;&#114;&#109;&#40;&#49;&#41;>',
  ],
  ['IE HTML+TIME imported', '<?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time">'],
  // Names built in script contexts.
  ['pieces held in variables', "g= 0 || 'tion.h',f= 0 || 'ash',k= 0 || 'loca',d= (k) + (g) + (f)"],
  ['pieces chosen by constant conditions', "s1=0?'x':'ev'; s2=0?'y':'al'; n=s1+s2; top[n]('1')"],
  ['a name in no-op escapes', '""[1?"ev\\a\\l":0](1?"\\a\\lert":0)'],
  ['a name in hex escapes, indexed and called', 'x=self;x["\\x61lert"](1)'],
  ['a name joined from a nested list', "self[['al','ert'].join('')](1)"],
  ['a regex source across a comment', 'a=/ev///x\n.source;a+=/al///x\n.source;top[a](name)'],
  ['a window reached by a hex index', 'frames[0x0].alert(1)'],
  ['jjencode', '$=~[];$={___:++$,$$$$:(![]+"")[$],__$:++$,$_$_:(![]+"")[$]};'],
  ['the window aliased, a sink called as its member', 'w=top;w.alert(1)'],
  ['a sink aliased as a member, called by its whole name', 'o={};o.x=alert;o.x(1)'],
  ['coercions of empty literals', '_=[]+{},$=_[1],__=_[5],___=_[4]'],
];
for (const [what, v] of ATTACKS) {
  test(`xss: ${what}: ${v.slice(0, 60)}`, () => {
    assert.ok(classes('q', v).includes('xss'), `query: ${v}`);
    assert.ok(classes('json', v).includes('xss'), `json: ${v}`);
  });
}

/** What pages, editors, forums and data write of the same forms. */
const QUIET: Array<[string, string]> = [
  ['a link with a port', '<a href="http://www.example.com:8080/docs">docs</a>'],
  ['a link with credentials', '<a href="ftp://anonymous@ftp.example.org/pub/">mirror</a>'],
  ['a path ending in a dot', '<a href="https://example.com/files/v1.2.">v1.2.</a>'],
  ['a sentence ending with a URL', 'See http://example.com. It has the docs.'],
  [
    'a mail address spelled in references',
    '<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#105;&#110;&#102;&#111;&#64;a.example">mail</a>',
  ],
  ['an accented word in references', '<p>Caf&#233; <wbr>cr&#232;me</p>'],
  ["Word's pasted namespaces", '<?xml:namespace prefix = o ns = "urn:schemas-microsoft-com:office:office" /><o:p></o:p>'],
  ["Word's VML namespace", '<?xml:namespace prefix = v ns = "urn:schemas-microsoft-com:vml" />'],
  ['a forum post joining strings', "var first = 'John', last = 'Doe'; var full = first + ' ' + last;"],
  ['pieces that join to no sink', "a='ev'; b='ent'; name=a+b; handlers[name](e)"],
  ['a Windows path in a string', 'open("C:\\temp\\alerts.log")'],
  ['an escaped quote around a word', 'say("he said \\"alert\\" twice")'],
  ['a note on JavaScript coercion', 'a = [] + {}; // gives "[object Object]" in a console'],
  ['empty JSON lists and objects', '{"items":[],"meta":{},"tags":[]}'],
  ['a Markdown task list', '- [ ] write tests\n- [x] fix build'],
  ['the window aliased for its own methods', "var w = window; w.addEventListener('load', init); win = window; win.open(url)"],
  ['a dialog aliased, another member called', 'cfg.handler = confirm; cfg.run(1)'],
  ['a longer member of an aliased window', 'w=top;w.alertUser(1)'],
  ['nested lists in data', 'grid[[0,1],[1,0]] = swap(a, b)'],
];
for (const [what, v] of QUIET) {
  test(`quiet: ${what}: ${v.slice(0, 60)}`, () => {
    assert.deepEqual(classes('q', v), [], `query: ${v}`);
    assert.deepEqual(classes('json', v), [], `json: ${v}`);
  });
}

test('the new readers are linear on adversarial 50k-character values', () => {
  const slow: string[] = [];
  for (const make of [
    (n: number) => '<a href="http://' + 'a.'.repeat(n / 2) + ':',
    (n: number) => '=' + '&<wbr>#1'.repeat(n / 8),
    (n: number) => 'a=' + "'x'+".repeat(n / 4),
    (n: number) => 'a=b+'.repeat(n / 4) + 'c',
    (n: number) => '["\\a'.repeat(n / 4) + '](',
    (n: number) => 'self[' + '[a]'.repeat(n / 3),
    (n: number) => '![]' + '$_'.repeat(n / 2),
  ]) {
    const why = superLinear(linearCost(50_000, make, (v) => isXss(v)));
    if (why) slow.push(`${make(12)}: ${why}`);
  }
  assert.deepEqual(slow, []);
});

test('a string escape past U+10FFFF in script code neither throws nor hides the request: the other values are still read', () => {
  // `\u{ffffff}` is no code point: read as U+FFFD (decode/escapes.ts), not thrown, so the SQL in
  // the request's other parameter is still found, and a sink spelled in valid escapes still read.
  assert.equal(isXss('x["\\u{ffffff}"](1)'), false);
  assert.deepEqual(classes('q', 'x["\\u{ffffff}"](1)'), []);
  const hits = detector.detect(
    tx({
      headers: [HOST, BROWSER],
      target: `/s?a=${encodeURIComponent('x["\\u{ffffff}"](1)')}&b=${encodeURIComponent("1' or 1=1-- -")}`,
    }),
  );
  assert.deepEqual([...new Set(hits?.hits.map((h) => h.class) ?? [])], ['sqli']);
  assert.deepEqual(classes('q', 'x["\\u{61}l\\x65rt"](1)'), ['xss']);
});
