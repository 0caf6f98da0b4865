/**
 * Server-side and edge-side includes: an SSI directive comment (`<!--#exec cmd=...-->`,
 * `<!--#include virtual=...-->`), and ESI, the same idea run by a cache or CDN in front of the
 * application (`<esi:include src="http://x/"/>`, `<esi:vars>$(HTTP_COOKIE{'sid'})</esi:vars>`,
 * `<!--esi ...-->`): markup a web page never sends back to its own server.
 */
const SSI = /<!--\s*#\s*(?:exec|include|echo|config|set|printenv|fsize|flastmod|if|elif)\b/i;
const ESI =
  /<esi:(?:include|inline|vars|eval|choose|when|otherwise|try|attempt|except|comment|remove|assign|debug|text)\b|<!--esi\b/i;
/** An ESI variable of the request (`$(HTTP_COOKIE)`, `$(HTTP_HOST)`, `$(QUERY_STRING{x})`), read out by the cache. */
const ESI_VARIABLE = /\$\((?:HTTP_[A-Z_]+|QUERY_STRING|REMOTE_ADDR|REQUEST_METHOD|REQUEST_PATH)(?:\{[^}]{0,100}\})?\)/;

export function isSsi(value: string): boolean {
  return SSI.test(value) || ESI.test(value) || (value.includes('$(') && ESI_VARIABLE.test(value));
}
