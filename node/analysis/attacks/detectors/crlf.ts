import { hasPercentEscape, percentDecode } from '../decode/percent';

/**
 * CRLF / HTTP response splitting: a decoded line break followed by a header line or a new HTTP
 * message. Unicode characters whose low byte is CR or LF (U+010D U+010A, U+560D U+560A, ...)
 * count as line breaks, since servers that write a header as Latin-1 or truncate to bytes write
 * them as such; so do the Unicode line separators (U+0085, U+2028, U+2029) that some parsers split
 * on. Before a header line, a break written as a string escape (`\\r\\n`, for a back end that
 * unescapes the value) counts too.
 */
export const UNICODE_BREAKS = (() => {
  let chars = '\u0085\u2028\u2029';
  for (let hi = 1; hi < 256; hi++) chars += String.fromCharCode(hi * 256 + 0x0a, hi * 256 + 0x0d);
  return chars;
})();
const BREAK = `(?:\\r\\n?|\\n|[${UNICODE_BREAKS}])`;
const HEADER_BREAK = `(?:${BREAK}|(?:\\\\r)?\\\\n)`;
/**
 * What follows a header name's colon: a value. A header line with nothing after its colon (`%0A%0Dlocation:%0A%0D`)
 * sets nothing: no redirect, no cookie, no type; an empty line then markup is BODY_SPLIT's.
 */
const HEADER_VALUE = `:(?![ \\t]*(?:${HEADER_BREAK}|$))`;
const ANY_HEADER = new RegExp(
  `${HEADER_BREAK}[ \\t]*(?:[A-Za-z][A-Za-z0-9]{0,20}-[A-Za-z0-9-]{1,30}[ \\t\\r]*${HEADER_VALUE}|HTTP/\\d)`,
);
/** An empty line then markup: the rest becomes a response body of the attacker's making. */
const BODY_SPLIT = new RegExp(`${BREAK}{2}[ \\t]*<`);
const RESPONSE_HEADER = new RegExp(
  `${HEADER_BREAK}[ \\t]*(?:(?:set-cookie|location|content-type|content-length|content-disposition|refresh|x-[a-z0-9-]+|access-control-[a-z-]+|cache-control|link|transfer-encoding)[ \\t]*${HEADER_VALUE}|HTTP/\\d)`,
  'i',
);

/**
 * Read only where a line break can reach a header (path, query, header, cookie, names): a response
 * header or any hyphenated header name (`X-Foo:`, `Content-Length:`), or an empty line then markup.
 * A word and a colon on a new line ("Subject: hi") is prose.
 */
export function isCrlf(value: string): boolean {
  return (
    RESPONSE_HEADER.test(value) ||
    ANY_HEADER.test(value) ||
    BODY_SPLIT.test(value) ||
    NEXT_FIELD.test(value) ||
    WORD_HEADER.test(value) ||
    REQUEST_AFTER_BREAK.test(value)
  );
}

/**
 * A line break then a request line (`%0d%0a%0d%0aGET /admin HTTP/1.1`): a second request written
 * after the one the back end sends (request splitting; branch i18-small5). A header of it may
 * follow with any host (`Host: localhost` has no dot for WORD_HEADER), the request line is enough.
 */
const REQUEST_AFTER_BREAK = new RegExp(
  `${BREAK}[ \\t]*(?:GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE)[ \\t]+\\S{1,2048}?[ \\t]+HTTP\\/\\d`,
);

/**
 * A one-word HTTP header given a value of its own grammar after a line break (`Host: evil.example`,
 * `Cookie: sid=1`, `Authorization: Basic ...`, `Connection: close`, `Upgrade: websocket`): a
 * header injected into the response or into a request the back end makes (the hyphenated names are
 * ANY_HEADER's). The grammar keeps prose out: "Host: John Smith" and "Connection: lost" are words.
 */
const WORD_HEADER = new RegExp(
  `${HEADER_BREAK}[ \\t]*(?:host[ \\t]*:[ \\t]*(?:[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63})+(?::\\d{1,5})?|[a-z0-9.-]{1,253}:\\d{1,5}|\\[[0-9a-f:.]{2,45}\\](?::\\d{1,5})?)[ \\t]*(?:${HEADER_BREAK}|$)|cookie[ \\t]*:[ \\t]*[^=\\s;]{1,64}=|authorization[ \\t]*:[ \\t]*(?:basic|bearer|digest|ntlm|negotiate)[ \\t]+\\S|connection[ \\t]*:[ \\t]*(?:close|keep-alive|upgrade)\\b|upgrade[ \\t]*:[ \\t]*(?:websocket|h2c)\\b|(?:referer|origin)[ \\t]*:[ \\t]*https?:\\/\\/|pragma[ \\t]*:[ \\t]*no-cache\\b|expires[ \\t]*:[ \\t]*(?:0|-1)[ \\t]*(?:${HEADER_BREAK}|$)|vary[ \\t]*:[ \\t]*\\*)`,
  'i',
);

/**
 * A header value that carries a line break then a header line of any name (`SomeHeader: data%0dInjected: x`):
 * a value sent in a header has no lines of its own, so a name and a colon after a break is a header
 * for whoever writes the value into a message of its own (header points only; in a parameter "Subject: hi" is prose).
 * A URL on a line of its own (`%0A%0Ahttps://...` in a share link kept in a cookie) is no header line.
 */
const HEADER_LINE_IN_HEADER = new RegExp(`${BREAK}[ \\t]*[A-Za-z][A-Za-z0-9_-]{0,40}[ \\t]*(?!:\\/\\/)${HEADER_VALUE}`);
export function isHeaderLineInHeader(value: string): boolean {
  return HEADER_LINE_IN_HEADER.test(value);
}

/**
 * A line break then a name and `=` (`test%0Dnext=more`): a parameter written after the break, for
 * a back end that splits on lines. A word and a colon ("Subject: hi") stays prose.
 */
const NEXT_FIELD = new RegExp(`${BREAK}[ \\t]*[A-Za-z][\\w-]{0,30}=`);

/** One line break as a character: what a decoding layer produced, or the parser handed over. */
const ONE_BREAK = new RegExp(BREAK);
/**
 * Nothing but CR and LF (`%0d%0a`, `%0d%0a%0d%0a`, `%0d%0d%0a%0a`): a probe for whether a break
 * reaches the header. Only CR and LF themselves: the characters of UNICODE_BREAKS are letters too
 * (`č` U+010D alone is a search for a Czech letter).
 */
const ONLY_BREAKS = /^[ \t]*(?:[\r\n][ \t]*){1,16}$/;
/**
 * The escape of a line break spelled around a line break (`%0%0d%0ad` decodes to `%0` CR LF `d`):
 * a filter that strips the breaks it finds joins `%0` and `d` into `%0d`, the break it removed.
 */
const ESCAPE_AROUND_BREAK = /%[\r\n]{1,4}0[ad]|%0[\r\n]{1,4}[ad]/i;

/**
 * A value made to learn whether a line break passes (docs/detection.md, branch i18-small5): only
 * breaks, or a break's escape written around one. Read where a break can reach a header; no
 * parameter holds only blank lines, and no text writes `%` then a break then `0a`.
 */
export function isBreakProbe(value: string): boolean {
  return ONLY_BREAKS.test(value) || ESCAPE_AROUND_BREAK.test(value);
}

/**
 * A text field (JSON, XML, form, multipart) whose line breaks were not written as such but
 * percent-escaped (`"comment": "x%0d%0aSet-Cookie: a=1"`): prose writes its breaks as the field's
 * own (a JSON `\n`, a raw one), an escaped break in a field is URL text on its way to a header,
 * read as the query is (docs/detection.md, branch i18-small5). `sent` is the field as its parser
 * handed it over. A break under base64 is a document's (a MIME message in Gmail's `raw`), not one.
 */
export function isEscapedBreakInText(value: string, sent: string): boolean {
  // The field as sent first: prose with breaks of its own, and most fields, stop there.
  return ONE_BREAK.test(value) && percentEscapesBreak(sent) && (isCrlf(value) || isBreakProbe(value));
}

/** Percent layers a break may be written under in a text field (`%0a`, `%250a`, `%25250a`). */
export const MAX_ESCAPED_BREAK_LAYERS = 3;

/** Whether `sent` writes a line break only as a percent escape, under up to MAX_ESCAPED_BREAK_LAYERS layers. */
function percentEscapesBreak(sent: string): boolean {
  if (ONE_BREAK.test(sent)) return false;
  let s = sent;
  for (let layer = 0; layer < MAX_ESCAPED_BREAK_LAYERS && hasPercentEscape(s); layer++) {
    const decoded = percentDecode(s);
    if (ONE_BREAK.test(decoded)) return true;
    if (decoded === s) return false;
    s = decoded;
  }
  return false;
}

/**
 * A line break in the request path or in a name (`/foo%0abar`, `/index.php/PHP%0Ainfo.php`,
 * `?parameter%0d%0a=`): no link or form produces one, and servers that pass the path or the name
 * on (FastCGI `PATH_INFO`, redirects, logs) write it as a new line.
 */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\u560a\u560d]/.test(value);
}

/**
 * Lines of prose on each side of every break in a path or a name (`/items/Best regards,%0AAlice/view`:
 * a textarea's value carried in a route): each line is words of letters (digits after the first),
 * apart by blanks, with sentence punctuation after a word, and at least one line is a sentence of
 * two or more words. Written into a header, the line after the break has no name and colon, so it
 * sets nothing; a probe's break stands between single words or file names (`/foo%0abar`,
 * `/index.php/PHP%0Ainfo.php`), a header line is isCrlf's, and `:`, `=`, `/`, `<`, `;` or `%` in a
 * line make it no prose here.
 */
const WORD = `[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}'’-]*[,.!?]?`;
const WORDS_LINE = new RegExp(`^[ \\t]*\\p{L}[\\p{L}\\p{M}'’-]*[,.!?]?(?:[ \\t]+${WORD})*[ \\t]*$`, 'u');
const SENTENCE = /\S[ \t]+\S/;
const BREAKS = /\r\n?|[\n\u560a\u560d]/;

/** Whether every break in `text` (a decoded path, segment or name) stands between lines of prose; `/` separates segments. */
export function isBreakBetweenProse(text: string): boolean {
  for (const segment of text.split('/')) {
    if (!hasLineBreak(segment)) continue;
    const lines = segment.split(BREAKS);
    if (!lines.every((line) => WORDS_LINE.test(line)) || !lines.some((line) => SENTENCE.test(line))) return false;
  }
  return true;
}

/**
 * A response header given a value of its own grammar: a length, a media type, a cookie pair, a
 * URL or path to go to, a refresh delay; or a status line. "Location: Paris" has no URL.
 */
const SPLIT_HEADER =
  '(?:content-length[ \\t]*:[ \\t]*\\d|content-type[ \\t]*:[ \\t]*[a-z]|set-cookie[ \\t]*:[ \\t]*[^=\\s;]{1,64}=|location[ \\t]*:[ \\t]*(?:[a-z][a-z0-9+.-]{0,20}:|\\/)|refresh[ \\t]*:[ \\t]*\\d|HTTP\\/\\d)';
const OPENS_WITH_HEADER = new RegExp(`^[ \\t]*${BREAK}{1,4}[ \\t]*${SPLIT_HEADER}`, 'i');
const OPENS_WITH_BODY = new RegExp(`^[ \\t]*${BREAK}{2}[ \\t]*<`);
/** `HTTP` of a status line is case-sensitive (RFC 9112 section 2.3): a text without `HTTP/` is not searched. */
const SECOND_RESPONSE = new RegExp(`${BREAK}[ \\t]*${BREAK}[ \\t]*HTTP\\/\\d(?:\\.\\d)?[ \\t]+[1-5]\\d\\d\\b`);

/**
 * Text fields (form, JSON, XML, multipart), where line breaks are ordinary, carry a split only in
 * its own shape: a value that opens with a line break and then a response header with a value of
 * its grammar or a status line (`\r\nContent-Length: 0`, `\nContent-Type:html`), or with an
 * empty line then markup; or, anywhere in it, an empty line then a second response's status line
 * (`...\r\n\r\nHTTP/1.1 200 OK`). Text that mentions headers after its first line stays prose.
 */
export function isSplitInText(value: string): boolean {
  return OPENS_WITH_HEADER.test(value) || OPENS_WITH_BODY.test(value) || (value.includes('HTTP/') && SECOND_RESPONSE.test(value));
}

/**
 * A whole value that is an HTTP/1 request line (`GET http://www.example.test HTTP/1.1`,
 * `POST /admin HTTP/1.0`): a request for a back end that writes the value into one of its own
 * (request splitting and smuggling probes). Text that mentions a method and a URL has words
 * around them.
 */
const REQUEST_LINE = /^\s*(?:GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE)[ \t]+\S{1,2048}[ \t]+HTTP\/\d(?:\.\d)?\s*$/;

export function isRequestLine(value: string): boolean {
  return value.length <= 2100 && REQUEST_LINE.test(value);
}

/**
 * A response header written into the document (`<meta http-equiv="Refresh" content="0;
 * url=http://evil.example/">`, `<meta http-equiv="Set-Cookie" content="sid=x">`): a browser acts
 * on the element as on the header, so a value that writes one sets a header without a line break
 * (CRS 921130 files it under response splitting; branch i18-small6). Only the headers that act: a
 * refresh that goes to a URL, a cookie set; a page's own `Content-Type`, `X-UA-Compatible` or
 * timed reload (`content="30"`) is a document's. A tag's attributes are read up to 400 characters
 * (`MARKUP_META`).
 */
const MARKUP_META = /<meta\b[^<>]{0,400}/gi;
const ACTING_EQUIV = /\bhttp-equiv\s*=\s*["']?\s*(refresh|set-cookie)\b/i;

export function isHeaderInMarkup(value: string): boolean {
  for (const m of value.matchAll(MARKUP_META)) {
    const equiv = ACTING_EQUIV.exec(m[0]);
    if (equiv === null) continue;
    if (equiv[1].toLowerCase() === 'set-cookie' || /\bcontent\s*=\s*["']?\s*\d*\s*[;,]?\s*url\s*=/i.test(m[0])) return true;
  }
  return false;
}
