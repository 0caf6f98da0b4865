/**
 * The smaller classes, fifth round (branch i18-small5, docs/detection.md "The smaller classes,
 * fifth round"): line breaks, XPath steps, template expressions, LDAP attributes and redirect hosts
 * read by the grammar of each, in forms the readers did not know: a break escaped inside a text
 * field (JSON, XML, form, multipart), a value of nothing but breaks or a break's escape written
 * around one, a request line after a break; a step up to the parent after a closed string, a step
 * out of a predicate after a call, XPath's `lang()` and XPath 2.0's string tests; a product of
 * numbers in an expression that reads no data, Thymeleaf's and FreeMarker's bracketed
 * expressions, a number through any filter given a number, list literals given to a method on a
 * literal, FreeMarker's `?api`, Java reflection up to the class loader, Ruby's listing classes,
 * Python's str.format walking to globals; an attribute written as a numeric OID; a redirect host
 * written with escapes or characters IDNA maps to others. Every attack example here fails on main
 * 0a16606; the look-alikes beside them stay quiet.
 * Where: `q` a query value, `next` the login's `next`, `json`/`form`/`xml` a field of that body,
 * `cookie` a cookie (helpers.ts); each value is encoded as a client sends it there.
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);

const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // crlf: a break escaped in a text field is URL text on its way to a header, read as the query's.
  ['a percent-escaped break then a cookie, in a JSON field', 'crlf', 'json', 'en%0d%0aSet-Cookie: sid=evil'],
  ['a percent-escaped break then a hyphenated header, in a form field', 'crlf', 'form', 'en%0aX-Forwarded-For: 127.0.0.1'],
  ['a break in UTF-8 whose low byte is LF, in an XML element', 'crlf', 'xml', 'en%E5%98%8A%E5%98%8DSet-Cookie: a=1'],
  ['only escaped breaks, in a JSON field', 'crlf', 'json', '%0d%0a%0d%0a'],
  // crlf: a value of nothing but breaks, or a break's escape written around a break.
  ['only a CR LF, in the query', 'crlf', 'q', '\r\n'],
  ['two CR LF, in a cookie', 'crlf', 'cookie', '\r\n\r\n'],
  ['an escape spelled around a break', 'crlf', 'q', '%0%0d%0ad%0%0d%0aa'],
  ['an escape spelled around a break, upper case', 'crlf', 'json', '%0%0D%0AD%0%0D%0AA'],
  // crlf: a second request written after a break (request splitting).
  ['a request line after breaks', 'crlf', 'q', '\r\n\r\nGET /admin HTTP/1.1\r\nHost: localhost'],
  ['a request line after escaped breaks, in JSON', 'crlf', 'json', 'x%0d%0a%0d%0aGET /admin HTTP/1.1%0d%0aHost: localhost'],
  // xpathi: a step up to the parent after a closed string, a step out of a predicate after a call.
  ['a sibling read after a closed string', 'xpathi', 'q', "' or ../password or '"],
  ['a sibling compared after a closed string', 'xpathi', 'json', "admin' or ../password!='' or 'a'='b"],
  ["a parent's attribute compared", 'xpathi', 'form', "' and ../@role='admin"],
  ['a call and a predicate closed, then a step up', 'xpathi', 'q', "')]/../*[name()='password' and ('1'='1"],
  // xpathi: XPath's own functions SQL has no name for.
  ["XPath's lang()", 'xpathi', 'q', "' or lang('en') or '"],
  ["XPath 2.0's ends-with()", 'xpathi', 'json', "' or ends-with(name(),'word') or '"],
  // ssti: a product of numbers in an expression that reads no data.
  ['a comparison with a product', 'ssti', 'q', '{{ 49 == 7*7 }}'],
  ['a product compared, in EL', 'ssti', 'json', '${7*7==49}'],
  ['a product given to a filter', 'ssti', 'q', '{{ "%s"|format(7*7) }}'],
  // ssti: bracketed expressions.
  ["Thymeleaf's inlined expression", 'ssti', 'q', '[[7*7]]'],
  ["Thymeleaf's unescaped inlined expression", 'ssti', 'json', '[(7*7)]'],
  ["FreeMarker's square-bracket interpolation", 'ssti', 'form', '[=7*7]'],
  // ssti: filters, methods and reflection on constants.
  ["Liquid's times filter on numbers", 'ssti', 'q', '{{ 7 | times: 7 }}'],
  ['a join of a list literal', 'ssti', 'q', '{{ "".join(["a","b"]) }}'],
  ["FreeMarker's ?api", 'ssti', 'json', '${object?api.class}'],
  ['a class loader reached in EL', 'ssti', 'q', '${class.getClassLoader()}'],
  ["Ruby's directory listing in ERB", 'ssti', 'form', "<%= Dir.entries('/') %>"],
  ["Python's str.format walking to globals", 'ssti', 'q', '{0.__init__.__globals__[CONFIG]}'],
  // ldapi: an attribute written as its numeric OID.
  ['a component closed, a new one on an OID', 'ldapi', 'q', 'x)(2.5.4.35=x'],
  ['a disjunction opening the value, on an OID', 'ldapi', 'json', '|(2.5.4.3=*)'],
  // redir: a host written so that a check of its text sees another name.
  ['an ideographic full stop in the host', 'redir', 'next', 'https://evil\u3002example/'],
  ['fullwidth letters in the host', 'redir', 'next', 'https://\uff45\uff56\uff49\uff4c.example/'],
  ['a letter of the host percent-escaped', 'redir', 'next', 'https://%65vil.example/'],
];

const BENIGN: Array<[string, Where, string]> = [
  // crlf: breaks written as the field's own are prose; a break inside a URL's text is no header.
  ['lines of a JSON comment', 'json', 'line one\nline two'],
  ['a letter with a header-like line, in JSON', 'json', 'Dear Bob,\r\n\r\nX-Ray: results attached'],
  ['a share link with an escaped break', 'json', 'https://x.example/share?text=Hello%0AWorld'],
  [
    'a mail message in base64 in a JSON field (its breaks are under base64, not escaped)',
    'json',
    Buffer.from('From: a@example.com\r\nContent-Type: text/plain\r\nX-Mailer: app\r\n\r\nhi').toString('base64url'),
  ],
  ['a textarea sent in the query', 'q', 'line one\r\nline two'],
  ['a percent before a line break', 'q', 'up 50%\r\nnext week'],
  ['a Czech letter alone (its code point ends in 0x0D)', 'q', '\u010d'],
  ['a form field with a line saying a server is down', 'form', 'Server: down\r\nplease check'],
  ['a request line quoted in a JSON field', 'json', 'send GET /admin HTTP/1.1 to test'],
  // xpathi
  ['a relative file after a quoted word', 'q', "see 'Setup' or ../docs/setup.md"],
  ['a relative name at the end', 'json', "read 'Install' or ../README"],
  // ssti
  ['a product of data and constants', 'form', '{{ seconds * 60 * 60 }}'],
  ['a page offset', 'form', '{{ (page - 1) * 20 }}'],
  ['a product given to a function of the template', 'form', '{{ range(7*7) }}'],
  ['a decimal multiplied', 'q', '{{ 1.5*2 }}'],
  ['a wiki link', 'q', 'see [[Main Page]]'],
  ['a wiki link to a year', 'json', '[[2024]]'],
  ['a class name in an f-string', 'json', 'f"{self.__class__.__name__}"'],
  ['a number format filter on data', 'form', '{{ value|floatformat:2 }}'],
  ['a getter in EL', 'q', '${user.getName()}'],
  ["Ruby's working directory", 'form', '<%= Dir.pwd %>'],
  ['a query string naming api', 'q', '?api.key=1'],
  // ldapi
  ['decimals in parentheses', 'q', 'version (1.2)(3.4=x)'],
  // redir
  ['an internationalised host', 'next', 'https://b\u00fccher.example/'],
  ['a host in Japanese', 'next', 'https://\u65e5\u672c.example/'],
  ['an escaped space in the path', 'next', 'https://shop.example/a%20b'],
];

namedExamples(detector, ATTACKS, BENIGN);
