/**
 * A header line that a connection's previous request sent at the same place is answered from that
 * request's answers (detector.ts HeaderLineMemo, docs/performance.md "Header lines per connection
 * (branch i22-stage7)"). Pinned against the reference, `rememberHeaderBlocks: false`, which reads
 * every line in full: the same hits, verdicts and counters (caps and profiles included) on random
 * runs of requests over a few connections whose lines repeat, change, move, carry attacks, long
 * values, many cookies and Referer queries, under budgets small enough to run out mid-line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttackDetector, type AttackDetectorOptions } from '../../../node/analysis/attacks/detector';
import { DETECTORS } from '../../../node/analysis/attacks/detectors/index';
import type { HttpTransaction } from '../../../node/http/types';
import { tx } from './helpers';

type Line = [string, string];

/** Lines clients send again and again, and look-alikes that must be read: attacks, a cut cookie, long values. */
const LINES: Line[] = [
  ['Host', 'shop.example'],
  ['Host', 'api.example:8080'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'],
  ['User-Agent', 'okhttp/4.12.0'],
  ['User-Agent', 'sqlmap/1.7.2#stable (https://sqlmap.org)'],
  ['Accept', 'application/json'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Cookie', 'session=1662112984; theme=dark'],
  ['Cookie', 'session=2654435761; theme=dark'],
  ['Cookie', "session=1' OR '1'='1; theme=dark"],
  ['Cookie', 'pref=1; update users set password=1'],
  ['Cookie', 'a=1; b=2'],
  ['Cookie', Array.from({ length: 70 }, (_, i) => `c${i}=${i}`).join('; ')],
  ['Cookie', ''],
  ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl'],
  ['Referer', 'https://shop.example/search?q=shoes&page=2'],
  ['Referer', 'https://shop.example/search?q=<script>alert(1)</script>'],
  ['X-Forwarded-For', '127.0.0.1'],
  ['X-Api-Version', '${jndi:ldap://x.example/a}'],
  ['X-Trace', 'a'.repeat(600)],
  ['Content-Type', 'application/json'],
];

const lineArb = fc.constantFrom(...LINES);
/** A request: its connection, its lines (or the connection's previous lines with one changed), and a query. */
const requestArb = fc.record({
  conn: fc.integer({ min: 0, max: 2 }),
  // Mostly the connection's previous lines: clients repeat them.
  again: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  change: fc.option(fc.tuple(fc.nat(), lineArb), { nil: null }),
  lines: fc.array(lineArb, { maxLength: 7 }),
  query: fc.constantFrom('', '?id=1', '?id=2&sort=name', "?id=1'--", '?q=shipping+dolor'),
});
type RequestSpec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

/** The transactions of `specs`, each on one of a few connection objects. */
function transactions(specs: RequestSpec[]): HttpTransaction[] {
  const conns = [0, 1, 2].map(() => tx({ target: '/' }).conn);
  const previous: Line[][] = [[], [], []];
  return specs.map((r) => {
    let lines = r.again ? previous[r.conn].slice() : r.lines.slice();
    if (r.change !== null && lines.length > 0) lines[r.change[0] % lines.length] = r.change[1];
    if (lines.length === 0) lines = r.lines.slice();
    previous[r.conn] = lines;
    // The lines' strings as the head parser hands them: equal text, not always the same string.
    const headers = lines.map(([n, v]): Line => [n, v.split('').join('')]);
    return { ...tx({ target: '/api/items' + r.query, headers }), conn: conns[r.conn] };
  });
}

function runBoth(specs: RequestSpec[], opts: AttackDetectorOptions): AttackDetector {
  const fast = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity });
  const reference = new AttackDetector({ ...opts, maxMillisPerRequest: Infinity, rememberHeaderBlocks: false });
  for (const t of transactions(specs)) assert.deepEqual(fast.detect(t), reference.detect(t), JSON.stringify(t.request.headers));
  assert.deepEqual(fast.counters, reference.counters);
  assert.equal(reference.headerLinesReplayed, 0);
  return fast;
}

test('lines answered from their connection give the reference hits and counters (default limits, memory on and off)', () => {
  let replayed = 0;
  fc.assert(
    fc.property(fc.array(requestArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (specs, rememberValues) => {
      replayed += runBoth(specs, { rememberValues }).headerLinesReplayed;
    }),
    { numRuns: 300 },
  );
  assert.ok(replayed > 1000, `lines answered from memos: ${replayed}`);
});

test('lines answered from their connection charge the budget as read ones: small decoded-bytes and value caps', () => {
  fc.assert(
    fc.property(
      fc.array(requestArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 5, max: 200 }),
      fc.integer({ min: 2, max: 30 }),
      (specs, maxDecodedBytes, maxValues) => void runBoth(specs, { maxDecodedBytes, maxValues }),
    ),
    { numRuns: 300 },
  );
});

/** The texts each detector's test was called with while `run` ran. */
function testedTexts(run: () => void): string[] {
  const seen: string[] = [];
  const originals = DETECTORS.map((d) => d.test);
  DETECTORS.forEach((d, i) => {
    d.test = (t, v, c, f, h) => {
      seen.push(t);
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

const BROWSER: Line[] = [
  ['Host', 'shop.example'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'],
  ['Cookie', 'session=1662112984; theme=dark'],
  ['Accept', 'application/json'],
];

test('examples: a browser sending its lines again is answered from them; a changed, moved or new line is read', () => {
  const detector = new AttackDetector({ maxMillisPerRequest: Infinity });
  const conn = tx({ target: '/' }).conn;
  const on = (headers: Line[], target = '/api/items?id=1'): HttpTransaction => ({ ...tx({ target, headers }), conn });
  // First request: every line read (the 10-digit session value is tested: 8 digits or more may be base64 text).
  assert.ok(testedTexts(() => detector.detect(on(BROWSER))).includes('1662112984'));
  assert.equal(detector.headerLinesReplayed, 0);
  // The same lines again (another path and query): all four answered from the memo, nothing tested of them.
  let tested = testedTexts(() => detector.detect(on(BROWSER, '/api/orders?id=2')));
  assert.equal(detector.headerLinesReplayed, 4);
  assert.ok(!tested.includes('1662112984'));
  // Another session value: that line is read (and its value tested), the other three answered.
  tested = testedTexts(() =>
    detector.detect(on([BROWSER[0], BROWSER[1], ['Cookie', 'session=2654435761; theme=dark'], BROWSER[3]])),
  );
  assert.equal(detector.headerLinesReplayed, 7);
  assert.ok(tested.includes('2654435761'));
  // An attack in a line is never answered from a memo: its hit is found every time.
  const attack: Line[] = [BROWSER[0], ['Cookie', "session=1' OR '1'='1"]];
  for (let i = 0; i < 2; i++) {
    const found = detector.detect(on(attack));
    assert.deepEqual(
      found?.hits.map((h) => [h.class, h.point.join('.')]),
      [['sqli', 'cookie.session']],
    );
  }
  assert.equal(detector.headerLinesReplayed, 9); // Host, twice
  // Another connection sending the same lines starts with no memo.
  const other = tx({ target: '/' }).conn;
  const before = detector.headerLinesReplayed;
  detector.detect({ ...tx({ target: '/api/items', headers: BROWSER }), conn: other });
  assert.equal(detector.headerLinesReplayed, before);
});

test('example: a memo made before the header cache was dropped is not used (the test charges again)', () => {
  // Each dropped memory bumps the generation. The cached Accept answer charged nothing; tested
  // again after the drop it charges its 63 characters, which the second request's budget, after
  // its query's, does not hold: the reference runs out there, and so must the fast path.
  const opts = { maxMillisPerRequest: Infinity, maxDecodedBytes: 80 };
  const fast = new AttackDetector(opts);
  const reference = new AttackDetector({ ...opts, rememberHeaderBlocks: false });
  const conn = tx({ target: '/' }).conn;
  const filler = tx({ target: '/' }).conn;
  const accept: Line[] = [['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']];
  const runs: HttpTransaction[] = [{ ...tx({ target: '/', headers: accept }), conn }];
  // 4 096 other header values fill the header cache, which is then dropped.
  for (let i = 0; i < 4100; i++) runs.push({ ...tx({ target: '/', headers: [['X-Id', `v${i}`]] }), conn: filler });
  runs.push({ ...tx({ target: '/?text=shipping+dolor+sit+amet+lorem+ipsum', headers: accept }), conn });
  for (const t of runs) assert.deepEqual(fast.detect(t), reference.detect(t));
  assert.equal(reference.counters.caps.decoded_bytes, 1);
  assert.deepEqual(fast.counters, reference.counters);
  assert.equal(fast.headerLinesReplayed, 0);
});
