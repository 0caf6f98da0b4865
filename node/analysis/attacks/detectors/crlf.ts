/**
 * CRLF / HTTP response splitting: a decoded line break followed by a header line or a new HTTP
 * message. Unicode characters whose low byte is CR or LF (U+560D, U+560A) count as line breaks,
 * since servers that truncate to bytes write them as such.
 */
const BREAK = '(?:\\r\\n?|\\n|\\u560d|\\u560a)';
const ANY_HEADER = new RegExp(`${BREAK}[ \\t]*(?:[A-Za-z][A-Za-z0-9]{0,20}-[A-Za-z0-9-]{1,30}[ \\t]*:|HTTP/\\d)`);
/** An empty line then markup: the rest becomes a response body of the attacker's making. */
const BODY_SPLIT = new RegExp(`${BREAK}{2}[ \\t]*<`);
const RESPONSE_HEADER = new RegExp(
  `${BREAK}[ \\t]*(?:(?:set-cookie|location|content-type|content-length|content-disposition|refresh|x-[a-z0-9-]+|access-control-[a-z-]+|cache-control|link|transfer-encoding)[ \\t]*:|HTTP/\\d)`,
  'i',
);

/**
 * Read only where a line break can reach a header (path, query, header, cookie, names): a response
 * header or any hyphenated header name (`X-Foo:`, `Content-Length:`), or an empty line then markup.
 * A word and a colon on a new line ("Subject: hi") is prose.
 */
export function isCrlf(value: string): boolean {
  return RESPONSE_HEADER.test(value) || ANY_HEADER.test(value) || BODY_SPLIT.test(value) || NEXT_FIELD.test(value);
}

/**
 * A line break then a name and `=` (`test%0Dnext=more`): a parameter written after the break, for
 * a back end that splits on lines. A word and a colon ("Subject: hi") stays prose.
 */
const NEXT_FIELD = new RegExp(`${BREAK}[ \\t]*[A-Za-z][\\w-]{0,30}=`);

/**
 * A line break in the request path or in a name (`/foo%0abar`, `/index.php/PHP%0Ainfo.php`,
 * `?parameter%0d%0a=`): no link or form produces one, and servers that pass the path or the name
 * on (FastCGI `PATH_INFO`, redirects, logs) write it as a new line.
 */
export function hasLineBreak(value: string): boolean {
  return /[\r\n\u560a\u560d]/.test(value);
}
