import { forEachCookie } from '../../../http/request';
import type { HeaderList } from '../../../http/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import type { ValueSink } from './types';
import type { RequestView } from '../../shared/request-view';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs (the toolkit's forEachCookie,
 * docs/http.md "Cookies") are reported one by one as ["cookie", name] (a cookie value is what the
 * application reads, not the header line), each name also as a `key` value. With the request's
 * view, the pairs are its cookies (parsed once for attacks, discovery and sessions), each Cookie
 * header's own at its place.
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink, view: RequestView | null = null): boolean {
  let cookieHeader = 0;
  for (const [name, value] of headers) {
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
  }
  return true;
}

/** One cookie pair to the sink (a module function, so no closure is made per header). */
function cookiePair(sink: ValueSink, cname: string, cvalue: string): boolean {
  if (cname === '' && cvalue === '') return true;
  const point = namedPoint('cookie', cname);
  const lower = lowerName(cname);
  if (cname !== '' && !sink({ point, kind: 'key', name: lower, value: cname })) return false;
  return sink({ point, kind: 'cookie', name: lower, value: cvalue });
}
