/**
 * A lenient HTML5-style tag reader (what a browser would make of attacker text): finds each
 * `<name ...>` and its attributes, whatever the quoting, slashes between attributes, or a
 * missing `>`. Bounded: each character is read a constant number of times.
 */
export interface HtmlAttr {
  name: string;
  value: string | null;
}
interface HtmlTag {
  name: string;
  closing: boolean;
  attrs: HtmlAttr[];
  end: number;
}

export function readTagAt(s: string, lt: number, withAttributes = true): HtmlTag | null {
  let i = lt + 1;
  const closing = s[i] === '/';
  if (closing) i++;
  // `<?xml-stylesheet href=...?>` and IE's `<?import implementation=...>` load code like tags do.
  else if (s.startsWith('?xml-stylesheet', i) || s.startsWith('?import', i)) i++;
  const start = i;
  while (i < s.length && /[A-Za-z0-9:_-]/.test(s[i])) i++;
  if (i === start || !/[A-Za-z]/.test(s[start])) return null;
  const name = s.slice(start, i).toLowerCase();
  if (!withAttributes) return { name, closing, attrs: [], end: i };
  const { attrs, end } = readAttributes(s, i);
  return { name, closing, attrs, end };
}

/** Attributes from `from` up to `>` (or the end of the text). */
export function readAttributes(s: string, from: number): { attrs: HtmlAttr[]; end: number } {
  const attrs: HtmlAttr[] = [];
  let i = from;
  while (i < s.length) {
    while (i < s.length && (isSpace(s.charCodeAt(i)) || s[i] === '/')) i++;
    if (i >= s.length || s[i] === '>') return { attrs, end: i + 1 };
    const nameStart = i;
    i++; // the first character may be anything, even "=" (HTML5)
    while (i < s.length && !isSpace(s.charCodeAt(i)) && s[i] !== '/' && s[i] !== '>' && s[i] !== '=') i++;
    const name = s.slice(nameStart, i).toLowerCase();
    let j = i;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    if (s[j] !== '=') {
      attrs.push({ name, value: null });
      continue;
    }
    j++;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    const q = s[j];
    if (q === '"' || q === "'" || q === '`') {
      const close = s.indexOf(q, j + 1);
      const end = close < 0 ? s.length : close;
      attrs.push({ name, value: s.slice(j + 1, end) });
      i = end + 1;
    } else {
      let k = j;
      while (k < s.length && !isSpace(s.charCodeAt(k)) && s[k] !== '>') k++;
      attrs.push({ name, value: s.slice(j, k) });
      i = k;
    }
  }
  return { attrs, end: s.length };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}
