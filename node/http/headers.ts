import type { HeaderList } from './types';

/** The first value of the header called `name` (given in lower case; names match in any case), or null. */
export function headerValue(headers: HeaderList, name: string): string | null {
  // Indexed, not `for (const [n, v] of ...)`: the destructuring's iterators are not always
  // optimised away, and this runs several times per message (docs/performance.md "i22-alloc").
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i];
    if (isNamed(h[0], name)) return h[1];
  }
  return null;
}

/** `n.toLowerCase() === lower`, without making the lower-case string (header names are ASCII). */
export function isNamed(n: string, lower: string): boolean {
  if (n.length !== lower.length) return false;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === lower.charCodeAt(i)) continue;
    if (c > 0x7f) return n.toLowerCase() === lower;
    if (c < 0x41 || c > 0x5a || (c | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}
