/**
 * Percent decoding as lenient as the servers attacks aim at: `%XX` bytes, IIS `%uXXXX`, and
 * UTF-8 that a strict decoder would refuse (overlong forms such as `%C0%AE` for "."), because a
 * server that accepts them sees the character, so must we. Invalid bytes map to Latin-1.
 */
export function hasPercentEscape(s: string): boolean {
  return /%(?:[0-9a-f]{2}|u[0-9a-f]{4})/i.test(s);
}

export function percentDecode(s: string, plusIsSpace = false): string {
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      out += decodeUtf8Lenient(bytes);
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
        bytes.push(parseInt(s.substr(i + 1, 2), 16));
        i += 2;
        continue;
      }
      if ((s.charCodeAt(i + 1) | 0x20) === 0x75 && isHexRun(s, i + 2, 4)) {
        flush();
        out += String.fromCharCode(parseInt(s.substr(i + 2, 4), 16));
        i += 5;
        continue;
      }
    }
    flush();
    out += plusIsSpace && c === 0x2b ? ' ' : s[i];
  }
  flush();
  return out;
}

/** UTF-8 that accepts overlong encodings (they are the point of the attack) and maps junk to Latin-1. */
function decodeUtf8Lenient(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b0 = bytes[i];
    const need = b0 >= 0xf0 && b0 < 0xf8 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc0 ? 1 : 0;
    if (b0 < 0x80 || need === 0 || b0 >= 0xf8 || !continuations(bytes, i + 1, need)) {
      out += String.fromCharCode(b0);
      continue;
    }
    let cp = b0 & (0x3f >> need);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
    out += cp > 0x10ffff ? '\ufffd' : String.fromCodePoint(cp);
    i += need;
  }
  return out;
}

function continuations(bytes: ArrayLike<number>, from: number, n: number): boolean {
  if (from + n > bytes.length) return false;
  for (let k = 0; k < n; k++) if ((bytes[from + k] & 0xc0) !== 0x80) return false;
  return true;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

function isHexRun(s: string, from: number, n: number): boolean {
  if (from + n > s.length) return false;
  for (let k = 0; k < n; k++) if (!isHex(s.charCodeAt(from + k))) return false;
  return true;
}
