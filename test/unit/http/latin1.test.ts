import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { internedLatin1, latin1 } from '../../../node/http/latin1';

test('head bytes become the same text as toString(latin1); common names are one shared string', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(40), fc.nat(40), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const [start, end] = [Math.min(a, b, buf.length), Math.min(Math.max(a, b), buf.length)];
      assert.equal(latin1(buf, start, end), buf.toString('latin1', start, end));
      assert.equal(internedLatin1(buf, start, end), buf.toString('latin1', start, end));
    }),
  );
  const head = Buffer.from('xContent-Type: a\r\ncontent-type: b\r\nCONTENT-TYPE: c');
  const name = (s: number, e: number) => internedLatin1(head, s, e);
  assert.equal(name(1, 13), 'Content-Type');
  assert.equal(name(18, 30), 'content-type');
  assert.equal(name(35, 47), 'CONTENT-TYPE', 'other spellings keep their case');
});
