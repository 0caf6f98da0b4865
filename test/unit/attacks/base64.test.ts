import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64Text } from '../../../node/analysis/attacks/decode/base64';

/** The definition decodeBase64Text implements (with its shortcuts): the test's oracle. */
function reference(s: string): string | null {
  const t = s.trim().replace(/ /g, '+');
  if (t.length < 8 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t) || t.length % 4 === 1) return null;
  const standard = t.replace(/-/g, '+').replace(/_/g, '/');
  if (standard.length > 344 && !readsAsText(Buffer.from(standard.slice(0, 344), 'base64').toString('utf8'))) return null;
  const text = Buffer.from(standard, 'base64').toString('utf8');
  return readsAsText(text) ? text : null;
}

function readsAsText(text: string): boolean {
  let printable = 0;
  let chars = 0;
  for (const ch of text) {
    chars++;
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c !== 0x7f && c !== 0xfffd) || c === 0x09 || c === 0x0a || c === 0x0d) printable++;
  }
  return chars > 0 && printable / chars >= 0.9;
}

test('base64 sniffing gives exactly what its definition says, shortcuts included', () => {
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 120 }).map((s) => new TextEncoder().encode(s)),
    fc.tuple(fc.string({ maxLength: 60 }), fc.uint8Array({ maxLength: 4 })).map(([s, b]) => Buffer.concat([Buffer.from(s), b])),
  );
  const encoded = fc
    .tuple(bytes, fc.constantFrom('base64', 'base64url'), fc.constantFrom('', ' ', '\n'), fc.boolean())
    .map(([b, enc, pad, spaces]) => {
      const s = Buffer.from(b).toString(enc as BufferEncoding);
      return pad + (spaces ? s.replace(/\+/g, ' ') : s) + pad;
    });
  const noise = fc.string({ unit: fc.constantFrom(...'AZaz09+/=_- \t.%\u00e9'.split('')), maxLength: 40 });
  fc.assert(
    fc.property(fc.oneof(encoded, noise), (s) => assert.equal(decodeBase64Text(s), reference(s), JSON.stringify(s))),
    { numRuns: 20000 },
  );
});
