/**
 * The header and pair loops written with indexes (docs/performance.md "Allocation per
 * transaction (branch i22-alloc)") against the destructuring loops they replace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { headerValue } from '../../../node/http/headers';
import { headerTokens } from '../../../node/http/framing';
import { hasName } from '../../../node/analysis/sessions/tracker';

const NAMES = ['Host', 'host', 'HOST', 'Accept', 'accept-encoding', 'Connection', 'Cookie', 'X-Api-Key', ''];
const pairList = fc.array(
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('', 'a', 'keep-alive, Upgrade', ' x ,,Y', 'b.example', 'close')),
  { maxLength: 8 },
);
const wanted = fc.constantFrom('host', 'accept', 'connection', 'cookie', 'x-api-key', '', 'absent');

function headerValueByDestructuring(headers: Array<[string, string]>, name: string): string | null {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return null;
}

function headerTokensByDestructuring(headers: Array<[string, string]>, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) {
    if (n.toLowerCase() !== name) continue;
    for (const part of v.split(',')) {
      const t = part.trim().toLowerCase();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

test('headerValue and headerTokens read the same values as the destructuring loops', () => {
  fc.assert(
    fc.property(pairList, wanted, (headers, name) => {
      assert.equal(headerValue(headers, name), headerValueByDestructuring(headers, name));
      assert.deepEqual(headerTokens(headers, name), headerTokensByDestructuring(headers, name));
    }),
    { numRuns: 3000 },
  );
});

test('headerTokens: every header of the name, in order', () => {
  const headers: Array<[string, string]> = [
    ['Connection', 'keep-alive, Upgrade'],
    ['Host', 'a'],
    ['connection', ' close ,'],
  ];
  assert.deepEqual(headerTokens(headers, 'connection'), ['keep-alive', 'upgrade', 'close']);
  assert.deepEqual(headerTokens(headers, 'upgrade'), []);
});

test('hasName is pairs.some(([n]) => n === name)', () => {
  fc.assert(
    fc.property(pairList, fc.constantFrom(...NAMES, 'absent'), (pairs, name) => {
      assert.equal(
        hasName(pairs, name),
        pairs.some(([n]) => n === name),
      );
    }),
    { numRuns: 2000 },
  );
  assert.equal(
    hasName(
      [
        ['id', '1'],
        ['user', 'x'],
      ],
      'user',
    ),
    true,
  );
  assert.equal(hasName([['id', 'user']], 'user'), false);
});
