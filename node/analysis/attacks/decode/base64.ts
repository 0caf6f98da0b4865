/**
 * Base64 (standard or URL alphabet, padded or not) is decoded only when the whole value is in the
 * alphabet and the result reads as text (at least 90 % printable): words, ids, random tokens and
 * binary blobs decode to bytes that are not, and stay as they are.
 */
const MIN_LENGTH = 8;
const MIN_PRINTABLE_RATIO = 0.9;
/** Base64 characters (a multiple of 4) decoded first to decide whether the rest is worth decoding. */
const SNIFF_CHARS = 344;

export function decodeBase64Text(s: string): string | null {
  // Most values are short: refused before trim/replace allocate (neither makes a string longer).
  if (s.length < MIN_LENGTH) return null;
  // A `+` of the alphabet that went through form decoding arrives as a space.
  const t = s.trim().replace(/ /g, '+');
  if (t.length < MIN_LENGTH || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  if (t.length % 4 === 1) return null;
  const alphabet = t.replace(/-/g, '+').replace(/_/g, '/');
  // Images and other binary blobs are refused on their first bytes, before decoding all of them.
  if (alphabet.length > SNIFF_CHARS && !readsAsText(Buffer.from(alphabet.slice(0, SNIFF_CHARS), 'base64').toString('utf8'))) return null;
  const text = Buffer.from(alphabet, 'base64').toString('utf8');
  return text.length > 0 && readsAsText(text) ? text : null;
}

function readsAsText(text: string): boolean {
  let printable = 0;
  let chars = 0;
  // There are at most text.length characters: past this many unprintable ones the ratio cannot
  // be reached any more (decoded garbage is refused after a few characters, not at its end).
  const maxUnprintable = (1 - MIN_PRINTABLE_RATIO) * text.length;
  for (const ch of text) {
    chars++;
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c !== 0x7f && c !== 0xfffd) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
    else if (chars - printable > maxUnprintable) return false;
  }
  return chars > 0 && printable / chars >= MIN_PRINTABLE_RATIO;
}
