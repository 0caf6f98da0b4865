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
