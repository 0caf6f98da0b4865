import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { percentDecode } from '../../../node/analysis/attacks/decode/percent';

/** The decoder's definition, one character at a time: the oracle for the run-at-a-time version. */
function reference(s: string, plusIsSpace: boolean): string {
  let out = '';
  const bytes: number[] = [];
  const flush = (): void => {
    for (let i = 0; i < bytes.length; i++) {
      const b0 = bytes[i];
      const need = b0 >= 0xfe ? 0 : b0 >= 0xfc ? 5 : b0 >= 0xf8 ? 4 : b0 >= 0xf0 ? 3 : b0 >= 0xe0 ? 2 : b0 >= 0xc0 ? 1 : 0;
      const tail = bytes.slice(i + 1, i + 1 + need);
      const ok = need > 0 && tail.length === need && tail.every((b) => (b & 0xc0) === 0x80);
      if (b0 < 0x80 || !ok) {
        out += String.fromCharCode(b0);
        continue;
      }
      let cp = b0 & (0x3f >> need);
      for (let k = 1; k <= need; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
      out += cp > 0x10ffff ? '\ufffd' : String.fromCodePoint(cp);
      i += need;
    }
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    if (s[i] === '%' && /^u[0-9a-f]{4}$/i.test(s.slice(i + 1, i + 6))) {
      flush();
      out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    flush();
    out += plusIsSpace && s[i] === '+' ? ' ' : s[i];
  }
  flush();
  return out;
}

test('percent decoding (lenient UTF-8, %uXXXX, + as space) gives what its definition says', () => {
  const piece = fc.constantFrom(
    '%',
    '%2',
    '%25',
    '%41',
    '%c3%a9',
    '%C0%AE',
    '%u0041',
    '%U00e9',
    '%uZZ',
    '+',
    'a',
    ' ',
    '%e2%82',
    '%e2%82%ac',
    '%f0%9f%98%80',
    '%ff',
    '%0',
    'é',
    '%%41',
    '%2B',
    '%f8%88%80%80',
    '%f8%80%80%80%ae',
    '%fc%80%80%80%80%ae',
    '%fe%80',
    '\ud800',
    '%ed%a0%80',
    '%f4%90%80%80',
  );
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 14 }).map((a) => a.join('')),
      fc.boolean(),
      (s, plus) => {
        assert.equal(percentDecode(s, plus), reference(s, plus), JSON.stringify(s));
      },
    ),
    { numRuns: 20000 },
  );
});
