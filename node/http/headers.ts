import type { HeaderList } from './types';

/** The first value of the header called `name` (given in lower case; names match in any case), or null. */
export function headerValue(headers: HeaderList, name: string): string | null {
  for (const [n, v] of headers) if (n.length === name.length && n.toLowerCase() === name) return v;
  return null;
}
