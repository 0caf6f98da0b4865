import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ibanValid, luhn, sensitiveKinds, type SensitiveKind } from '../../../node/analysis/discovery/sensitive';
import { literalSegment } from '../../../node/analysis/discovery/templates';
import {
  API_KEY_HEADERS,
  extractFacts,
  SESSION_COOKIES,
  STANDARD_HEADERS,
  STANDARD_PREFIXES,
} from '../../../node/analysis/discovery/extract';
import { tx } from './tx';

type Kind = SensitiveKind;

// The definition sensitiveKinds' shortcuts (first-character guards, remembered context kinds, a list for a set) stand for:
const EMAIL = /^[^\s@]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+$/i;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const CARD = /^(?:\d[ -]?){12,18}\d$/;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const SSN = /^\d{3}-\d{2}-\d{4}$/;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}$/i;
/** Well-known key shapes that need no context: AWS, GitHub, Slack, Stripe, Google. */
const KEY_SHAPES =
  /^(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})$/;
const RANDOMISH = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-+/=.]{16,}$/;
const CONTEXT: Array<[RegExp, Kind]> = [
  [/pass(?:word|wd|phrase)?$|^pwd$|_pwd$/, 'password'],
  [/phone|mobile|msisdn|^tel$|telephone|cell/, 'phone'],
  [/ssn|social.?security|national.?id|passport|tax.?id|^nin$|snils|inn$/, 'national_id'],
  [/api.?key|apikey|access.?key|client.?secret|private.?key/, 'api_key'],
  [/secret|token|credential|auth/, 'secret'],
  [/card|^pan$|cc.?num|credit/, 'card'],
];
function contextKinds(name: string): Kind[] {
  const n = name.toLowerCase();
  const out: Kind[] = [];
  for (const [re, kind] of CONTEXT) if (re.test(n)) out.push(kind);
  return out;
}
function sensitiveKindsByDefinition(name: string, value: string): Kind[] {
  const v = value.trim();
  if (v === '' || v.length > 4096) return [];
  const context = contextKinds(name);
  const out = new Set<Kind>();
  if (EMAIL.test(v)) out.add('email');
  if (JWT.test(v)) out.add('jwt');
  if (
    IPV4.test(v) ||
    (v.includes(':') && v.length >= 3 && IPV6.test(v) && /[0-9a-f]/i.test(v) && (context.length > 0 || /ip|addr/i.test(name)))
  )
    out.add('ip');
  if (CARD.test(v)) {
    const digits = v.replace(/[ -]/g, '');
    if (digits.length >= 13 && luhn(digits) && (context.includes('card') || /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))/.test(digits)))
      out.add('card');
  }
  if (IBAN.test(v) && ibanValid(v)) out.add('iban');
  if (KEY_SHAPES.test(v)) out.add('api_key');
  if (context.includes('phone') && PHONE.test(v) && v.replace(/\D/g, '').length >= 7) out.add('phone');
  else if (E164.test(v)) out.add('phone');
  if (context.includes('national_id') && (SSN.test(v) || /^[A-Z0-9-]{6,20}$/i.test(v))) out.add('national_id');
  else if (SSN.test(v) && /ssn|social/i.test(name)) out.add('national_id');
  if (context.includes('password')) out.add('password');
  if (context.includes('api_key') && v.length >= 8) out.add('api_key');
  else if (context.includes('secret') && RANDOMISH.test(v) && !out.has('jwt')) out.add('secret');
  return [...out];
}

/** Values near every shape: pieces of emails, JWTs, IPs, cards, IBANs, key prefixes, phones, SSNs. */
const PIECES = [
  'a',
  'Z',
  '0',
  '4',
  '9',
  '@',
  '.',
  '-',
  ' ',
  ':',
  '+',
  '_',
  '/',
  '=',
  'e',
  'eyJ',
  'eyJhbGciOiJIUzI1NiJ9',
  'AKIA',
  'AIza',
  'ghp_',
  'xoxb-',
  'sk_live_',
  'example.org',
  '4111111111111111',
  '4111 1111 1111 1111',
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  '10.0.0.1',
  '::1',
  'fe80::1',
  '555-12-3456',
  '123-45-6789',
  '+4915123456789',
  '8.8.8.8',
  '192.168.1.1',
  'AT611904300234573201',
  'AKIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig',
  '(555) 123-4567',
  'ABCDEFGHIJKLMNOP',
  'a8f9d0s8f7g6h5j4k3l2',
  '0123456789',
  '\t',
];
const NAMES = [
  'password',
  'Phone',
  'ssn',
  'national_id',
  'api_key',
  'client_secret',
  'token',
  'card_number',
  'credit',
  'ip',
  'addr',
  'email',
  'id',
  'q',
  'social',
  'x',
];
const piece = fc.constantFrom(...PIECES);
const value = fc.oneof(
  fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
  fc.string({ maxLength: 30 }),
  fc.stringMatching(/^[A-Za-z0-9_.@:+ -]{0,40}$/),
);
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));

test('sensitiveKinds: the same kinds, in the same order, as the definition without shortcuts', () => {
  fc.assert(
    fc.property(name, value, (n, v) => {
      assert.deepEqual(sensitiveKinds(n, v), sensitiveKindsByDefinition(n, v));
      // Twice: the second answer comes from the remembered context kinds.
      assert.deepEqual(sensitiveKinds(n, v), sensitiveKindsByDefinition(n, v));
    }),
    { numRuns: 3000 },
  );
});

test('sensitiveKinds: every example value under every example name as the definition', () => {
  for (const n of NAMES)
    for (const v of PIECES) assert.deepEqual(sensitiveKinds(n, v), sensitiveKindsByDefinition(n, v), `${n}=${v}`);
});

test('literalSegment: braces escaped exactly as replacing each of them', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z{}%]{0,10}$/)), (seg) => {
      assert.equal(
        literalSegment(seg),
        seg.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D')),
      );
    }),
  );
});

/** The auth schemes as extractFacts listed them before the Authorization scheme was remembered per value. */
function authByDefinition(authz: string | null, headers: Array<[string, string]>, query: string[], cookies: string[]): string[] {
  const out: string[] = [];
  if (authz !== null) {
    const [scheme, cred = ''] = authz.trim().split(/\s+/, 2);
    const s = scheme.toLowerCase();
    if (s === 'bearer') out.push(/^eyJ[\w-]+\.[\w-]*\.[\w-]*$/.test(cred) ? 'jwt' : 'bearer');
    else if (s === 'basic') out.push('basic');
    else if (s !== '') out.push(`authorization:${s}`);
  }
  for (const [n] of headers) if (API_KEY_HEADERS.has(n.toLowerCase())) out.push(`api_key_header:${n.toLowerCase()}`);
  for (const n of query)
    if (['api_key', 'apikey', 'api-key', 'key', 'access_token', 'token'].includes(n.toLowerCase()))
      out.push(`api_key_query:${n}`);
  for (const n of cookies) if (SESSION_COOKIES.has(n.toLowerCase())) out.push(`cookie:${n}`);
  return [...new Set(out)];
}

test('auth schemes: the same list, asked twice, as without the remembered Authorization scheme', () => {
  const authz = fc.option(
    fc.oneof(
      fc.constantFrom(
        'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.sig',
        'bearer abc',
        'Basic dTpw',
        ' Digest x=1',
        'Token',
        '',
        '  ',
        'NTLM  a b',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { nil: null },
  );
  const headerName = fc.constantFrom('X-API-Key', 'x-api-key', 'Api-Key', 'X-Auth-Token', 'X-Other');
  const queryName = fc.constantFrom('api_key', 'API_KEY', 'token', 'q', 'key');
  const cookieName = fc.constantFrom('session', 'SESSION', 'PHPSESSID', 'theme', 'sid');
  fc.assert(
    fc.property(
      authz,
      fc.array(headerName, { maxLength: 3 }),
      fc.array(queryName, { maxLength: 3 }),
      fc.array(cookieName, { maxLength: 3 }),
      (a, hs, qs, cs) => {
        const headers: Array<[string, string]> = hs.map((h) => [h, 'v']);
        if (a !== null) headers.push(['Authorization', a]);
        if (cs.length > 0) headers.push(['Cookie', cs.map((c) => `${c}=1`).join('; ')]);
        const target = qs.length > 0 ? `/p?${qs.map((q) => `${q}=1`).join('&')}` : '/p';
        const want = authByDefinition(a, headers, qs, cs);
        for (let i = 0; i < 2; i++)
          assert.deepEqual(extractFacts(tx({ target, headers }), { decompressBytes: 1 << 20 }).auth, want);
      },
    ),
    { numRuns: 500 },
  );
});

test('header parameters: the same names, asked twice, as lower-casing and checking each header every time', () => {
  const isParam = (lower: string) =>
    !STANDARD_HEADERS.has(lower) && !API_KEY_HEADERS.has(lower) && !STANDARD_PREFIXES.some((p) => lower.startsWith(p));
  const headerName = fc.oneof(
    fc.constantFrom(
      'X-Tenant',
      'x-tenant',
      'Sec-Fetch-Mode',
      'X-Forwarded-Host',
      'X-API-Key',
      'User-Agent',
      'CF-Ray',
      'X-B3-TraceId',
      '',
    ),
    fc.string({ maxLength: 8 }),
  );
  fc.assert(
    fc.property(fc.array(headerName, { maxLength: 5 }), (names) => {
      const headers: Array<[string, string]> = names.map((n, i) => [n, `v${i}`]);
      const want = [['host', 'api.test'] as [string, string], ...headers]
        .filter(([n]) => isParam(n.toLowerCase()))
        .map(([n, v]) => [n.toLowerCase(), v]);
      for (let i = 0; i < 2; i++) {
        const got = extractFacts(tx({ target: '/p', headers }), { decompressBytes: 1 << 20 })
          .params.filter((p) => p.loc === 'header')
          .map((p) => [p.name, p.value]);
        assert.deepEqual(got, want);
      }
    }),
    { numRuns: 500 },
  );
});
