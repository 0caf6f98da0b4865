/**
 * Parameter profiles, thirteenth round (docs/detection.md "Text symbols and cut values at young
 * names (branch i18-profiles13)"), as readable examples: an endpoint called a few times, then a
 * request, and the `anomaly` hits (point and rule) it gives. A young parameter whose values were all
 * plain strings is judged by the text symbols of queries and patterns (`?` `^` `[` `#` `~` `=`) when
 * none of its first five values had one or a `/`, and by a value cut short: one or two characters
 * that begin one of its own first three values (all of four characters or more) inside a word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHits as get, PLACES, seenValues } from './helpers';

test('young endpoint: five plain strings without text symbols, then one inside a word', () => {
  const cases: Array<[string, string]> = [
    ['kite har?bor', '?'],
    ['go^ld maple', '^'],
    ['river st[one', '['],
    ['amber fi#eld', '#'],
    ['north ga~te', '~'],
    ['kite=harbor', '='],
  ];
  for (const [value, symbol] of cases)
    assert.deepEqual(
      get(seenValues('/trips', 'place', PLACES), '/trips', `place=${value}`),
      [`anomaly ["query","place"] young symbol ${symbol}: none in 5 plain values`],
      value,
    );
});

test('young endpoint: text symbols where text writes them, links, base64 and too few values stay quiet', () => {
  // A question mark closing a word, a page anchor or hashtag, a home folder.
  for (const v of ['kite harbor?', 'gold maple #2', '#intro', '~anna'])
    assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', `place=${v}`), [], v);
  // Paths and links write a query and a fragment.
  const paths = ['/docs/start', '/docs/install', '/blog/news', '/about', '/docs/faq'];
  assert.deepEqual(get(seenValues('/go', 'next', paths), '/go', 'next=/search?q=red#top'), []);
  // Base64 padding: the fifth token's length is a multiple of 4 and it ends in `==`.
  const tokens = ['dGVzdDEy', 'YWJjZGVm', 'cXdlcnR5', 'em9vbWVy', 'a2l0ZWhh'];
  assert.deepEqual(get(seenValues('/auth', 'state', tokens), '/auth', 'state=a2l0ZQ=='), []);
  // Four values only: no evidence yet.
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES.slice(0, 4)), '/trips', 'place=kite har?bor'), []);
  // Passwords and keys (letters and digits alternate): their symbols are chance.
  const passwords = ['Tr0ub4dor', 'hunter2go', 'correcthorse', 'summer2024', 'b4tt3ry'];
  assert.deepEqual(get(seenValues('/login', 'password', passwords), '/login', 'password=P4ssw0rd#2024'), []);
  // A field whose first values had such a symbol takes more.
  assert.deepEqual(get(seenValues('/trips', 'place', ['a=b', ...PLACES.slice(0, 4)]), '/trips', 'place=kite har?bor'), []);
});

test('young endpoint: a value cut short, one or two characters that begin one of its values inside a word', () => {
  const names = ['summit orbit', 'sage kite', 'harbor'];
  assert.deepEqual(get(seenValues('/ips', 'range', names), '/ips', 'range=su'), [
    'anomaly ["query","range"] young cut: length 2, none of 3 values shorter than 6',
  ]);
  assert.deepEqual(get(seenValues('/ips', 'range', names), '/ips', 'range=h'), [
    'anomaly ["query","range"] young cut: length 1, none of 3 values shorter than 6',
  ]);
});

test('young endpoint: short words of their own, names of varying length and two values stay quiet', () => {
  // A sort key of its own (`id` where `id:asc` was: the word stops there), and a word no value begins with.
  assert.deepEqual(get(seenValues('/list', 'sort', ['id:asc', 'name_asc', 'price_asc']), '/list', 'sort=id'), []);
  assert.deepEqual(get(seenValues('/list', 'sort', ['name_asc', 'created_desc', 'price_asc']), '/list', 'sort=id'), []);
  // Names of varying length: a short one is a name.
  assert.deepEqual(get(seenValues('/people', 'name', ['anna', 'carla river', 'marco']), '/people', 'name=al'), []);
  assert.deepEqual(get(seenValues('/people', 'name', ['anna', 'carla river', 'marco']), '/people', 'name=kim'), []);
  // Short codes: a code of two letters among them takes one of one; an optional field sent empty.
  assert.deepEqual(get(seenValues('/rates', 'cur', ['usd', 'eu', 'gbp']), '/rates', 'cur=u'), []);
  assert.deepEqual(get(seenValues('/nodes', 'machine', ['vmware', 'xen', 'kvm', 'hyperv']), '/nodes', 'machine=vm'), []);
  assert.deepEqual(get(seenValues('/ips', 'range', ['summit orbit', 'sage kite', 'harbor']), '/ips', 'range='), []);
  // Two values only; numbers (their length is their magnitude).
  assert.deepEqual(get(seenValues('/ips', 'range', ['summit orbit', 'sage kite']), '/ips', 'range=su'), []);
  assert.deepEqual(get(seenValues('/items', 'page', ['120', '135', '150']), '/items', 'page=1'), []);
});
