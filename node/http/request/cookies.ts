import type { HeaderList } from '../types';

/**
 * The Cookie request header's pairs (RFC 6265 section 4.2, read as browsers write it, RFC 6265bis
 * section 5.6): the one cookie parser, so detection, discovery, sessions and masking see the same
 * pairs (docs/http.md, "Cookies").
 *
 * - pairs are separated by `;`; name and value are trimmed of surrounding whitespace;
 * - `name=value` splits at the first `=` (`a=b=c`: name `a`, value `b=c`);
 * - a pair without `=` is a value with an empty name (`v` as `=v`: what a browser sends for
 *   `document.cookie = "v"`);
 * - empty pairs (`a=1;;b=2`, a trailing `;`) are skipped; duplicate names are all kept, in order;
 * - values are kept as sent: quotes (`a="x y"`) and escapes are part of the value.
 */

/**
 * Calls `visit` for each pair with the trimmed name and value and the raw pair's place in the
 * header: [start, end) between the separators, and `eq`, the index of its `=` or -1. Stops when
 * `visit` returns false and returns false then. `context` is handed to `visit` so that callers
 * need not make a closure per header.
 */
export function forEachCookie<C>(
  header: string,
  context: C,
  visit: (context: C, name: string, value: string, start: number, eq: number, end: number) => boolean,
): boolean {
  // One pass: the next '=' (or none) is kept while it lies past the pair at hand, so many pairs
  // without '=' cost no rescans.
  const n = header.length;
  let next = -1;
  for (let start = 0; start <= n;) {
    const semi = header.indexOf(';', start);
    const end = semi < 0 ? n : semi;
    if (next < start) {
      next = header.indexOf('=', start);
      if (next < 0) next = n;
    }
    const pairStart = start;
    start = end + 1;
    if (next < end) {
      const name = header.slice(pairStart, next).trim();
      const value = header.slice(next + 1, end).trim();
      if (!visit(context, name, value, pairStart, next, end)) return false;
      continue;
    }
    const value = header.slice(pairStart, end).trim();
    if (value === '') continue;
    if (!visit(context, '', value, pairStart, -1, end)) return false;
  }
  return true;
}

function collect(out: Array<[string, string]>, name: string, value: string): boolean {
  out.push([name, value]);
  return true;
}

/** The pairs of one Cookie header value, in order. */
export function parseCookie(header: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  forEachCookie(header, out, collect);
  return out;
}

/** The pairs of every Cookie header of a request, in order. */
export function requestCookies(headers: HeaderList): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [n, v] of headers) {
    if (n.length === 6 && n.toLowerCase() === 'cookie') forEachCookie(v, out, collect);
  }
  return out;
}
