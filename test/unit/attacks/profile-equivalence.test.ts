/**
 * The optimised parameter profiles (node/analysis/attacks/profile/profiles.ts: endpoints by raw
 * path, parameters by kind and name, known values' classes and type remembered) give the same
 * breaks and counters as the straightforward reference (profile-reference.ts), value by value, on
 * random traffic: endpoints with ids in their paths, plain and nested parameters, enums, numbers,
 * formatted strings, prose, attacks and over-long values, with caps small enough to be reached; the
 * warm-up re-judged when a profile is established, parameters an endpoint rarely has and parameters
 * it nearly always has, missing, request by request; host-wide profiles of parameter names (their
 * cap reached), parameter names new to a host whose name set is settled, and the lower length bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProfileStore } from '../../../node/analysis/attacks/profile/profiles';
import { DEFAULT_ANOMALY_SETTINGS, type AnomalySettings } from '../../../node/analysis/attacks/profile/settings';
import type { PointKind, RequestValue } from '../../../node/analysis/attacks/points/types';
import type { RequestPoint } from '../../../node/records/types';
import { ReferenceProfileStore } from './profile-reference';

const PATHS = [
  '/shop/cart.jsp',
  '/api/orders/1234',
  '/api/orders/98',
  '/api/users/anna@example.org/orders',
  '/login',
  '/',
  '/x/2026-01-05',
];
const VALUES = fc.oneof(
  fc.constantFrom('ready', 'error', 'pending_review', 'true', 'false', '', 'anna', 'carla river'),
  fc.integer({ min: -5, max: 100000 }).map(String),
  fc.double({ min: 0, max: 1000, noNaN: true }).map((n) => n.toFixed(2)),
  fc.uuid(),
  fc.constantFrom('2026-01-05', 'bob@example.org', 'https://example.org/a?b=1', '0123456789abcdef0123'),
  fc.constantFrom("1' OR '1'='1", '<script>alert(1)</script>', '../../etc/passwd', '${jndi:ldap://x}', 'a\u0000b', 'x\r\ny'),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 40, maxLength: 300 }),
  fc
    .array(fc.constantFrom('the', 'quick', 'fox,', 'jumps!', 'über', 'is?', '(here)', 'a-b'), { maxLength: 12 })
    .map((w) => w.join(' ')),
);
const POINT = fc.oneof(
  fc.tuple(
    fc.constantFrom<PointKind>('query', 'form', 'json', 'multipart', 'header', 'cookie'),
    fc.constantFrom('id', 'name', 'q', 'status', 'p5', 'p6'),
  ),
  fc.tuple(fc.constant<PointKind>('json'), fc.constantFrom('items', 'user'), fc.nat(3), fc.constantFrom('sku', 'qty')),
  fc.tuple(fc.constant<PointKind>('query'), fc.nat(2)),
);
const REQUEST = fc.record({
  host: fc.constantFrom('shop.example', 'api.example'),
  method: fc.constantFrom('GET', 'POST', 'PATCH'),
  path: fc.constantFrom(...PATHS),
  values: fc.array(fc.tuple(POINT, VALUES), { minLength: 1, maxLength: 6 }),
});

function valueOf(point: ReadonlyArray<string | number>, value: string): RequestValue {
  const last = point[point.length - 1];
  return { point: point as RequestPoint, kind: point[0] as PointKind, name: typeof last === 'string' ? last : '', value };
}

interface Request {
  host: string;
  method: string;
  path: string;
  values: Array<[Array<string | number>, string]>;
}

/**
 * Whether the attack classes found the value (the detector's `attacked`: not learned by the
 * endpoint's profile): here, a value with a quote, an angle bracket, a lookup or a climb, as the
 * random attacks and some random strings have.
 */
const attacked = (value: string): boolean => /['<]|\$\{|\.\.\//.test(value);

function compare(settings: AnomalySettings, requests: Request[]): void {
  const fast = new ProfileStore(settings);
  const reference = new ReferenceProfileStore(settings);
  for (const r of requests) {
    const e = fast.endpoint(r.host, r.method, r.path);
    const re = reference.endpoint(r.host, r.method, r.path);
    assert.equal(e === null, re === null);
    if (e !== null) fast.beginRequest(e);
    if (re !== null) reference.beginRequest(re);
    for (const [point, value] of r.values) {
      const v = valueOf(point, value);
      const a = attacked(value);
      assert.equal(
        e === null ? null : fast.observe(e, v, a),
        re === null ? null : reference.observe(re, v, a),
        JSON.stringify(v),
      );
    }
    assert.deepEqual(e === null ? null : fast.missing(e), re === null ? null : reference.missing(re));
    for (const p of PATHS) assert.equal(fast.knowsPath(r.host, p), reference.knowsPath(r.host, p));
  }
  assert.deepEqual(fast.counters, reference.counters);
}

test('optimised profiles break and count as the reference, value by value', () => {
  fc.assert(
    fc.property(
      fc.array(REQUEST, { minLength: 20, maxLength: 300 }),
      fc.record({
        minValues: fc.integer({ min: 1, max: 12 }),
        maxEndpoints: fc.integer({ min: 1, max: 6 }),
        maxParametersPerEndpoint: fc.integer({ min: 1, max: 8 }),
        sharedProfiles: fc.boolean(),
        sharedAgreeShare: fc.constantFrom(0, 0.3, 0.5, 0.9),
        maxSharedParameters: fc.integer({ min: 1, max: 10 }),
        hostMinRequests: fc.integer({ min: 0, max: 60 }),
      }),
      (requests, caps) => compare({ ...DEFAULT_ANOMALY_SETTINGS, ...caps }, requests),
    ),
    { numRuns: 150 },
  );
});

test('with default settings on a long run of one endpoint (established profiles, known values)', () => {
  fc.assert(
    fc.property(
      fc.array(
        REQUEST.map((r) => ({ ...r, host: 'shop.example', method: 'GET' })),
        { minLength: 200, maxLength: 800 },
      ),
      (requests) => compare(DEFAULT_ANOMALY_SETTINGS, requests),
    ),
    { numRuns: 20 },
  );
});

test('free text (a parameter mostly prose) among symbols and control characters', () => {
  const PROSE = fc
    .array(fc.constantFrom('the', 'quick', 'fox,', 'jumps!', 'is?', '(here)', 'a-b', 'c.d', "it's", '"q"'), {
      minLength: 2,
      maxLength: 12,
    })
    .map((w) => w.join(' '));
  const TEXT = fc.oneof(
    { arbitrary: PROSE, weight: 8 },
    { arbitrary: VALUES, weight: 2 },
    { arbitrary: fc.constantFrom('a\u0001b', 'x\ty', '{"a":1}'), weight: 1 },
  );
  const request = fc.array(TEXT, { minLength: 1, maxLength: 3 }).map((texts) => ({
    host: 'shop.example',
    method: 'POST',
    path: '/comments',
    values: texts.map((t, i): [Array<string | number>, string] => [['form', i === 0 ? 'comment' : 'title'], t]),
  }));
  fc.assert(
    fc.property(fc.array(request, { minLength: 100, maxLength: 400 }), fc.integer({ min: 5, max: 30 }), (requests, minValues) =>
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues }, requests),
    ),
    { numRuns: 30 },
  );
});

test('the raw-path cache starting anew keeps the answers (more raw paths than it holds)', () => {
  const settings = { ...DEFAULT_ANOMALY_SETTINGS, minValues: 3 };
  const requests = Array.from({ length: 20000 }, (_, i) => ({
    host: 'shop.example',
    method: 'GET',
    path: `/api/orders/${i}`,
    values: [[['query', 'id'], i % 97 === 0 ? "1'--" : String(i)] as [Array<string | number>, string]],
  }));
  compare(settings, requests);
});

/** A name of lower-case letters, one per number (`xa`, `xb`, ... `xba`): no value by its shape. */
function wordOf(i: number): string {
  return 'x' + [...i.toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('');
}

test('the segment trie starting anew keeps the answers (more distinct segments than it holds)', () => {
  const settings = { ...DEFAULT_ANOMALY_SETTINGS, minValues: 3 };
  const requests = Array.from({ length: 24000 }, (_, i) => ({
    host: 'shop.example',
    method: 'GET',
    // A name of letters under `/v2/blog/` is a literal trie node each (a last segment: no sibling
    // agreement; 18 000 of them, so the trie starts anew once); under `/v2/wiki/` with `/history`
    // after it, the siblings' agreement makes the names one variable node after NAMED_SIBLINGS
    // (and again after the trie started anew); `N` is an id (the shared variable node).
    path: i % 4 !== 3 ? `/v2/blog/${wordOf(i)}` : i % 8 === 3 ? `/v2/wiki/${wordOf(i)}/history` : `/api/orders/${i}`,
    values: [[['query', 'page'], i % 89 === 0 ? '<svg onload=x>' : String(i % 7)] as [Array<string | number>, string]],
  }));
  compare(settings, requests);
});

test('base64 values (standard and URL-safe alphabets) among tampered ones, on several endpoints of one host', () => {
  const TOKEN = fc.oneof(
    { arbitrary: fc.base64String({ minLength: 12, maxLength: 60 }), weight: 8 },
    {
      arbitrary: fc.base64String({ minLength: 12, maxLength: 60 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_')),
      weight: 3,
    },
    { arbitrary: VALUES, weight: 1 },
  );
  const request = fc
    .record({
      path: fc.constantFrom('/sso', '/saml/acs', '/login'),
      tokens: fc.array(TOKEN, { minLength: 1, maxLength: 2 }),
    })
    .map(({ path, tokens }) => ({
      host: 'shop.example',
      method: 'GET',
      path,
      values: tokens.map((t, i): [Array<string | number>, string] => [['query', i === 0 ? 'SAMLRequest' : 'state'], t]),
    }));
  fc.assert(
    fc.property(fc.array(request, { minLength: 50, maxLength: 300 }), fc.integer({ min: 3, max: 30 }), (requests, minValues) =>
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues }, requests),
    ),
    { numRuns: 40 },
  );
});

test('parameter names new to the host: a settled name set, young endpoints, names that come back or not', () => {
  // Few endpoints, a handful of names that recur and, now and then, one of many rare names (a
  // tampering that does not come back, or an optional field that does).
  const NAME = fc.oneof(
    { arbitrary: fc.constantFrom('id', 'name', 'limit', 'sort'), weight: 12 },
    { arbitrary: fc.constantFrom('debug', 'gift', 'note', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'), weight: 1 },
    { arbitrary: fc.stringMatching(/^[a-z]{3,6}$/), weight: 1 },
  );
  const request = fc.record({
    host: fc.constantFrom('shop.example', 'api.example'),
    method: fc.constant('GET'),
    // Now and then an endpoint met for the first time (its first request is not judged by the name rule).
    path: fc.oneof(
      { arbitrary: fc.constantFrom(...PATHS), weight: 12 },
      { arbitrary: fc.stringMatching(/^\/p\/[a-z]{2,3}$/), weight: 1 },
    ),
    values: fc.array(
      fc.tuple(
        fc.tuple(fc.constantFrom<PointKind>('query', 'json'), NAME).map((p): Array<string | number> => p),
        VALUES,
      ),
      { minLength: 1, maxLength: 4 },
    ),
  });
  fc.assert(
    fc.property(
      fc.array(request, { minLength: 50, maxLength: 400 }),
      fc.record({
        minValues: fc.integer({ min: 1, max: 20 }),
        hostMinRequests: fc.integer({ min: 0, max: 80 }),
        maxSharedParameters: fc.integer({ min: 3, max: 20 }),
        maxEndpoints: fc.integer({ min: 2, max: 40 }),
      }),
      (requests, caps) => compare({ ...DEFAULT_ANOMALY_SETTINGS, ...caps }, requests),
    ),
    { numRuns: 60 },
  );
});

test('parameter sets: optional parameters of every rarity (whether they come back often enough to grow the set)', () => {
  // One endpoint with an `id` in every request and ten optional names, each first met at its own
  // request and then present with its own chance (one in 1 to one in 60): names met again within a
  // few requests, after long gaps, or never, and new names judged against the set they leave.
  const NAMES = ['gift', 'debug', 'note', 'coupon', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
  const run = fc.record({
    starts: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: NAMES.length, maxLength: NAMES.length }),
    chances: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: NAMES.length, maxLength: NAMES.length }),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
    length: fc.integer({ min: 100, max: 400 }),
    minValues: fc.integer({ min: 1, max: 40 }),
    minShare: fc.constantFrom(0.01, 0.05, 0.1, 0.3),
  });
  fc.assert(
    fc.property(run, ({ starts, chances, seed, length, minValues, minShare }) => {
      let state = seed;
      const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
      const requests = Array.from({ length }, (_, i) => ({
        host: 'shop.example',
        method: 'GET',
        path: '/shop/item.jsp',
        values: [
          [['query', 'id'], String(i)] as [Array<string | number>, string],
          ...NAMES.filter((_, k) => i === starts[k] || (i > starts[k] && next() % chances[k] === 0)).map(
            (name): [Array<string | number>, string] => [['query', name], '1'],
          ),
        ],
      }));
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues, minShare }, requests);
    }),
    { numRuns: 80 },
  );
});

test('parameters missing: fields dropped now and then from the first request on (in the warm-up too), each with its own chance', () => {
  const FIELDS = ['login', 'pwd', 'remember', 'B1'];
  const run = fc.record({
    chances: fc.array(fc.integer({ min: 2, max: 300 }), { minLength: FIELDS.length, maxLength: FIELDS.length }),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
    length: fc.integer({ min: 40, max: 300 }),
    minValues: fc.integer({ min: 1, max: 40 }),
    minShare: fc.constantFrom(0.01, 0.05, 0.1),
    requiredShare: fc.constantFrom(0.9, 0.97, 0.99, 1),
    method: fc.constantFrom('POST', 'GET', 'PATCH'),
  });
  fc.assert(
    fc.property(run, ({ chances, seed, length, minValues, minShare, requiredShare, method }) => {
      let state = seed;
      const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
      const requests = Array.from({ length }, (_, i) => ({
        host: 'shop.example',
        method,
        path: '/shop/login.jsp',
        values: FIELDS.filter((_, k) => next() % chances[k] !== 0).map((name): [Array<string | number>, string] => [
          ['query', name],
          `${name}${i % 7}`,
        ]),
      }));
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues, minShare, requiredShare }, requests);
    }),
    { numRuns: 80 },
  );
});

/** A run's seed, length and settings for the closed-vocabulary properties. */
const VOCABULARY_RUN = {
  seed: fc.integer({ min: 1, max: 1 << 30 }),
  length: fc.integer({ min: 20, max: 400 }),
  minValues: fc.integer({ min: 1, max: 40 }),
  minShare: fc.constantFrom(0.01, 0.05, 0.1),
  driftShare: fc.constantFrom(0.05, 0.2),
  vocabularyFactor: fc.constantFrom(0, 0.5, 1, 2, 4),
};

test('closed vocabularies: a few words (and numbers, formats) with new words, changed case and tampered values among them', () => {
  // Parameters whose values are drawn from a vocabulary of 1 to 20 words (some numbers or dates),
  // with now and then a value outside it (a new word, the same word in capitals or with characters
  // added, an empty value, random text): closed and open vocabularies, values met once, the known
  // values' cap, warm-up values taken back, and drift of new words into the normal.
  const WORDS = ['Enviar', 'es', 'en', 'EUR', 'USD', 'asc', 'desc', 'Add to cart', 'red', 'blue', 'green', 'small', 'large'];
  const run = fc.record({
    vocabulary: fc.array(
      fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 6 }, fc.constantFrom('10', '25', '2026-01-05', 'a@b.org')),
      { minLength: 1, maxLength: 20 },
    ),
    outside: fc.integer({ min: 0, max: 40 }),
    ...VOCABULARY_RUN,
  });
  fc.assert(
    fc.property(run, ({ vocabulary, outside, seed, length, minValues, minShare, driftShare, vocabularyFactor }) => {
      let state = seed;
      const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
      const tampered = (w: string): string => {
        const r = next() % 5;
        return r === 0 ? w.toUpperCase() : r === 1 ? w + 'x' : r === 2 ? '' : r === 3 ? `w${next() % 50}` : 'Otro';
      };
      const requests = Array.from({ length }, (_, i) => {
        const w = vocabulary[next() % vocabulary.length];
        const value = outside > 0 && next() % outside === 0 ? tampered(w) : w;
        return {
          host: 'shop.example',
          method: next() % 4 === 0 ? 'POST' : 'GET',
          path: i % 3 === 0 ? '/shop/pay.jsp' : '/shop/cart.jsp',
          values: [[['query', next() % 3 === 0 ? 'lang' : 'b'], value] as [Array<string | number>, string]],
        };
      });
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues, minShare, driftShare, vocabularyFactor }, requests);
    }),
    { numRuns: 80 },
  );
});

test('closed vocabularies: words learned while the known values were full keep a vocabulary open after the warm-up took some back', () => {
  // Twenty distinct values in the warm-up (two with digits, taken back when the profile is
  // established), so four words were learned but never known; then two of the known words
  // hundreds of times, a new word and one of the four.
  const warm = ['x1', 'x2', ...Array.from({ length: 18 }, (_, i) => `w${String.fromCharCode(97 + i)}`)];
  const values = [...warm, ...Array.from({ length: 400 }, (_, i) => warm[2 + (i % 2)]), 'zz', warm[19]];
  const requests = values.map((value) => ({
    host: 'shop.example',
    method: 'GET',
    path: '/shop/cart.jsp',
    values: [[['query', 'b'], value] as [Array<string | number>, string]],
  }));
  compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues: 20, vocabularyFactor: 1 }, requests);
});

test('value shapes: classes nearly every value has (street and number, month/year, codes) with swaps, accents and sentences among them', () => {
  // Each field's values mostly of its shape; other shapes among them at every rarity, so that a
  // class is lacked by a share on either side of minShare and of driftShare.
  const ODD = fc.constantFrom(
    'Madrid',
    'Óscar',
    'Иван',
    'sevilla',
    'Pay',
    '',
    '4111111111111111',
    'la casa de la plaza',
    'Mayor12',
  );
  const OTHER = fc.constantFrom('https://a.example/x', '/x/y', 'a@b.example', "x' or '1'='1", 'a1b2;c3d4');
  const shaped = (main: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.oneof({ arbitrary: main, weight: 30 }, { arbitrary: ODD, weight: 2 }, { arbitrary: OTHER, weight: 1 });
  const FIELDS: Array<[string, fc.Arbitrary<string>]> = [
    [
      'address',
      shaped(fc.tuple(fc.constantFrom('Calle Mayor', 'Plaza del Sol', 'Paseo'), fc.nat(120)).map(([s, n]) => `${s} ${n}`)),
    ],
    ['expiry', shaped(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 26, max: 31 })).map(([m, y]) => `${m}/${y}`))],
    ['dni', shaped(fc.tuple(fc.nat(99999999), fc.constantFrom('T', 'R', 'W')).map(([n, l]) => `${n}${l}`))],
    ['nonce', shaped(fc.array(fc.constantFrom(...'0123456789abcdef'), { minLength: 6, maxLength: 10 }).map((cs) => cs.join('')))],
  ];
  const request = fc.tuple(...FIELDS.map(([, v]) => fc.option(v, { freq: 4 }))).map((values) => ({
    host: 'shop.example',
    method: 'POST',
    path: '/account/register',
    values: values.flatMap((v, i): Array<[Array<string | number>, string]> => (v === null ? [] : [[['form', FIELDS[i][0]], v]])),
  }));
  fc.assert(
    fc.property(
      fc.array(request, { minLength: 60, maxLength: 300 }),
      fc.record({
        minValues: fc.integer({ min: 5, max: 30 }),
        minShare: fc.constantFrom(0.02, 0.05, 0.1, 0.2, 0.25, 0.5),
        driftShare: fc.constantFrom(0.05, 0.1, 0.2),
      }),
      (requests, settings) => compare({ ...DEFAULT_ANOMALY_SETTINGS, ...settings }, requests),
    ),
    { numRuns: 150 },
  );
});

test('values of another field: words of one field in another, vocabularies disjoint or sharing words, on one endpoint', () => {
  // A name (names, sometimes more than the known values hold), a city and a button (closed
  // vocabularies), and a second city field sharing the city's words; each value now and then
  // taken from another field (a swap), so that a word met twice elsewhere, vocabularies that
  // share a word, the drift of new words and the known values' cap are all reached.
  const FIELDS: Array<[string, string[]]> = [
    ['name', [...'ABCDEFGHIJKLMNOPQR'].map((c) => `${c}ora`)],
    ['city', ['Madrid', 'Sevilla', 'Bilbao', 'Zaragoza']],
    ['ship_city', ['Madrid', 'Sevilla', 'Valencia']],
    ['B1', ['Register', 'Send']],
  ];
  const run = fc.record({
    names: fc.integer({ min: 2, max: 18 }),
    swaps: fc.integer({ min: 0, max: 30 }),
    ...VOCABULARY_RUN,
  });
  fc.assert(
    fc.property(run, ({ names, swaps, seed, length, minValues, minShare, driftShare, vocabularyFactor }) => {
      let state = seed;
      const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
      const requests = Array.from({ length }, () => ({
        host: 'shop.example',
        method: 'POST',
        path: '/account/register',
        values: FIELDS.map(([field, words], k): [Array<string | number>, string] => {
          const own = k === 0 ? words.slice(0, names) : words;
          const from = swaps > 0 && next() % swaps === 0 ? FIELDS[next() % FIELDS.length][1] : own;
          return [['form', field], from[next() % from.length]];
        }),
      }));
      compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues, minShare, driftShare, vocabularyFactor }, requests);
    }),
    { numRuns: 80 },
  );
});

test('empty values at every share of the warm-up, among numbers and words (cleared fields, optional fields left empty)', () => {
  // One parameter per kind of value, the empty value drawn at a share from none to a half: below
  // rejudge_share of the first values it is re-judged at establishment even when met twice.
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 50 }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 10, max: 40 }),
      (percent, seed, minValues) => {
        let x = seed + 1;
        const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
        const requests = Array.from({ length: 150 }, (_, i) => ({
          host: 'shop.example',
          method: 'GET',
          path: '/shop/product.jsp',
          values: [
            [['query', 'id'], next() % 100 < percent ? '' : String(1 + (next() % 40))],
            [['query', 'name'], next() % 100 < percent ? '' : ['anna', 'bruno', 'carla river', 'diego'][i % 4]],
          ] as Array<[Array<string | number>, string]>,
        }));
        compare({ ...DEFAULT_ANOMALY_SETTINGS, minValues }, requests);
      },
    ),
    { numRuns: 60 },
  );
});
