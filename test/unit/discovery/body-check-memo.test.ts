/**
 * Bodies checked once (BodyCheckMemo, node/analysis/vulnerabilities/detector.ts; docs/vulnerabilities.md
 * "Bodies checked once"): the vulnerability findings of every transaction, with the memory, are
 * those the checks give without it, over sequences where bodies repeat with other statuses,
 * types, codings and sensitive fields; reused bodies are counted; bodies without a digest are
 * always checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { BodyCheckMemo, findVulnerabilities, VulnerabilityDetector } from '../../../node/analysis/vulnerabilities/detector';
import { JwtChecker } from '../../../node/analysis/vulnerabilities/jwt';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import type { HttpTransaction } from '../../../node/http/types';
import { jwt } from '../../gen/api';
import { tx } from './tx';

const LIMITS = { decompressBytes: 1 << 20 };

/** Bodies with and without findings (a stack trace, a key, a JWT, a listing, a password field) and plain ones. */
const BODIES = [
  '{"id":1,"name":"a"}',
  '{"password":"hunter2hunter2","user":"x"}',
  '{"password":"","user":"x"}',
  '{"error":"Traceback (most recent call last):\\n  File \\"/app/x.py\\", line 3, in <module>"}',
  '{"key":"AKIAIOSFODNN7EXAMPLE","secret":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}',
  `{"token":"${jwt({ sub: '1' }, 'secret')}"}`,
  '[{"name":"a.txt","type":"file","mtime":"Mon, 01 Jan 2024 00:00:00 GMT","size":1}]',
  '<html><title>Index of /</title><h1>Index of /</h1><a href="../">../</a></html>',
  'DB_PASSWORD=supersecret\nAPI_KEY=abcdef0123456789abcdef\n',
  'You have an error in your SQL syntax; check the manual',
  '',
  // Long enough to be remembered by default (BODY_MEMO_MIN_TEXT).
  `{"error":"Traceback (most recent call last):\\n  File \\"/app/x.py\\", line 3","items":[${'{"name":"chair","price":12},'.repeat(200)}{}]}`,
];
const TYPES = ['application/json', 'text/html', 'text/plain', null, 'application/octet-stream'];

interface Spec {
  body: number;
  status: number;
  type: number;
  gzip: boolean;
  /** Content-Encoding: gzip said (a lie when the bytes are not gzip). */
  declared: boolean;
  digest: boolean;
}

function transaction(s: Spec, i: number): HttpTransaction {
  const type = TYPES[s.type];
  const headers: Array<[string, string]> = type === null ? [] : [['Content-Type', type]];
  if (s.declared) headers.push(['Content-Encoding', 'gzip']);
  const t = tx({ target: `/api/items/${i % 3}`, status: s.status, responseHeaders: headers, responseBody: '' });
  const raw = Buffer.from(BODIES[s.body]);
  const bytes = s.gzip ? gzipSync(raw) : raw;
  t.response!.body = {
    length: bytes.length,
    sha256: s.digest ? createHash('sha256').update(bytes).digest('hex') : '',
    inspect: bytes,
    truncated: false,
    incomplete: false,
  };
  return t;
}

const specArb = fc.record({
  body: fc.nat(BODIES.length - 1),
  status: fc.constantFrom(200, 404, 500),
  type: fc.nat(TYPES.length - 1),
  gzip: fc.boolean(),
  declared: fc.boolean(),
  digest: fc.boolean(),
});

function context(t: HttpTransaction): Parameters<typeof findVulnerabilities>[0] {
  return { tx: t, facts: extractFacts(t, LIMITS), method: 'GET', template: '/api/items/{id}', knownEndpoint: true, attack: null };
}

test('with bodies checked once, every transaction has the findings of the checks themselves', () => {
  fc.assert(
    fc.property(fc.array(specArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (specs, entries) => {
      // A small memory too: forgotten when full, then refilled.
      const memo = new BodyCheckMemo(entries, 0);
      const jwtA = new JwtChecker();
      const jwtB = new JwtChecker();
      let reusable = 0;
      const seen = new Set<string>();
      specs.forEach((s, i) => {
        const ctx = context(transaction(s, i));
        assert.deepEqual(findVulnerabilities(ctx, jwtA, LIMITS, memo), findVulnerabilities(ctx, jwtB, LIMITS));
        const key = `${s.body} ${s.status < 400} ${s.type} ${s.gzip} ${s.declared}`;
        // An empty body has no text to look up, unless gzip bytes of it arrive undeclared: then the
        // bytes themselves are the text (seed -1776265942 found it).
        const noText = BODIES[s.body] === '' && (!s.gzip || s.declared);
        if (s.digest && !noText && seen.has(key)) reusable++;
        if (s.digest) seen.add(key);
      });
      // Never more reuse than bodies met again with a digest (the memory may have forgotten some;
      // bodies that decode to no text are not looked up).
      assert.ok(memo.reused <= reusable);
    }),
    { numRuns: 300 },
  );
});

test('a body met again is not checked again, and is counted', () => {
  const d = new VulnerabilityDetector(100);
  const spec: Spec = { body: 11, status: 200, type: 0, gzip: false, declared: false, digest: true };
  const first = d.inspect(context(transaction(spec, 0)), 'api.test', 'ts');
  assert.ok(first.length > 0, JSON.stringify(first));
  d.inspect(context(transaction(spec, 1)), 'api.test', 'ts');
  assert.equal(d.counters.bodyChecksReused, 1);
  assert.equal(d.counters.duplicates, first.length, 'the second sighting of each finding is a duplicate, as without the memory');
  // The same bytes without a digest (no transaction record produced) are checked again.
  d.inspect(context(transaction({ ...spec, digest: false }, 2)), 'api.test', 'ts');
  assert.equal(d.counters.bodyChecksReused, 1);
  // The same bytes with another status class are another key.
  d.inspect(context(transaction({ ...spec, status: 500 }, 3)), 'api.test', 'ts');
  assert.equal(d.counters.bodyChecksReused, 1);
  // A short body (under BODY_MEMO_MIN_TEXT) is checked every time.
  for (let i = 0; i < 2; i++) d.inspect(context(transaction({ ...spec, body: 3 }, 4 + i)), 'api.test', 'ts');
  assert.equal(d.counters.bodyChecksReused, 1);
});
