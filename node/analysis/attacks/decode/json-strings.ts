/**
 * JSON carried as one string (a parameter, a cookie, a field of another JSON document: what a
 * client that serializes twice sends): its strings are what the application reads once it parses
 * it, a layer of decoding like percent or base64 (docs/detection.md "Decoding").
 */

/** Whether `s` may be a JSON object or array: its first and last characters (no string made). */
export function mayBeJsonContainer(s: string): boolean {
  const n = s.length;
  if (n < 2) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  return (first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d);
}

/** Strings read from one document at most, and the nesting read (the document's own limits aside). */
const MAX_STRINGS = 256;
const MAX_NESTING = 16;

/**
 * The strings (keys and values) of a value that is a JSON object or array (`{"offset":""}` in a
 * query parameter), in document order: read one by one like a JSON body's, since JSON's own quotes
 * are no SQL. Null when the value is not JSON.
 */
export function jsonStrings(t: string): string[] | null {
  const c = t.charCodeAt(0);
  if ((c !== 0x7b && c !== 0x5b) || t.length > 65536) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return null;
  }
  const out: string[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (out.length >= MAX_STRINGS || depth > MAX_NESTING) return;
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) for (const e of x) walk(e, depth + 1);
    else if (x !== null && typeof x === 'object')
      for (const [k, e] of Object.entries(x)) {
        out.push(k);
        walk(e, depth + 1);
      }
  };
  walk(doc, 0);
  return out;
}
