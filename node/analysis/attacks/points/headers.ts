import { TCHAR } from '../../../http/head-parser';
import { forEachCookie } from '../../../http/request';
import type { HeaderList } from '../../../http/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import { parseUrlEncoded } from './params';
import type { ValueSink } from './types';
import type { RequestView } from '../../shared/request-view';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs (the toolkit's forEachCookie,
 * docs/http.md "Cookies") are reported one by one as ["cookie", name] (a cookie value is what the
 * application reads, not the header line), each name also as a `key` value. With the request's
 * view, the pairs are its cookies (parsed once for attacks, discovery and sessions), each Cookie
 * header's own at its place. The Referer's query pairs are reported too, as ["referer", name] of
 * kind `referer` (refererQuery): an attack sent in the query of a page the client claims to come
 * from is read like one in this request's query. Its pairs count against the request's limits
 * like the query's (docs/detection.md, "Limits"); the header's length is the HTTP parser's.
 * When a `;` may have cut a value (cutCookiePair), that cookie's value is also reported as written,
 * up to the end of the header.
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink, view: RequestView | null = null, maxDepth = 8): boolean {
  let cookieHeader = 0;
  // Indexed: per-header destructuring made iterators the optimiser did not always remove
  // (docs/performance.md "Allocation per transaction (branch i22-alloc)").
  for (let h = 0; h < headers.length; h++) {
    const name = headers[h][0];
    const value = headers[h][1];
    const lower = lowerName(name);
    if (lower === 'cookie') {
      if (view === null) {
        if (!forEachCookie(value, sink, cookiePair)) return false;
      } else {
        const pairs = view.cookies;
        const end = view.cookiesEnd(cookieHeader);
        for (let i = cookieHeader === 0 ? 0 : view.cookiesEnd(cookieHeader - 1); i < end; i++)
          if (!cookiePair(sink, pairs[i][0], pairs[i][1])) return false;
        cookieHeader++;
      }
      const cut = cutCookiePair(value);
      if (cut >= 0 && !rejoinedCookie(sink, value, cut)) return false;
      continue;
    }
    if (!sink({ point: namedPoint('header', name), kind: 'header', name: lower, value })) return false;
    if (lower === 'referer' && !refererQuery(value, maxDepth, sink)) return false;
  }
  return true;
}

/**
 * The query of a Referer URL (`https://site/page?q=...`, up to its fragment), pair by pair as the
 * query string is (params.ts). Browsers send the previous page's URL; a tool or a forged header
 * puts the payload there, where a reader of the header as one string sees a URL with text in it.
 */
function refererQuery(value: string, maxDepth: number, sink: ValueSink): boolean {
  const q = value.indexOf('?');
  const hash = value.indexOf('#');
  // A `?` inside the fragment (`/#a?b=c`) starts no query.
  if (q < 0 || (hash >= 0 && hash < q)) return true;
  const query = value.slice(q + 1, hash < 0 ? value.length : hash);
  return query === '' || parseUrlEncoded(query, 'referer', 'referer', maxDepth, sink);
}

/** One cookie pair to the sink (a module function, so no closure is made per header). */
function cookiePair(sink: ValueSink, cname: string, cvalue: string): boolean {
  if (cname === '' && cvalue === '') return true;
  const point = namedPoint('cookie', cname);
  const lower = lowerName(cname);
  if (cname !== '' && !sink({ point, kind: 'key', name: lower, value: cname })) return false;
  return sink({ point, kind: 'cookie', name: lower, value: cvalue });
}

/**
 * Where a `;` of a Cookie header may have cut a value: the start of the last `name=value` pair
 * before the first later pair that is no cookie pair, having no `=` (`pref=1;begin
 * user_lock.sleep(5); end`, `pref=<img src=&#106;&#97;...>`) or no cookie name before its `=`
 * (`pref=1; update users set password=1`: a cookie name is a token, RFC 6265 4.1.1, which has
 * no blank, quote or bracket inside), or of the first of the named pairs glued to it without a
 * blank (`pref=1;a=eval;b=alert;a(b(1))` is `pref`'s value), or -1. Browsers and cookie libraries
 * write `name=value` pairs and encode a `;` inside a value; a pair that is none after a named one
 * (`document.cookie = "v"` aside) is a payload sent unencoded, which the server splits just the
 * same, so the whole value as the client wrote it is read too (docs/detection.md "Request
 * points"), as the query's `&` split is (params.ts splitMayCutCommand).
 */
export function cutCookiePair(header: string): number {
  let named = -1;
  // A named pair glued to the one before it (`;` with no blank after it, `pref=1;a=eval;b=alert;a(b(1))`)
  // continues that value: clients write `; ` between cookies (RFC 6265 5.4), payloads need not.
  let glued = false;
  for (let start = 0; start < header.length;) {
    const semi = header.indexOf(';', start);
    const end = semi < 0 ? header.length : semi;
    const pair = cookiePairShape(header, start, end);
    if (pair === PAIR_NAMED) {
      if (!glued || named < 0) named = start;
    } else if (pair === PAIR_NONE && named >= 0) return named;
    if (semi < 0) break;
    start = semi + 1;
    const next = header.charCodeAt(start);
    glued = start < header.length && next !== 0x20 && next !== 0x09;
  }
  return -1;
}

const PAIR_BLANK = 0;
const PAIR_NAMED = 1;
/** Text that is no `name=value` cookie pair: no `=`, or a name before it that is no token. */
const PAIR_NONE = 2;

/** What `header[start, end)`, one `;`-separated piece of a Cookie header, is: blank, a named pair, or none. */
function cookiePairShape(header: string, start: number, end: number): number {
  // Scanned within the piece only: indexOf would rescan the rest of the header from every piece.
  let eq = start;
  while (eq < end && header.charCodeAt(eq) !== 0x3d) eq++;
  if (eq === end) return isBlankRange(header, start, end) ? PAIR_BLANK : PAIR_NONE;
  let from = start;
  let to = eq;
  while (from < to && isBlank(header.charCodeAt(from))) from++;
  while (to > from && isBlank(header.charCodeAt(to - 1))) to--;
  // An empty name (`=v`) is what some clients write for a value without a name: a pair as before.
  // A cookie name is a token (RFC 6265 4.1.1): RFC 9110's tchar, the HTTP parser's table.
  for (let i = from; i < to; i++) if (!isTokenChar(header.charCodeAt(i))) return PAIR_NONE;
  return PAIR_NAMED;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
const isTokenChar = (c: number): boolean => c < 256 && TCHAR[c] === 1;

function isBlankRange(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBlank(s.charCodeAt(i))) return false;
  return true;
}

/** The cookie whose pair starts at `from`, its value running to the end of the header (cutCookiePair). */
function rejoinedCookie(sink: ValueSink, header: string, from: number): boolean {
  const eq = header.indexOf('=', from);
  const name = header.slice(from, eq).trim();
  return sink({ point: namedPoint('cookie', name), kind: 'cookie', name: lowerName(name), value: header.slice(eq + 1).trim() });
}
