import { forEachCookie } from '../../../http/request';
import type { HeaderList } from '../../../http/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import type { ValueSink } from './types';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs (the toolkit's forEachCookie,
 * docs/http.md "Cookies") are reported one by one as ["cookie", name] (a cookie value is what the
 * application reads, not the header line), each name also as a `key` value.
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink): boolean {
  for (const [name, value] of headers) {
    const lower = lowerName(name);
    if (lower === 'cookie') {
      if (!forEachCookie(value, sink, cookiePair)) return false;
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
