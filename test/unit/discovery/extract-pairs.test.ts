/**
 * Request facts read with less made per request (node/analysis/discovery/extract.ts;
 * docs/performance.md "Sessions, vulnerabilities, discovery (branch i22-analyses)"): the query's
 * and form's pairs read in place are those of `split('&')`, and the auth schemes listed once each
 * are `[...new Set(schemes)]`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { distinct, urlPairs } from '../../../node/analysis/discovery/extract';
import { percentDecode } from '../../../node/analysis/attacks/decode/percent';

/** The definition: every `&`-separated pair, empty ones and empty names skipped, the first `limit` kept. */
function reference(text: string, limit: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of text.split('&')) {
    if (pair === '' || out.length >= limit) continue;
    const eq = pair.indexOf('=');
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq), true);
    if (name === '') continue;
    out.push([name, eq < 0 ? '' : percentDecode(pair.slice(eq + 1), true)]);
  }
  return out;
}

test('query and form pairs read in place are the pairs split gives', () => {
  assert.deepEqual(urlPairs('q=a+b&page=2&&flag&=x&k=v=w&%6Ea%6De=%E2%82%AC', 200), [
    ['q', 'a b'],
    ['page', '2'],
    ['flag', ''],
    ['k', 'v=w'],
    ['name', '€'],
  ]);
  assert.deepEqual(urlPairs('a=1&b=2&c=3', 2), [
    ['a', '1'],
    ['b', '2'],
  ]);
  const piece = fc.constantFrom('a', 'b', '=', '&', '&&', '+', '%41', '%', '%E2%82%AC', 'é', '==', ' ');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 6 }), (pieces, limit) => {
      const text = pieces.join('');
      assert.deepEqual(urlPairs(text, limit), reference(text, limit), text);
    }),
    { numRuns: 3000 },
  );
});

test('auth schemes listed once each, in the order first met', () => {
  assert.deepEqual(distinct(['jwt', 'cookie:session']), ['jwt', 'cookie:session']);
  assert.deepEqual(distinct(['jwt', 'cookie:sid', 'jwt']), ['jwt', 'cookie:sid']);
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('jwt', 'bearer', 'basic', 'cookie:sid', 'api_key_query:key'), { maxLength: 12 }),
      (list) => {
        assert.deepEqual(distinct([...list]), [...new Set(list)]);
      },
    ),
    { numRuns: 2000 },
  );
});
