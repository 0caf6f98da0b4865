import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isText, isTextByWindows } from '../../../node/analysis/attacks/points/multipart';

/**
 * isText (attack points/multipart.ts: is a body or a part text to read?) first searches the text
 * for a character its windows count against it; without one, every window passes. It answers
 * exactly what the windows alone answer (isTextByWindows), for text of every length around the
 * window (512) and the sampling limit (16 windows), with each counted character (controls but
 * tab, LF and CR; U+FFFD) and the characters beside them (tab, LF, CR, DEL, U+FFFE), sparse and
 * dense, and the document signatures.
 */
const COUNTED = ['\0', '\x01', '\x08', '\x0b', '\x0c', '\x0e', '\x1f', '\ufffd'];
const BESIDE = ['\t', '\n', '\r', '\x7f', '\x20', '\ufffe', 'é', 'a', '{', '"'];
const textArb = fc
  .record({
    length: fc.oneof(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 8000, max: 8400 }), fc.integer({ min: 0, max: 20000 })),
    density: fc.constantFrom(0, 0.001, 0.05, 0.1, 0.12, 0.3, 1),
    head: fc.constantFrom('', '%PDF-1.7\n', '%!PS-Adobe-3.0', '{"a":', '%PD'),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ length, density, head, seed }) => {
    let x = seed;
    const next = (): number => ((x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff), x / 0x7fffffff);
    let s = head;
    while (s.length < length)
      s += next() < density ? COUNTED[Math.floor(next() * COUNTED.length)] : BESIDE[Math.floor(next() * BESIDE.length)];
    return s;
  });

test('the first search answers as the windows do', () => {
  fc.assert(
    fc.property(textArb, (s) => {
      assert.equal(isText(s), isTextByWindows(s), JSON.stringify(s.slice(0, 80)) + ` (${s.length})`);
    }),
    { numRuns: 3000 },
  );
});

test('examples: JSON and prose are text, binary and documents are not', () => {
  assert.equal(isText('{"name":"the quick brown fox","items":[1,2,3]}'), true);
  assert.equal(isText('line one\r\n\tline two\n'), true);
  assert.equal(isText(''), true);
  assert.equal(isText('%PDF-1.7\n%âãÏÓ'), false);
  assert.equal(isText('\0\x01\x02\x03binary'), false);
  assert.equal(isText('\ufffd'.repeat(60) + 'a'.repeat(452)), false);
  // One control character in a window of text is not enough to refuse it.
  assert.equal(isText('text with one \x0b in it'.padEnd(512, '.')), true);
});
