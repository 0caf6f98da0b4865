import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoryKey } from '../../../node/analysis/attacks/memory-key';

/**
 * The value memory's key (node/analysis/attacks/memory-key.ts) stands for the text: two texts
 * share a key exactly when they are equal, so a remembered test is never replayed for another
 * value (the memory itself is pinned to the tests it stands for by value-memory.test.ts). Texts
 * are drawn where the encodings meet: digits with and without leading zeros, 1 to 10 characters
 * of ASCII, controls, non-ASCII, lengths around 4 and 9.
 */
const CHARS = ['0', '1', '9', 'a', 'Z', '-', '/', '%', ' ', '\0', '\x7f', '\x80', 'é', '中', '\ud83d'];
const textArb = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((cs) => cs.join('')),
  fc.array(fc.constantFrom('0', '1', '2', '5', '9'), { minLength: 1, maxLength: 11 }).map((cs) => cs.join('')),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: 0, max: 2 ** 31 }).map(String),
);

test('two texts have the same memory key exactly when they are equal', () => {
  fc.assert(
    fc.property(textArb, textArb, (a, b) => {
      assert.equal(Object.is(memoryKey(a), memoryKey(b)), a === b, JSON.stringify([a, b, memoryKey(a), memoryKey(b)]));
    }),
    { numRuns: 20000 },
  );
});

test('every text of up to 3 characters of a small alphabet has its own key (exhaustive)', () => {
  const alphabet = ['', '0', '1', '9', 'a', ' ', '\0', '\x7f', 'é'];
  const seen = new Map<string | number, string>();
  for (const x of alphabet)
    for (const y of alphabet)
      for (const z of alphabet) {
        const text = x + y + z;
        const key = memoryKey(text);
        const before = seen.get(key);
        assert.ok(before === undefined || before === text, `${JSON.stringify(text)} and ${JSON.stringify(before)} share ${key}`);
        seen.set(key, text);
      }
});

test('numbers are small integers; short text and ids are numbers, long text is itself', () => {
  for (const text of ['0', '7', '42', '999999999', 'api', 'v1', '%2e', '\0', '007']) {
    const key = memoryKey(text);
    assert.equal(typeof key, 'number', text);
    assert.ok(Number.isInteger(key) && Math.abs(key as number) < 2 ** 30, text);
  }
  for (const text of ['', '00777', '1234567890', 'users', 'é', 'orders/1']) assert.equal(memoryKey(text), text);
  assert.equal(memoryKey('2234'), 2234);
});
