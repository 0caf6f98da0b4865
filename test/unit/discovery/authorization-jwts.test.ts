/**
 * Authorization values' weak-JWT findings remembered per value (AuthorizationJwts,
 * node/analysis/vulnerabilities/detector.ts; docs/performance.md "Sessions, vulnerabilities,
 * discovery (branch i22-analyses)"): every transaction's findings with the memory are those of the
 * check itself, over sequences where credentials repeat under other schemes, spacing and case,
 * with memories small enough to be forgotten and refilled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AuthorizationJwts, findVulnerabilities } from '../../../node/analysis/vulnerabilities/detector';
import { JwtChecker } from '../../../node/analysis/vulnerabilities/jwt';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { jwt } from '../../gen/api';
import { tx } from './tx';

const LIMITS = { decompressBytes: 1 << 20 };

/** Tokens: no expiry (weak), a shipped weak key, alg none, with an exp (no finding), not a JWT. */
const TOKENS = [
  jwt({ sub: 'a' }, 'Xr9!pQ2#long-random-production-key-0a8f'),
  jwt({ sub: 'b', exp: 4_102_444_800 }, 'secret'),
  jwt({ sub: 'c' }, 'x', 'none'),
  jwt({ sub: 'd', exp: 4_102_444_800 }, 'Xr9!pQ2#long-random-production-key-0a8f'),
  'abcdefghijklmnopqrstuvwxyz0123',
  'eyJnot.a.jwt!',
];
const SCHEMES = ['Bearer ', 'bearer ', 'Token ', 'JWT  ', '', 'Bearer', 'Basic '];

const authArb = fc.record({
  scheme: fc.nat(SCHEMES.length - 1),
  token: fc.nat(TOKENS.length - 1),
  tail: fc.constantFrom('', ' '),
});

function context(auth: { scheme: number; token: number; tail: string }, i: number) {
  const t = tx({
    target: `/api/items/${i % 3}`,
    headers: [['Authorization', `${SCHEMES[auth.scheme]}${TOKENS[auth.token]}${auth.tail}`]],
    responseBody: '{"id":1}',
  });
  return {
    tx: t,
    facts: extractFacts(t, LIMITS),
    method: 'GET',
    template: '/api/items/{id}',
    knownEndpoint: i % 2 === 0,
    attack: null,
  };
}

test('an Authorization value met before gives the findings the check gives (any scheme, spacing, memory size)', () => {
  const ctx = context({ scheme: 0, token: 0, tail: '' }, 0);
  const memo = new AuthorizationJwts();
  const first = findVulnerabilities(ctx, new JwtChecker(), LIMITS, null, memo);
  assert.deepEqual(
    first.map((f) => [f.kind, f.detail]),
    [['weak_jwt', 'no_expiry']],
  );
  assert.deepEqual(findVulnerabilities(ctx, new JwtChecker(), LIMITS, null, memo), first);
  fc.assert(
    fc.property(fc.array(authArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 4 }), (auths, entries) => {
      const remembered = new AuthorizationJwts(entries);
      const jwtA = new JwtChecker();
      const jwtB = new JwtChecker();
      auths.forEach((a, i) => {
        const c = context(a, i);
        assert.deepEqual(findVulnerabilities(c, jwtA, LIMITS, null, remembered), findVulnerabilities(c, jwtB, LIMITS));
      });
    }),
    { numRuns: 300 },
  );
});
