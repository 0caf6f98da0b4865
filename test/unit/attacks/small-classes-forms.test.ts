/**
 * The smaller classes, second round (branch i18-small, docs/detection.md "The smaller classes,
 * second round"): forms of traversal, response splitting in text fields, format-string probes and
 * template render options that the leave-one-source-out misses showed, each read from the
 * attack's own language. Every example here failed before this round; the benign look-alikes
 * beside them stay quiet. Where: `q` a query value, `ua` the User-Agent, `form`/`json`/`xml` a
 * field of that body, `path` a whole request target (helpers.ts).
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);
const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // ptrav: one up-level spelt as no relative link spells it.
  ['an up-level in hex notation, NUL after it', 'ptrav', 'ua', '0x5c0x2e.%00/'],
  ["Tomcat's path parameter after each dot segment", 'ptrav', 'q', '..;.\\.;\\.'],
  ['a value that climbs with a backslash', 'ptrav', 'q', '..\\pineapple'],
  // ptrav: a command line whose operand is a system file (rce reads the command).
  ['cat of a private key in a header', 'ptrav', 'ua', 'cat /root/.ssh/id_rsa'],
  ['cat of a kernel table', 'ptrav', 'ua', 'cat /proc/net/tcp'],
  ['a field-qualified system file (filter syntax)', 'ptrav', 'q', 'path:/etc/passwd'],
  // A `url:` prefix, which Java's URL class drops.
  ['a file URL behind url:', 'ptrav', 'q', 'url:file:///etc/passwd'],
  ['a loopback URL behind url:', 'ssrf', 'q', 'url:http://127.0.0.1/'],
  // crlf in text fields: a split in its own shape.
  ['a form field opening with a break and Content-Length', 'crlf', 'form', '\r\nContent-Length: 0'],
  ['a JSON string opening with an escaped break and Content-Type', 'crlf', 'json', '%0AContent-Type:html%0A%0A<b>x</b>'],
  ['an XML attribute carrying a second response', 'crlf', 'xml', 'foobar\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK'],
  ['a field opening with an empty line then markup', 'crlf', 'form', '\r\n\r\n<html><body></body></html>'],
  // crlf: a line break in a query name sent without `=`; a request line as a parameter.
  ['a bare query name opening with CR', 'crlf', 'path', '/get/script.jsp?variableX=bar&%0d%0restofdata'],
  ['a request line as a query value', 'crlf', 'q', 'GET http://www.example.test HTTP/1.1'],
  // overflow: format-string probes.
  ['a zero-padded hex conversion alone', 'overflow', 'q', '%08x'],
  ['a width from the argument list', 'overflow', 'q', '%*s'],
  ['a positional argument', 'overflow', 'q', '%3$s'],
  ['a padding run then a float conversion', 'overflow', 'q', 'AAAAA%e'],
  // ssti: the engine's render options written by the query (EJS through Express).
  [
    'EJS outputFunctionName from the query',
    'ssti',
    'path',
    "/page?id=1&settings[view%20options][outputFunctionName]=x;process.mainModule.require('child_process').execSync('id');s",
  ],
  ['EJS closeDelimiter from the query', 'ssti', 'path', '/page?settings[view%20options][closeDelimiter]=x'],
];

const BENIGN: Array<[string, Where, string]> = [
  ['a relative link one level up', 'q', '../images/logo.png'],
  ['a relative link one level up in a cookie, escaped as sent', 'cookie', '../images/logo.png SUM(A1:A10)'],
  ['a sentence naming a system file', 'q', 'see /etc/nginx/nginx.conf'],
  ['a path parameter on a plain segment', 'q', '../x;jsessionid=1'],
  ['a form comment whose second line names a place', 'form', 'Line one\r\nLocation: Paris'],
  ['a note that quotes a header after its first line', 'json', 'The reply had\r\nContent-Length: 42'],
  ['a form field opening with a blank line', 'form', '\r\nHello there'],
  ['a sentence naming a request line', 'q', 'use GET /items HTTP/1.1 to list'],
  ['a bare query name', 'path', '/search?flag'],
  ['a bare placeholder', 'q', '%s'],
  ['a number placeholder', 'q', '%d'],
  ['a percentage', 'q', '100%'],
  ['a strftime date', 'q', '%Y-%m-%d'],
  ['settings of a page in brackets', 'path', '/page?settings[theme]=dark&view=list'],
  ['a public URL behind url:', 'q', 'url:https://example.com/'],
  ['a remote URL whose path names a system file', 'q', 'https://example.com/etc/passwd'],
];

namedExamples(detector, ATTACKS, BENIGN);
