import type { HeaderList } from '../../../http/types';
import { lowerName, namedPoint } from './named-point';
import type { ValueSink } from './types';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs are reported one by one as
 * ["cookie", name] (a cookie value is what the application reads, not the header line).
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink): boolean {
  for (const [name, value] of headers) {
    const lower = lowerName(name);
    if (lower === 'cookie') {
      for (const part of value.split(';')) {
        const eq = part.indexOf('=');
        const cname = (eq < 0 ? part : part.slice(0, eq)).trim();
        const cvalue = eq < 0 ? '' : part.slice(eq + 1).trim();
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
