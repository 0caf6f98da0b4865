import type { HeaderList } from '../../../http/types';
import type { ValueSink } from './types';

/**
 * Every header as ["header", name as sent], except Cookie, whose pairs are reported one by one as
 * ["cookie", name] (a cookie value is what the application reads, not the header line).
 */
export function extractHeaders(headers: HeaderList, sink: ValueSink): boolean {
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      for (const part of value.split(';')) {
        const eq = part.indexOf('=');
        const cname = (eq < 0 ? part : part.slice(0, eq)).trim();
        const cvalue = eq < 0 ? '' : part.slice(eq + 1).trim();
        if (cname === '' && cvalue === '') continue;
        if (cname !== '' && !sink({ point: ['cookie', cname], kind: 'key', name: cname.toLowerCase(), value: cname })) return false;
        if (!sink({ point: ['cookie', cname], kind: 'cookie', name: cname.toLowerCase(), value: cvalue })) return false;
      }
      continue;
    }
    if (!sink({ point: ['header', name], kind: 'header', name: lower, value })) return false;
  }
  return true;
}
