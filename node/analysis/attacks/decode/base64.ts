/**
 * Base64 (standard or URL alphabet, padded or not) is decoded only when the whole value is in the
 * alphabet and the result reads as text (at least 90 % printable): words, ids, random tokens and
 * binary blobs decode to bytes that are not, and stay as they are.
 *
 * Most values fail the alphabet on their first characters; those are refused by one scan that
 * allocates nothing. Node's base64 decoder reads both alphabets, so none is rewritten.
 */
export const BASE64_MIN_LENGTH = 8;
/** Text: at most one character in ten unprintable (90 % printable), in integers (no rounding). */
const UNPRINTABLE_ONE_IN = 10;
/** Base64 characters (a multiple of 4) decoded first to decide whether the rest is worth decoding. */
const SNIFF_CHARS = 344;

const SPACE = 0x20;
const EQUALS = 0x3d;

export function decodeBase64Text(s: string): string | null {
  if (s.length < BASE64_MIN_LENGTH) return null;
  let t = s;
  if (isTrimmable(s.charCodeAt(0)) || isTrimmable(s.charCodeAt(s.length - 1))) {
    t = s.trim();
    if (t.length < BASE64_MIN_LENGTH) return null;
  }
  let end = t.length;
  if (t.charCodeAt(end - 1) === EQUALS) end--;
  if (t.charCodeAt(end - 1) === EQUALS) end--;
  if (t.length % 4 === 1) return null;
  // One pass refuses on the alphabet and, over the first SNIFF_CHARS, on the bytes the characters
  // decode to: images, random tokens and words with spaces are refused before any copy, after a
  // few dozen characters. A `+` of the alphabet that went through form decoding arrives as a space.
  const sniffed = Math.min(t.length, SNIFF_CHARS);
  const sextets = Math.min(end, sniffed);
  const total = Math.floor((sextets * 3) / 4);
  let unprintable = 0;
  let prevAscii = true;
  let acc = 0;
  let bits = 0;
  let spaces = false;
  for (let i = 0; i < end; i++) {
    const c = t.charCodeAt(i);
    const sextet = c < 128 ? SEXTET[c] : -1;
    if (sextet < 0) return null;
    if (c === SPACE) spaces = true;
    if (i >= sextets) continue;
    acc = ((acc << 6) | sextet) & 0xffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const b = (acc >> bits) & 0xff;
    if (isUnprintableByte(b, prevAscii) && ++unprintable * UNPRINTABLE_ONE_IN > total) return null;
    prevAscii = b < 0x80;
  }
  if (spaces) t = t.replace(/ /g, '+');
  if (sniffed < t.length && decodedText(Buffer.from(t.slice(0, sniffed), 'base64')) === null) return null;
  return decodedText(Buffer.from(t, 'base64'));
}

/** Sextet value of each base64 character, both alphabets (-1: none). */
const SEXTET = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (SEXTET[c.charCodeAt(0)] = i));
SEXTET[0x2d] = 62; // -
SEXTET[0x5f] = 63; // _
SEXTET[0x20] = 62; // a space is a `+` that went through form decoding

/** What String.prototype.trim removes: ASCII whitespace, and the non-ASCII spaces (checked by trim itself). */
function isTrimmable(c: number): boolean {
  return c <= SPACE || c >= 128;
}

/**
 * PDF (`%PDF-1.7`) and PostScript (`%!PS-Adobe-3.0`) files: text headers of document formats. A
 * document is a file, not a value an application puts in a query: not read when uploaded
 * (points/multipart.ts isText), nor when a JSON API carries it base64-encoded (a mail attachment's
 * `contentBytes`, docs/detection.md branch i18-fpr3).
 */
export const DOCUMENT_SIGNATURE = /^%(?:PDF-\d|!PS-Adobe)/;

/** The bytes as UTF-8 text when they read as text and are no document file, else null. */
function decodedText(bytes: Buffer): string | null {
  if (bytes.length === 0 || surelyNotText(bytes)) return null;
  const text = bytes.toString('utf8');
  return readsAsText(text) && !DOCUMENT_SIGNATURE.test(text) ? text : null;
}

/**
 * A lower bound on the unprintable characters the bytes decode to, against an upper bound on all
 * characters (one per byte): more than the unprintable share already fails the ratio, without
 * building the string. Counted are bytes that become exactly one unprintable character each: ASCII
 * controls, bytes that never start a UTF-8 sequence (C0, C1, F5-FF) and continuation bytes right
 * after an ASCII byte (both replaced by U+FFFD). Random tokens fail here.
 */
function surelyNotText(bytes: Buffer): boolean {
  let unprintable = 0;
  let prevAscii = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (isUnprintableByte(b, prevAscii) && ++unprintable * UNPRINTABLE_ONE_IN > bytes.length) return true;
    prevAscii = b < 0x80;
  }
  return false;
}

/** Whether byte `b` (after an ASCII byte or not) becomes exactly one unprintable character: see surelyNotText. */
function isUnprintableByte(b: number, prevAscii: boolean): boolean {
  return b < 0x80
    ? (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f
    : b === 0xc0 || b === 0xc1 || b >= 0xf5 || (b < 0xc0 && prevAscii);
}

function readsAsText(text: string): boolean {
  let printable = 0;
  let chars = 0;
  // There are at most text.length characters: past this many unprintable ones the ratio cannot
  // be reached any more (decoded garbage is refused after a few characters, not at its end).
  for (const ch of text) {
    chars++;
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c !== 0x7f && c !== 0xfffd) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
    else if ((chars - printable) * UNPRINTABLE_ONE_IN > text.length) return false;
  }
  return chars > 0 && (chars - printable) * UNPRINTABLE_ONE_IN <= chars;
}

/**
 * A base64 run inside a structure (`s:16:"L2V0Yy9wYXNzd2Q=";` of PHP serialization, a field of a
 * JSON text carried as one value) in a value with a quote: at least 12 characters between delimiters, with a
 * digit, `+`, `/` or padding and an upper-case letter (words and identifiers have neither mix).
 */
const EMBEDDED_RUN =
  /(?<=^|["':=,;(\s])(?=[A-Za-z0-9+/_-]{0,511}[0-9+/])(?=[a-z0-9+/_-]{0,511}[A-Z])[A-Za-z0-9+/_-]{12,512}={0,2}(?=["',;&)}\]\s]|$)/g;
const MAY_EMBED = new RegExp(EMBEDDED_RUN.source);

/** Whether the value may hold a base64 run that decodeEmbeddedBase64 reads (a cheap first look). */
export function mayEmbedBase64(s: string): boolean {
  // Structures that carry base64 as a field quote it (PHP serialization, JSON text): one cheap look first.
  return s.length >= BASE64_MIN_LENGTH + 4 && (s.includes('"') || s.includes("'")) && MAY_EMBED.test(s);
}

/** The base64 runs of the value that decode to text, decoded and joined by a space; null when there are none. */
export function decodeEmbeddedBase64(s: string): string | null {
  if (s.length > 65536 || !mayEmbedBase64(s)) return null;
  let out: string | null = null;
  EMBEDDED_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMBEDDED_RUN.exec(s)) !== null) {
    if (m[0].length === s.length) return null; // the whole value: decodeBase64Text's case
    const d = decodeBase64Text(m[0]);
    if (d !== null) out = out === null ? d : out + ' ' + d;
  }
  return out;
}
