/**
 * XSS and path traversal, sixth round (docs/detection.md, "branch i18-xss6"): inline styles whose
 * declarations two readers read differently (escapes that spell letters or markup, a declaration
 * inside a string, a property name that is no identifier, a brace that closes no block), the rest
 * of a handler that `autofocus` fires, sink names glued to a letter of another script, markup in
 * stray bytes read without their eighth bit, dots before a decoded blank in a raw path, and one
 * parent step to a page's image in a path. Each attack was missed before this branch and each
 * look-alike beside it stays quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { isSmuggledDeclaration } from '../../../node/analysis/attacks/detectors/css-style';
import { RELAXED, classesAt, namedExamples, tx } from './helpers';

const detector = new AttackDetector(RELAXED);

namedExamples(
  detector,
  [
    // CSS escapes that spell markup or a property's letters: a filter sees `\3c`, the reader `<`.
    [
      'escapes that spell a tag with a handler',
      'xss',
      'json',
      `<p style="font-family:',;a\\22\\3e\\3cimg\\20src\\3dx\\20onerror\\3d\\61lert\\28\\31\\29\\3e:1'">`,
    ],
    [
      'a property name in escapes and references',
      'xss',
      'q',
      '<div style="\\63&#9\\06f&#10\\0006c&#12\\00006F&#13\\R:\\000072 Ed">XXX</div>',
    ],
    [
      '-moz-binding in letter escapes, written as references',
      'xss',
      'xml',
      '<div/style=&#92&#45&#92&#109&#111&#92&#122&#92&#45&#98',
    ],
    ['an escaped letter in a property name, attribute left open', 'xss', 'json', `exp/*<A STYLE='no\\xss:noxss("*//*");`],
    // A declaration smuggled past a reader of the first one.
    ['a declaration inside a font name', 'xss', 'form', `<div style="font-family:'foo[a];color:red;';">XXX</div>`],
    ['a string ended by a line break', 'xss', 'q', `<div style="font-family:'foo&#10;;color:red;';">XXX</div>`],
    ['a brace that closes no block', 'xss', 'cookie', '<div style="font-family:foo}color=red;">XXX</div>'],
    ['a property name in brackets', 'xss', 'q', '<div style="[a]color[b]:[c]red">XXX</div>'],
    // The rest of a handler the page opened, fired by autofocus.
    ['a call then autofocus closing the tag', 'xss', 'json', 'write(1) autofocus>'],
    ['the same, another input after it', 'xss', 'path', '/items/write(1)%20autofocus%3E%3Cinput%20autofocus%3E/view'],
    // Markup in stray bytes that a US-ASCII reader takes without their eighth bit (CRS 941310).
    ['a script element in bytes 0xBC and 0xBE, as escapes', 'xss', 'q', '\\xbcscript\\xbealert(\\xa2XSS\\xa2)\\xbc/script\\xbe'],
    ['the same percent-encoded', 'xss', 'form', '%BCscript%BEalert(%A2XSS%A2)%BC/script%BE'],
  ],
  [
    ['a font list and a colour', 'json', `<p style="font-family:'Segoe UI',sans-serif;color:#333">Hi</p>`],
    [
      "Word's pasted fonts as references",
      'json',
      '<span style="mso-bidi-font-family:&quot;Times New Roman&quot;;mso-fareast-language:EN-US">x</span>',
    ],
    ['a Chinese font and an icon in escapes', 'json', `<i style="font-family:'\\5FAE\\8F6F\\96C5\\9ED1';content:'\\201C'">x</i>`],
    [
      'grid line names in brackets and a custom property',
      'json',
      '<div style="grid-template-columns:[full-start] 1fr [full-end];--gap:4px">x</div>',
    ],
    ["Vue's bound style object", 'json', `<div :style="{ color: active, fontSize: size + 'px' }">x</div>`],
    ["JSX's style object", 'json', `<div style={{color: 'red', margin: 0}}>x</div>`],
    ["a template's placeholders", 'json', '<div style="color: {{ theme.color }}; width: ${w}px">x</div>'],
    [
      "Internet Explorer's filters and hacks",
      'json',
      `<p style="filter:progid:DXImageTransform.Microsoft.Alpha(Opacity=80);*zoom:1;_height:1px">x</p>`,
    ],
    [
      'an SVG file with inline styles',
      'json',
      '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:#f00;stroke:#000;stroke-width:2"/></svg>',
    ],
    ['a comparison of a call', 'q', 'max(a, b) > c'],
    ['an input that takes the focus', 'json', '<input name="q" autofocus>'],
    // Sink names inside a longer name of another script, calls JavaScript cannot parse.
    ['Cyrillic text with a sink name inside a word', 'q', 'мscriptоalert(¢XSS¢)м/script'],
    [
      'the same UTF-8 text written as byte escapes',
      'q',
      '\\xd0\\xbcscript\\xd0\\xbealert(\\xc2\\xa2XSS\\xc2\\xa2)\\xd0\\xbc/script\\xd0',
    ],
    ['a call with curly quotes from a word processor', 'json', 'alert(‘Saved’)'],
    ['fractions in a recipe', 'json', '¼ cup sugar, ¾ cup flour, ½ tsp salt'],
    // Dots then a decoded blank in a raw path are an ellipsis, not a parent directory.
    ['an ellipsis in a path segment', 'path', '/items/...%20Exec%20summary%20attached/view'],
    [
      "a page's relative image link carried in a path segment",
      'path',
      '/items/..%2Fimages%2Flogo.png%20limit%202%20per%20customer/view',
    ],
  ],
);

test('a query that is only the parent directory asks for its listing (nuclei CVE-2017-12637)', () => {
  const hits = detector.detect(tx({ target: '/scheduler/ui/js/ffffffffbca41eb4/UIUtilJavaScriptJS?/..' }))?.hits ?? [];
  assert.ok(hits.some((h) => h.class === 'ptrav'));
  assert.deepEqual(classesAt(detector, 'q', '/docs/'), []);
});

test('one parent step in a path still counts when it reaches anything but a page asset, or climbs again', () => {
  for (const target of [
    '/items/..%2Fetc%2Fpasswd/view',
    '/items/..%2Fapp.py/view',
    '/items/..%2Fimages%2Flogo.png%2F..%2F..%2Fetc/view',
    '/static/../images/logo.png',
  ]) {
    const hits = detector.detect(tx({ target }))?.hits ?? [];
    assert.ok(
      hits.some((h) => h.class === 'ptrav'),
      target,
    );
  }
});

test('url() with a data URL holds no declarations of the style', () => {
  assert.equal(
    isSmuggledDeclaration("background-image:url('data:image/svg+xml;charset=utf8,%3Csvg style=%27fill:red;stroke:blue%27/%3E')"),
    false,
  );
  assert.equal(isSmuggledDeclaration('background:url(data:image/png;base64,iVBORw0KGgo=) no-repeat'), false);
  assert.equal(isSmuggledDeclaration('background:url(C:\\Users\\me\\logo.png)'), false);
  assert.equal(isSmuggledDeclaration("font-family:'a;color:red'"), true);
});

test('still found: a script call and escapes that spell nothing plain', () => {
  assert.ok(classesAt(detector, 'q', '";alert(document.cookie)//').includes('xss'));
  assert.ok(classesAt(detector, 'q', 'alert(\\u0031)').includes('xss'));
  assert.ok(classesAt(detector, 'q', '<div style="width:expression(alert(1))">').includes('xss'));
});
