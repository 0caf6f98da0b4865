import type { HeaderList } from '../../../http/types';
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
        if (cname !== '' && !sink({ point: ['cookie', cname], kind: 'key', name: cname.toLowerCase(), value: cname })) return false;
        if (!sink({ point: ['cookie', cname], kind: 'cookie', name: cname.toLowerCase(), value: cvalue })) return false;
      }
      continue;
    }
    if (!sink({ point: ['header', name], kind: 'header', name: lower, value })) return false;
  }
  return true;
}

/** Header names repeat in every request: each is lower-cased once (bounded, dropped when full). */
const lowerNames = new Map<string, string>();
const MAX_NAMES = 1024;

function lowerName(name: string): string {
  let lower = lowerNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerNames.size >= MAX_NAMES) lowerNames.clear();
    lowerNames.set(name, lower);
  }
  return lower;
}
