import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseJsonShared } from '../../../node/analysis/json-document';
import { SessionIds } from '../../../node/analysis/sessions/book';

// The definitions the shortcuts stand for.
const sessionIdByDefinition = (slot: string): string => createHash('sha256').update(slot).digest('hex').slice(0, 32);
function parseByDefinition(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

test('SessionIds (remembered by the slot parts) is the SHA-256 of the slot, first 32 hex digits', () => {
  const part = fc.oneof(
    fc.constantFrom('', 'a', '\u0000', 'a\u0000', '\u0000a', 'shop.example', 'ip_user_agent', 'cookie:sid', '10.0.0.1'),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ minLength: 900, maxLength: 1200 }),
  );
  // Keys made of a few parts, so that keys sharing all parts but one are common.
  const keys = fc
    .tuple(
      fc.array(part, { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.option(fc.nat())), { maxLength: 30 }),
    )
    .map(([pool, picks]) =>
      picks.map(
        ([h, n, v, e]) =>
          [
            pool[h % pool.length],
            pool[n % pool.length],
            pool[v % pool.length],
            e === null ? null : pool[e % pool.length],
          ] as const,
      ),
    );
  fc.assert(
    fc.property(keys, fc.integer({ min: 1, max: 8 }), (list, max) => {
      // A small memory (forgotten and refilled) and a large one; each key twice: the second answer from memory.
      for (const ids of [new SessionIds(max), new SessionIds()]) {
        for (const [host, name, value, extra] of [...list, ...list]) {
          const slot = `${host}\u0000${name}\u0000${value}${extra === null ? '' : `\u0000${extra}`}`;
          assert.equal(ids.id(host, name, value, extra), sessionIdByDefinition(slot));
        }
      }
    }),
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
