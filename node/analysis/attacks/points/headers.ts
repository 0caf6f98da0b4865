import type { HeaderList } from '../../../http/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import type { ValueSink } from './types';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs are reported one by one as
 * ["cookie", name] (a cookie value is what the application reads, not the header line).
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink): boolean {
  for (const [name, value] of headers) {
    const lower = lowerName(name);
    if (lower === 'cookie') {
      // One pass over the pairs: the next '=' (or the end, when there is none) is kept while it
      // lies past the pair at hand, so many pairs without '=' cost no rescans.
      for (let start = 0, eq = -1; start <= value.length; ) {
        const semi = value.indexOf(';', start);
        const end = semi < 0 ? value.length : semi;
        if (eq < start) {
          eq = value.indexOf('=', start);
          if (eq < 0) eq = value.length;
        }
        const cname = value.slice(start, Math.min(eq, end)).trim();
        const cvalue = eq < end ? value.slice(eq + 1, end).trim() : '';
        start = end + 1;
        if (cname === '' && cvalue === '') continue;
        const point = namedPoint('cookie', cname);
        const lower = lowerName(cname);
        if (cname !== '' && !sink({ point, kind: 'key', name: lower, value: cname })) return false;
        if (!sink({ point, kind: 'cookie', name: lower, value: cvalue })) return false;
      }
      continue;
    }
    if (!sink({ point: namedPoint('header', name), kind: 'header', name: lower, value })) return false;
  }
  return true;
}
