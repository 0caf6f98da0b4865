import assert from 'node:assert/strict';
import test from 'node:test';
import fc from 'fast-check';
import { classifyText, isDate, stringFormat, type ValueFormat, type ValueType } from '../../../node/analysis/discovery/values';

// The definitions the first-character shortcuts of stringFormat and classifyText stand for: every
// pattern tried in turn (the patterns as values.ts has them).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,128}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const EMAIL = /^[^\s@]{1,64}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const URL_RE = /^https?:\/\/[^\s]+$/i;
const TOKEN = /^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

function formatByDefinition(s: string): ValueFormat | null {
  if (s.length < 7 || s.length > 4096) return null;
  if (UUID.test(s)) return 'uuid';
  if (isDate(s)) return 'date';
  if (DATE_TIME.test(s)) return 'date-time';
  if (IPV4.test(s)) return 'ipv4';
  if (EMAIL.test(s)) return 'email';
  if (JWT.test(s)) return 'jwt';
  if (URL_RE.test(s)) return 'uri';
  if (HEX.test(s) && /\d/.test(s)) return 'hex';
  if (TOKEN.test(s)) return 'token';
  return null;
}

function classifyByDefinition(s: string): { type: ValueType; format: ValueFormat | null } {
  if (/^-?\d{1,18}$/.test(s) && !/^-?0\d/.test(s)) return { type: 'integer', format: null };
  if (/^-?\d+\.\d+(?:[eE][-+]?\d+)?$/.test(s)) return { type: 'number', format: null };
  if (s === 'true' || s === 'false') return { type: 'boolean', format: null };
  return { type: 'string', format: formatByDefinition(s) };
}

/** Pieces of every format's shape, so that random joins hit each pattern and its near misses. */
const PIECES = [
  '550e8400-e29b-41d4-a716-446655440000',
  'E29B41D4A716446655440000',
  '2026-12-06',
  '2026-13-06',
  '2026-12-06T07:15:00Z',
  ' 08:00+01:00',
  '192.168.1.10',
  '256.1.1.1',
  'anna.smith@example.com',
  '@',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
  'https://example.com/x',
  'HTTP://A',
  'deadbeef00112233',
  'abcDEF123_-xyzXYZ789ab',
  '-12',
  '3.25e-4',
  'true',
  'false',
  'hello world',
  ' ',
  '.',
  '-',
  '_',
  'é',
  '\u2028',
  '0',
  'e',
  'h',
];
const value = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.tuple(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 }), fc.constantFrom(...PIECES)).map((t) => t.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.stringMatching(/^[0-9a-fA-F-]{6,40}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{18,30}$/),
);

test('stringFormat (patterns tried only when the first character allows them) is the patterns tried in turn', () => {
  fc.assert(
    fc.property(value, (s) => assert.equal(stringFormat(s), formatByDefinition(s))),
    { numRuns: 20_000 },
  );
  for (const p of PIECES) assert.equal(stringFormat(p), formatByDefinition(p), p);
});

test('classifyText (number tests only for a digit or `-` first) is the tests tried in turn', () => {
  fc.assert(
    fc.property(value, (s) => assert.deepEqual(classifyText(s), classifyByDefinition(s))),
    { numRuns: 20_000 },
  );
  for (const p of ['', ...PIECES]) assert.deepEqual(classifyText(p), classifyByDefinition(p), p);
  // Every format is reached by the pieces (the test can fail for each shortcut).
  const seen = new Set<string>(PIECES.map((p) => classifyByDefinition(p).format ?? classifyByDefinition(p).type));
  for (const f of ['uuid', 'hex', 'date', 'date-time', 'ipv4', 'email', 'jwt', 'uri', 'token', 'integer', 'number', 'boolean'])
    assert.ok(seen.has(f), f);
});
