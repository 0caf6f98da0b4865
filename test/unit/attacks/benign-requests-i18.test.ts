/**
 * Whole benign requests flagged (issue 18; docs/detection.md, "Markdown in prose (branch
 * i18-benign)"): a README's list item whose term is in strong emphasis (`- **SHA-256** - Secure Hash
 * Algorithm 256-bit`) read as SQL, and a README's API heading naming a script function (`###
 * confirm(message, [initial])`) read as a call. Each class beside the attacks that look like it and
 * must stay flagged; also a type written as documentation does (`Function<Object data>`) read as an
 * `<object>` element.
 */
import { exampleTable, RELAXED } from './helpers';
import { AttackDetector } from '../../../node/analysis/attacks';

const detector = new AttackDetector(RELAXED);

// Strong emphasis around a term: quiet as sqli. An injection wrapped in the same markup, inline
// comments (`/**\/`, whose stars are no emphasis) and a break-out after an emphasised label: still sqli.
exampleTable(
  detector,
  [
    ['sqli', "**1' or '1'='1**"],
    ['sqli', '/**/or/**/1=1'],
    ['sqli', '1/**/union/**/select/**/1,2'],
    ['sqli', "**Note:** x' or 1=1--"],
    ['sqli', "- **SHA-256** ' union select password from users--"],
  ],
  [
    '- **SHA-256** - Secure Hash Algorithm 256-bit (default for async methods)',
    '- **SHA-384** - Secure Hash Algorithm 384-bit',
    '- **SHA-512** - Secure Hash Algorithm 512-bit',
  ],
  ['q', 'json', 'form'],
  ['sqli'],
);

// A Markdown heading naming a function (one to six `#` and a blank at a line's start): quiet as xss.
// The call after `#` without a blank, after a `#` inside a line, on the heading's next line, or a
// heading holding markup or a break-out: still xss.
exampleTable(
  detector,
  [
    ['xss', '#alert(1)'],
    ['xss', 'x ### alert(1)'],
    ['xss', '### Usage\nalert(document.cookie)'],
    ['xss', '### <script>alert(1)</script>'],
    ['xss', "### x';alert(1)//"],
    ['xss', '### x" onmouseover=alert(1) "'],
  ],
  ['### confirm(message, [initial])', '## prompt(question, default)', '#### eval(code) is never called'],
  ['q', 'json', 'form'],
  ['xss'],
);

// A closed tag whose attributes are all bare names, as documentation writes a type
// (`Function<Object data>`): quiet as xss. The same element with a value, left open, with a bare
// handler name, or a script element: still xss.
exampleTable(
  detector,
  [
    ['xss', '<object data=javascript:alert(1)>'],
    ['xss', 'Function<Object data=//evil.example/x.swf>'],
    ['xss', '<object data'],
    ['xss', '<iframe onload>'],
    ['xss', '<iframe src=//evil.example>'],
    ['xss', 'Function<script>'],
  ],
  [
    '##### .compile(Object schema) -&gt; Function&lt;Object data&gt;',
    '##### .getSchema(String key) -&gt; Function&lt;Object data&gt;',
    'returns Promise<Object data>',
  ],
  ['q', 'json', 'form'],
  ['xss'],
);
