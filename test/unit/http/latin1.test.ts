import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { internedLatin1, latin1, sharedLatin1, SHARED_LATIN1_MAX } from '../../../node/http/latin1';
import { parseHeaderLines } from '../../../node/http/head-parser';
import type { HeaderList } from '../../../node/http/types';

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

/**
 * sharedLatin1 (node/http/latin1.ts) against latin1, the simple path it replaces for header values:
 * values met again share one string, and look-alikes must never get another value's string —
 * values of one length that differ only in bytes the slot is not computed from (a Date one second
 * later, a Content-Length, an id), interleaved in any order so they meet in the same slots.
 */
test('shared values: every call gives the bytes as latin1 text, look-alikes included', () => {
  const base = ['Mon, 07 Dec 2026 12:10:56 GMT', 'application/json', '1234', 'keep-alive', 'x'];
  const alike = fc.tuple(fc.constantFrom(...base), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([text, at, byte]) => {
    const b = Buffer.from(text, 'latin1');
    b[at % b.length] = byte;
    return b;
  });
  const value = fc.oneof(
    alike,
    fc.uint8Array({ maxLength: SHARED_LATIN1_MAX + 8 }).map((a) => Buffer.from(a)),
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 60 }), fc.nat(3), (values, pad) => {
      for (const v of values) {
        const buf = Buffer.concat([Buffer.alloc(pad, 0x3a), v, Buffer.alloc(pad, 0x3a)]);
        assert.equal(sharedLatin1(buf, pad, pad + v.length), v.toString('latin1'));
      }
    }),
    { numRuns: 500 },
  );
});

test('shared values: examples (the same date, a second later, a longer and a shorter value)', () => {
  const at = (text: string) => {
    const b = Buffer.from(`: ${text}\r\n`, 'latin1');
    return sharedLatin1(b, 2, 2 + text.length);
  };
  assert.equal(at('Mon, 07 Dec 2026 12:10:56 GMT'), 'Mon, 07 Dec 2026 12:10:56 GMT');
  assert.equal(at('Mon, 07 Dec 2026 12:10:56 GMT'), 'Mon, 07 Dec 2026 12:10:56 GMT');
  assert.equal(at('Mon, 07 Dec 2026 12:11:56 GMT'), 'Mon, 07 Dec 2026 12:11:56 GMT', 'a minute later, same ends and middle');
  assert.equal(at('Mon, 07 Dec 2026 12:10:56 GMT'), 'Mon, 07 Dec 2026 12:10:56 GMT');
  assert.equal(at('10'), '10');
  assert.equal(at('1'), '1');
  assert.equal(at('100'), '100');
  assert.equal(at(''), '');
  const long = 'a'.repeat(SHARED_LATIN1_MAX + 1);
  assert.equal(at(long), long);
});

test('shared values: heads of other connections parse to the same fields as each alone', () => {
  const heads = [
    'Host: api.example\r\nContent-Length: 10\r\nDate: Mon, 07 Dec 2026 12:10:56 GMT\r\n\r\n',
    'Host: api.example\r\nContent-Length: 19\r\nDate: Mon, 07 Dec 2026 12:11:56 GMT\r\n\r\n',
    'Host: api.examplf\r\nContent-Length: 10\r\nDate: Mon, 07 Dec 2026 12:10:56 GMT\r\n\r\n',
  ];
  const expected: HeaderList[] = [
    [
      ['Host', 'api.example'],
      ['Content-Length', '10'],
      ['Date', 'Mon, 07 Dec 2026 12:10:56 GMT'],
    ],
    [
      ['Host', 'api.example'],
      ['Content-Length', '19'],
      ['Date', 'Mon, 07 Dec 2026 12:11:56 GMT'],
    ],
    [
      ['Host', 'api.examplf'],
      ['Content-Length', '10'],
      ['Date', 'Mon, 07 Dec 2026 12:10:56 GMT'],
    ],
  ];
  for (let round = 0; round < 2; round++) {
    heads.forEach((head, i) => {
      const fields: HeaderList = [];
      parseHeaderLines(Buffer.from(head, 'latin1'), 0, head.length, fields, []);
      assert.deepEqual(fields, expected[i]);
    });
  }
});
