/**
 * Percent decoding as lenient as the servers attacks aim at: `%XX` bytes, IIS `%uXXXX`, and
 * UTF-8 that a strict decoder would refuse (overlong forms such as `%C0%AE` for "."), because a
 * server that accepts them sees the character, so must we. Invalid bytes map to Latin-1.
 */
export function hasPercentEscape(s: string): boolean {
  return /%(?:[0-9a-f]{2}|u[0-9a-f]{4})/i.test(s);
}

export function percentDecode(s: string, plusIsSpace = false): string {
  const text = plusIsSpace && s.includes('+') ? s.replace(/\+/g, ' ') : s;
  // Most names and values have no escape at all: decodeURIComponent would copy them unchanged.
  if (!text.includes('%')) return text;
  // Well-formed escapes of valid UTF-8 (nearly every value) decode the same both ways, and the
  // engine's decoder does it without a string per escape; it refuses everything else (bare `%`,
  // `%uXXXX`, overlong or invalid UTF-8), which is then decoded leniently below.
  try {
    return decodeURIComponent(text);
  } catch {
    return lenientPercentDecode(s, plusIsSpace);
  }
}

/**
 * Whether `s` holds UTF-8 bytes one per character: a lead byte (0xC0-0xFD) followed by a
 * continuation byte, and no character past 0xFF. The HTTP parser hands over the request line and
 * header values so (latin1, docs/http.md), so `’ or ‘1’=’1` sent raw in a header or cookie arrives
 * as `â€™ or â€˜1â€™=â€™1`, while the same text percent-encoded in the query is decoded as UTF-8:
 * rawUtf8Decode reads it as the query's value is read.
 */
export function hasRawUtf8(s: string): boolean {
  let found = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return false;
    if (!found && c >= 0xc0 && c <= 0xfd && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xc0) === 0x80) found = true;
  }
  return found;
}

/** Characters 0-0xFF as bytes, read as UTF-8 with the percent decoder's leniency (overlong forms too, junk kept). */
export function rawUtf8Decode(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return decodeUtf8Lenient(bytes);
}

function lenientPercentDecode(s: string, plusIsSpace: boolean): string {
  // Text between escapes is copied a run at a time; consecutive %XX bytes are decoded together
  // (a character's UTF-8 bytes arrive as several escapes).
  let out = '';
  let literalFrom = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) !== 0x25) {
      i++;
      continue;
    }
    if (hexByte(s, i + 1) >= 0) {
      out += literal(s, literalFrom, i, plusIsSpace);
      const bytes: number[] = [];
      let b: number;
      while (s.charCodeAt(i) === 0x25 && (b = hexByte(s, i + 1)) >= 0) {
        bytes.push(b);
        i += 3;
      }
      out += decodeUtf8Lenient(bytes);
      literalFrom = i;
    } else if ((s.charCodeAt(i + 1) | 0x20) === 0x75 && isHexRun(s, i + 2, 4)) {
      out += literal(s, literalFrom, i, plusIsSpace) + String.fromCharCode(parseInt(s.substr(i + 2, 4), 16));
      i += 6;
      literalFrom = i;
    } else {
      i++;
    }
  }
  return out + literal(s, literalFrom, s.length, plusIsSpace);
}

/** s[from, to) as it is, `+` read as a space in form encoding. */
function literal(s: string, from: number, to: number, plusIsSpace: boolean): string {
  if (from >= to) return '';
  const text = s.slice(from, to);
  return plusIsSpace && text.includes('+') ? text.replace(/\+/g, ' ') : text;
}

/** The byte written as two hex digits at `at`, or -1. */
export function hexByte(s: string, at: number): number {
  if (at + 1 >= s.length) return -1;
  const hi = hexValue(s.charCodeAt(at));
  const lo = hexValue(s.charCodeAt(at + 1));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** UTF-8 that accepts overlong encodings of any length (they are the point of the attack) and maps junk to Latin-1. */
function decodeUtf8Lenient(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b0 = bytes[i];
    const need = utf8Continuations(b0);
    if (b0 < 0x80 || need === 0 || !continuations(bytes, i + 1, need)) {
      const blind = blindOverlong(b0, i + 1 < bytes.length ? bytes[i + 1] : -1);
      out += blind ?? String.fromCharCode(b0);
      if (blind !== null) i++;
      continue;
    }
    let cp = b0 & (0x3f >> need);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
    out += cp > 0x10ffff ? '\ufffd' : String.fromCodePoint(cp);
    i += need;
  }
  return out;
}

/**
 * The character a decoder that never checks a continuation byte's `10` marker reads from an
 * overlong two-byte lead (0xC0, 0xC1: no valid UTF-8 holds them) and the ASCII byte after it:
 * `%c0%2e` is "." and `%c1%1c` is a backslash to such a decoder (the IIS and old Java ones path
 * traversals aimed at), as `(lead & 0x1f) << 6 | (byte & 0x3f)`. Only bytes below 0x40 after 0xC0
 * (the byte stands for itself, the lead drops out) and controls below 0x20 after 0xC1 (giving
 * `@`, `A-Z`, `[`, `]`, `^`, `_` and the backslash): Latin-1 text escapes `À`/`Á` before an escaped space or punctuation, and
 * 0xC1 there would turn `Á ` into a backtick. Null when the pair is read as Latin-1 instead.
 */
function blindOverlong(lead: number, next: number): string | null {
  if (lead === 0xc0 && next >= 0 && next < 0x40) return String.fromCharCode(next);
  if (lead === 0xc1 && next >= 0 && next < 0x20) return String.fromCharCode(0x40 | next);
  return null;
}

/**
 * Continuation bytes a lead byte announces, the 5- and 6-byte forms of the original UTF-8 (RFC 2279)
 * included: `%fc%80%80%80%80%ae` is an overlong "." to decoders that still take them.
 */
function utf8Continuations(b0: number): number {
  if (b0 >= 0xfe) return 0;
  if (b0 >= 0xfc) return 5;
  if (b0 >= 0xf8) return 4;
  if (b0 >= 0xf0) return 3;
  if (b0 >= 0xe0) return 2;
  return b0 >= 0xc0 ? 1 : 0;
}

function continuations(bytes: ArrayLike<number>, from: number, n: number): boolean {
  if (from + n > bytes.length) return false;
  for (let k = 0; k < n; k++) if ((bytes[from + k] & 0xc0) !== 0x80) return false;
  return true;
}

function isHexRun(s: string, from: number, n: number): boolean {
  if (from + n > s.length) return false;
  for (let k = 0; k < n; k++) if (hexValue(s.charCodeAt(from + k)) < 0) return false;
  return true;
}
