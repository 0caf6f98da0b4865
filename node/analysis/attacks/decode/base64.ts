/**
 * Base64 (standard or URL alphabet, padded or not) is decoded only when the whole value is in the
 * alphabet and the result reads as text (at least 90 % printable): words, ids, random tokens and
 * binary blobs decode to bytes that are not, and stay as they are.
 */
const MIN_LENGTH = 8;
const MIN_PRINTABLE_RATIO = 0.9;

export function decodeBase64Text(s: string): string | null {
  // A `+` of the alphabet that went through form decoding arrives as a space.
  const t = s.trim().replace(/ /g, '+');
  if (t.length < MIN_LENGTH || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  if (t.length % 4 === 1) return null;
  const buf = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (buf.length === 0) return null;
  const text = buf.toString('utf8');
  let printable = 0;
  let chars = 0;
  for (const ch of text) {
    chars++;
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c !== 0x7f && c !== 0xfffd) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return chars > 0 && printable / chars >= MIN_PRINTABLE_RATIO ? text : null;
}
