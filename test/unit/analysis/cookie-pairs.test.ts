/**
 * Cookie pairs remembered by the header's text (node/analysis/shared/request-view.ts cookiePairs,
 * docs/performance.md "One prose search, cookies per connection (branch i22-shared)"): over any
 * sequence of requests (the same header again, as the same string or as an equal new one, texts
 * that share a slot, several Cookie headers in one request), every view's cookies and their ends
 * are what parsing each request afresh gives (requestCookies, parseCookie).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cookiePairs, forgetRequestViews, RequestView } from '../../../node/analysis/shared/request-view';
import { parseCookie, requestCookies } from '../../../node/http/request';
import type { HeaderList, HttpRequest } from '../../../node/http/types';

function request(headers: HeaderList): HttpRequest {
  const body = { length: 0, inspect: Buffer.alloc(0), truncated: false, sha256: null } as unknown as HttpRequest['body'];
  return { method: 'GET', target: '/', version: 'HTTP/1.1', headers, body, startTs: 0, endTs: 0 };
}

/** An equal string that is another object (as a header parsed again on another connection). */
const copy = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');

/**
 * Cookie texts: ordinary ones, name-less and empty pairs, quotes, texts that differ in one
 * character, in case or in spacing only.
 */
const COOKIES = [
  'session=965643257; theme=dark',
  'session=965643258; theme=dark',
  'session=865643257; theme=dark',
  'session=965643257; theme=dar',
  'a=1;b',
  ' =x; ;c=',
  'x="q;r"; y=a=b',
  '',
  ';',
  'sid=abc',
  'sid=abd',
  'sxd=abc',
  'SID=abc',
  ' sid=abc',
];
const cookieText = fc.oneof(
  fc.constantFrom(...COOKIES),
  fc.array(fc.constantFrom('a', 'b', '=', ';', ' ', 'x', '1'), { maxLength: 12 }).map((a) => a.join('')),
);
const headerArb = fc.oneof(
  fc.tuple(fc.constantFrom('Cookie', 'cookie', 'COOKIE'), cookieText, fc.boolean()),
  fc.tuple(fc.constantFrom('Host', 'Accept', 'Cookies'), cookieText, fc.boolean()),
);
const requestsArb = fc.array(fc.array(headerArb, { maxLength: 4 }), { minLength: 1, maxLength: 30 });

test('cookies remembered by text are the pairs parsed afresh, request after request', () => {
  fc.assert(
    fc.property(requestsArb, (requests) => {
      forgetRequestViews();
      for (const fields of requests) {
        const headers: HeaderList = fields.map(([n, v, again]) => [n, again ? v : copy(v)]);
        const view = new RequestView(request(headers));
        assert.deepEqual(view.cookies, requestCookies(headers), JSON.stringify(headers));
        let end = 0;
        let k = 0;
        for (const [n, v] of headers)
          if (n.toLowerCase() === 'cookie') {
            end += parseCookie(v).length;
            assert.equal(view.cookiesEnd(k++), end, JSON.stringify(headers));
          }
      }
    }),
    { numRuns: 3000 },
  );
});

test('more texts than the memory holds: each still gets its own pairs', () => {
  forgetRequestViews();
  for (let round = 0; round < 2; round++)
    for (let i = 0; i < 3000; i++) {
      const text = `session=${i}; theme=${i % 7 === 0 ? 'dark' : 'light'}`;
      assert.deepEqual(cookiePairs(text), parseCookie(text), text);
    }
  // A text longer than the memory's characters is parsed and not kept.
  const long = `big=${'x'.repeat((1 << 20) + 1)}`;
  assert.equal(cookiePairs(long)[0][1].length, (1 << 20) + 1);
  assert.deepEqual(cookiePairs('a=1'), [['a', '1']]);
});

test('examples: the same header again gives the remembered pairs; a second Cookie header does not change them', () => {
  forgetRequestViews();
  const text = 'session=965643257; theme=dark';
  const first = new RequestView(request([['Cookie', text]]));
  const again = new RequestView(
    request([
      ['Host', 'h'],
      ['Cookie', text],
    ]),
  );
  assert.deepEqual(first.cookies, [
    ['session', '965643257'],
    ['theme', 'dark'],
  ]);
  assert.equal(again.cookies, first.cookies, 'the remembered pairs themselves');
  // Two Cookie headers: their pairs in order, without adding to the first header's remembered ones.
  const two = new RequestView(
    request([
      ['Cookie', text],
      ['Cookie', 'a=1'],
    ]),
  );
  assert.deepEqual(two.cookies, [
    ['session', '965643257'],
    ['theme', 'dark'],
    ['a', '1'],
  ]);
  assert.deepEqual([two.cookiesEnd(0), two.cookiesEnd(1)], [2, 3]);
  assert.deepEqual(cookiePairs(text), [
    ['session', '965643257'],
    ['theme', 'dark'],
  ]);
  // Look-alike: the same length, another session id.
  assert.deepEqual(new RequestView(request([['Cookie', 'session=865643257; theme=dark']])).cookies, [
    ['session', '865643257'],
    ['theme', 'dark'],
  ]);
});
