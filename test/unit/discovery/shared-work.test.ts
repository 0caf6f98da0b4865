import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseJsonShared } from '../../../node/analysis/json-document';
import { sessionId } from '../../../node/analysis/sessions/book';

// The definitions the shortcuts stand for.
const sessionIdByDefinition = (slot: string): string => createHash('sha256').update(slot).digest('hex').slice(0, 32);
function parseByDefinition(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

test('sessionId (remembered per slot, one-shot digest) is the SHA-256 of the slot, first 32 hex digits', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ minLength: 900, maxLength: 1200 })), {
        maxLength: 30,
      }),
      (slots) => {
        // Each slot twice: the second answer comes from memory.
        for (const slot of [...slots, ...slots]) assert.equal(sessionId(slot), sessionIdByDefinition(slot));
      },
    ),
    { numRuns: 300 },
  );
});

test('parseJsonShared (the last texts remembered with their documents) is JSON.parse, undefined for what is no JSON', () => {
  const text = fc.oneof(fc.json(), fc.string({ maxLength: 20 }), fc.constantFrom('', '{', '{"a":1}', '[1,2]', 'null', '"x"'));
  fc.assert(
    fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
      // Repeats within and beyond the remembered slots.
      for (const t of [...texts, ...texts.slice().reverse(), ...texts])
        assert.deepEqual(parseJsonShared(t), parseByDefinition(t));
    }),
    { numRuns: 300 },
  );
  // Equal texts share one document (attack extraction and discovery parse a request body once).
  const body = '{"user":{"name":"a"},"items":[1,2]}';
  assert.equal(parseJsonShared(body), parseJsonShared(body.slice(0, 5) + body.slice(5)));
});
