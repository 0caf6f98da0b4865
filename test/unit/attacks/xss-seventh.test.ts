/**
 * XSS and path traversal, seventh round (docs/detection.md, "branch i18-xss7"): markup that
 * clobbers the DOM's own members by `id` or `name`, the Function constructor called as a template
 * tag, markup in JavaScript's octal escapes, one `..` beside a backslash, a server-side script on
 * a Windows share, and a Java application's private folder (WEB-INF) beyond its `web.xml`. Each
 * attack was missed before this branch and each look-alike beside it stays quiet.
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import { RELAXED, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);

namedExamples(
  detector,
  [
    // DOM clobbering: an element named after a member of Document, Node or Element.
    ['an image named after document.getElementById', 'xss', 'q', '<img name=getElementById>'],
    ['a form named documentElement', 'xss', 'json', '<form name="documentElement"><input name=x></form>'],
    ['an anchor whose id is currentScript, with a source', 'xss', 'form', '<a id=currentScript href=//evil.example/x.js>'],
    ['a form control named attributes', 'xss', 'json', '<form id=f><input name=attributes></form>'],
    ['an image named cookie, exposed on document', 'xss', 'q', '<img name=cookie>'],
    ['an image named __proto__', 'xss', 'q', '<img name=__proto__>'],
    ['the member name in character references', 'xss', 'q', '<form id="&#113;uerySelector">'],
    // The Function constructor reached through constructor chains, called as a tag.
    ['a constructor chain called as a tag', 'xss', 'q', "''.constructor.constructor`alert\\`1\\``()"],
    ['the same on an array, in JSON', 'xss', 'json', '[].constructor.constructor`top.open(name)```'],
    // JavaScript's legacy octal escapes of markup, as a string written into the page.
    ['a script element in octal escapes', 'xss', 'q', '\\74script\\76alert(1)\\74/script\\76'],
    [
      'a script source in three-digit octal escapes, in JSON',
      'xss',
      'json',
      '\\074script src=//evil.example/x.js\\076\\074/script\\076',
    ],
    // One `..` with a backslash on either side: a Windows path's climb, not a relative link.
    ['a backslash, dots and an encoded slash', 'ptrav', 'form', '/\\..%2f'],
    ['a backslash after the dots, mid-path', 'ptrav', 'json', 'uploads/..\\web.config.bak'],
    ['a backslash before the dots, then a slash', 'ptrav', 'q', 'files\\../secret.txt'],
    // A server-side script on a Windows share: PHP includes UNC paths as local files.
    ['a PHP script on a share by host name', 'ptrav', 'q', '\\\\evil.example\\share\\shell.php'],
    ['the same with escaped backslashes', 'ptrav', 'form', '%5c%5cevil.example%5cpub%5cinc%5cx.inc'],
    // A Java application's private folder beyond its deployment descriptor.
    ['compiled settings under WEB-INF', 'ptrav', 'q', '/WEB-INF/classes/application.properties'],
    ['a Spring context file under WEB-INF, in JSON', 'ptrav', 'json', 'WEB-INF/applicationContext.xml'],
  ],
  [
    // Ordinary ids and field names: anchors and forms of rich text.
    ['an anchor to the top of a page', 'json', '<p><a id="top"></a>Back to <a href="#top">top</a></p>'],
    ['a section of product attributes', 'json', '<div id="attributes"><h2>Attributes</h2></div>'],
    ['a form field named domain', 'json', '<form><input name="domain" placeholder="example.com"></form>'],
    ['a field named cookie on a consent form', 'json', '<label><input type="checkbox" name="cookie"> Accept</label>'],
    ['a member name in another case', 'q', '<div id="NodeName">x</div>'],
    ['the member name as text', 'q', 'how does getElementById work'],
    // Constructor chains as text and ordinary tagged templates.
    ['a constructor property read', 'json', 'obj.constructor.name === "Object"'],
    ['a styled-components tag', 'json', 'const Title = styled.h1`font-size: 1.5em;`'],
    // Octal-looking backslashes that spell no tag.
    ['a Windows folder named with digits', 'q', 'C:\\74apps\\setup.exe'],
    ['an escaped less-than in prose', 'json', 'price \\74 10 and \\76 5'],
    // Windows paths and relative links.
    ['a Windows document path', 'q', 'C:\\Users\\ana\\Documents\\report.docx'],
    ['a file name uploaded from Windows', 'json', 'D:\\Photos\\2024\\beach.jpg'],
    ['a relative link one level up', 'q', '../images/logo.png'],
    ['a regular expression with an escaped dot', 'q', '^\\d+\\..*$'],
    ['a document on a file share', 'json', '\\\\fileserver\\docs\\q3-report.xlsx'],
    ['a protocol-relative link to a page', 'q', '//cdn.example/app/index.php'],
    ['a docs page about the folder', 'q', '/docs/java/web-inf-layout'],
    ['a folder whose name starts alike', 'json', 'web-infrastructure/classes/readme.md'],
  ],
);
