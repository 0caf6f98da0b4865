/**
 * Short values of digits alone (ids, counts, quantities) that no applicable detector can match are
 * answered without a test or the value memory (detector.ts quietDigitsBelow, docs/performance.md
 * "The attack stage per transaction (branch i22-attacks5)"). Pinned two ways:
 * - each detector's `shortestNumber` is exact: no text of digits alone shorter than it matches the
 *   detector, at any kind of point (every text of one to three digits, runs of one digit, numbers
 *   that are addresses, random ones);
 * - AttackDetector with the shortcut gives the reference's hits, verdicts and counters (caps
 *   included) with the shortcut off, on requests of numbers at every point mixed with attacks,
 *   under budgets small enough to run out mid-request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackDetector, type AttackDetectorOptions } from '../../../node/analysis/attacks/detector';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import { GateMask } from '../../../node/analysis/attacks/detectors/gates';
import { POINT_KINDS, type RequestValue } from '../../../node/analysis/attacks/points/types';
import { decodeBase64Text } from '../../../node/analysis/attacks/decode/base64';
import { actionContext, tx } from './helpers';

const gates = new GateMask(DETECTORS);
const ctx = actionContext;

/** Every kind of point, under names some detectors read (a command, a file, a return URL, Struts' debug). */
function pointsOf(value: string): RequestValue[] {
  const out: RequestValue[] = [];
  for (const kind of POINT_KINDS) out.push({ point: [kind, 'q'], kind, name: 'q', value });
  for (const name of ['cmd', 'command', 'file', 'next', 'debug', 'url'])
    out.push({ point: ['query', name], kind: 'query', name, value });
  out.push({ point: ['query', value], kind: 'query', name: value, value });
  out.push({ point: ['query', value], kind: 'key', name: value, value });
  for (const name of ['user-agent', 'x-forwarded-for', 'x-real-ip', 'x-custom'])
    out.push({ point: ['header', name], kind: 'header', name, value });
  return out;
}

/** Numbers that are something: addresses in decimal and octal, the largest IPv4, runs of one digit. */
const SPECIAL_NUMBERS = [
  '0',
  '00',
  '127',
  '2130706433',
  '2130706687',
  '017700000001',
  '0177000000001',
  '4294967295',
  '3232235521',
  '2852039166',
  '75250486',
  '240044272796',
  '1'.repeat(255),
  '9'.repeat(256),
  '0'.repeat(300),
];

function everyNumberUpTo3(): string[] {
  const out: string[] = [];
  for (let len = 1; len <= 3; len++) for (let i = 0; i < 10 ** len; i++) out.push(String(i).padStart(len, '0'));
  return out;
}

/** The value of `d` at `v` is not matched (as testForms asks: final and not, with the scan's hints). */
function matches(d: (typeof DETECTORS)[number], text: string, v: RequestValue): boolean {
  const hints = gates.of(text);
  for (const c of [ctx(false), ctx(true)]) {
    if (d.test(text, v, c, true, hints) || d.test(text, v, c, false, hints) || d.test(text, v, c, true)) return true;
  }
  return false;
}

const DECLARED = DETECTORS.filter((d) => d.shortestNumber !== undefined);

test('the detectors that declare shortestNumber: the ungated ones that read words or a run', () => {
  assert.deepEqual(
    DECLARED.map((d) => d.cls),
    ['sqli', 'rce', 'rce', 'nosqli', 'rce', 'rce', 'overflow', 'scanner'],
  );
  assert.equal(DETECTORS.find((d) => d.cls === 'overflow' && d.gate === null)?.shortestNumber, 256);
});

test('no text of digits alone shorter than a detector declares matches it, at any point', () => {
  const texts = [...everyNumberUpTo3(), ...SPECIAL_NUMBERS];
  for (const d of DECLARED) {
    for (const text of texts) {
      if (text.length >= d.shortestNumber!) continue;
      for (const v of pointsOf(text)) {
        if (!d.applies(v)) continue;
        assert.equal(matches(d, text, v), false, `${d.cls} matched ${JSON.stringify(text)} at ${v.kind} ${v.name}`);
      }
    }
  }
});

test('random numbers: none matches a detector below its shortestNumber', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9]{1,40}$/), (text) => {
      for (const d of DECLARED) {
        if (text.length >= d.shortestNumber!) continue;
        for (const v of pointsOf(text)) if (d.applies(v)) assert.equal(matches(d, text, v), false, `${d.cls} ${text} ${v.kind}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('a run of one digit of OVERFLOW_MIN_RUN is an overflow probe: the bound is the rule, not a guess', () => {
  const d = DETECTORS.find((x) => x.cls === 'overflow' && x.gate === null)!;
  const v: RequestValue = { point: ['query', 'q'], kind: 'query', name: 'q', value: '9'.repeat(256) };
  assert.equal(d.test('9'.repeat(256), v, ctx(false), true), true);
});

// Requests: numbers at every point the extractors make (path segments, query, form and JSON
// values and names, cookies), with attacks, numbers that are addresses and benign words.
const NUMBERS = ['0', '7', '42', '22', '48613', '1234567', '12345678', '75250486', '2130706433', '017700000001', '9'.repeat(300)];
const OTHERS = ["' OR 1=1--", '<script>alert(1)</script>', '; cat /etc/passwd', 'http://127.0.0.1/', 'shipping dolor', 'user3'];
const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHERS) },
);
const nameArb = fc.oneof(
  fc.constantFrom('id', 'qty', 'cmd', 'url', 'next', 'debug', '05592704'),
  fc.stringMatching(/^[0-9]{1,9}$/),
);
const paramArb = fc.tuple(nameArb, valueArb);
const requestArb = fc.record({
  path: fc.array(valueArb, { maxLength: 3 }),
  query: fc.array(paramArb, { maxLength: 4 }),
  json: fc.option(fc.array(fc.tuple(nameArb, valueArb, fc.boolean()), { maxLength: 4 }), { nil: null }),
  form: fc.option(fc.array(paramArb, { maxLength: 3 }), { nil: null }),
  cookie: fc.option(valueArb, { nil: null }),
});
type RequestSpec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

const pairs = (ps: Array<[string, string]>): string =>
  ps.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');

function transaction(r: RequestSpec) {
  const target =
    '/api/' + r.path.map((s) => encodeURIComponent(s)).join('/') + (r.query.length === 0 ? '' : '?' + pairs(r.query));
  const headers: Array<[string, string]> = [
    ['Host', 'shop.example'],
    ['User-Agent', 'Mozilla/5.0'],
  ];
  if (r.cookie !== null) headers.push(['Cookie', `session=${r.cookie}; theme=dark`]);
  let body = '';
  if (r.json !== null) {
    // A number as a JSON number when it is one (no leading zero), else as a string.
    const fields = r.json.map(
      ([n, v, asNumber]) => `${JSON.stringify(n)}:${asNumber && /^(?:0|[1-9]\d{0,14})$/.test(v) ? v : JSON.stringify(v)}`,
    );
    body = `{${fields.join(',')}}`;
    headers.push(['Content-Type', 'application/json']);
  } else if (r.form !== null) {
    body = pairs(r.form);
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return tx({ method: body === '' ? 'GET' : 'POST', target, headers, body });
}

function runBoth(requests: RequestSpec[], opts: AttackDetectorOptions): void {
  const quiet = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity });
  const reference = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity, quietNumbers: false });
  for (const r of requests) {
    const t = transaction(r);
    assert.deepEqual(quiet.detect(t), reference.detect(t), JSON.stringify(r));
  }
  assert.deepEqual(quiet.counters, reference.counters);
}

test('numbers answered at once give the reference hits and counters (default limits, memory on and off)', () => {
  fc.assert(
    fc.property(fc.array(requestArb, { minLength: 1, maxLength: 20 }), fc.boolean(), (requests, rememberValues) =>
      runBoth(requests, { rememberValues }),
    ),
    { numRuns: 200 },
  );
});

test('numbers answered at once charge the budget as tested ones: small decoded-bytes and value caps', () => {
  fc.assert(
    fc.property(
      fc.array(requestArb, { minLength: 1, maxLength: 20 }),
      fc.integer({ min: 5, max: 300 }),
      fc.integer({ min: 2, max: 20 }),
      (requests, maxDecodedBytes, maxValues) => runBoth(requests, { maxDecodedBytes, maxValues }),
    ),
    { numRuns: 200 },
  );
});

/** The texts each detector's test was called with while `run` ran. */
function testedTexts(run: () => void): Set<string> {
  const seen = new Set<string>();
  const originals = DETECTORS.map((d) => d.test);
  DETECTORS.forEach((d, i) => {
    d.test = (t, v, c, f, h) => {
      seen.add(t);
      return originals[i](t, v, c, f, h);
    };
  });
  try {
    run();
  } finally {
    DETECTORS.forEach((d, i) => (d.test = originals[i]));
  }
  return seen;
}

test('examples: an id, a count and a quantity meet no detector; an address, a long run and 8 digits of base64 text do', () => {
  // Digits are base64 characters: from BASE64_MIN_LENGTH on, some decode to text (`05592704` is
  // `Ӟ}۽8`), whose forms the detectors read, so such a value is not answered at once.
  const base64Text = decodeBase64Text('05592704');
  assert.equal(base64Text, 'Ӟ}۽8');
  const request = tx({
    method: 'POST',
    target: '/api/v1/users/48613/orders?limit=22&ip=2130706433&05592704=1&fill=' + '9'.repeat(300),
    headers: [
      ['Host', 'shop.example'],
      ['Content-Type', 'application/json'],
    ],
    body: '{"cart":276424,"qty":5,"ref":"75250486"}',
  });
  const detector = new AttackDetector({ maxMillisPerRequest: Infinity });
  let hits: ReturnType<AttackDetector['detect']> = null;
  const tested = testedTexts(() => (hits = detector.detect(request)));
  for (const quiet of ['48613', '22', '276424', '5']) assert.equal(tested.has(quiet), false, quiet);
  for (const read of ['2130706433', '9'.repeat(300), '75250486', base64Text!])
    assert.equal(tested.has(read), true, read.slice(0, 12));
  assert.deepEqual(
    hits!.hits.map((h) => [h.class, h.point.join('.')]),
    [
      ['ssrf', 'query.ip'],
      ['overflow', 'query.fill'],
    ],
  );
  // The reference tests every one of them and finds the same.
  const reference = new AttackDetector({ maxMillisPerRequest: Infinity, quietNumbers: false });
  let referenceHits: ReturnType<AttackDetector['detect']> = null;
  const referenceTested = testedTexts(() => (referenceHits = reference.detect(request)));
  for (const quiet of ['48613', '22', '276424', '5']) assert.equal(referenceTested.has(quiet), true, quiet);
  assert.deepEqual(referenceHits, hits);
});

test('look-alikes still read: digits with a mark, a sign, a space, an escape or a letter', () => {
  const detector = new AttackDetector({ maxMillisPerRequest: Infinity });
  const tested = testedTexts(() => detector.detect(tx({ target: '/a?a=1%27&b=-1&c=1+2&d=0x7f000001&e=1e5&f=12.5&g=%31%32' })));
  for (const read of ["1'", '-1', '1 2', '0x7f000001', '1e5', '12.5']) assert.equal(tested.has(read), true, read);
});
