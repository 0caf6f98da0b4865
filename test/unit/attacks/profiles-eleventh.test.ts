/**
 * Parameter profiles, eleventh round (docs/detection.md "Code and markup symbols at young names
 * (branch i18-profiles11)"), as readable examples: an endpoint or resource called a few times, then
 * a request, and the `anomaly` hits (point and rule) it gives. A young parameter whose values were
 * all plain strings (names, labels, words) is judged by the symbols of code and markup
 * (`;"<>{}|\$` and the backtick): its endpoint's own first five values, or its name's values at two
 * endpoints of its resource, none with such a symbol and not sentences, then a value with one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHits as get, PLACES, profiled, queryHits, seenValues } from './helpers';

test('young endpoint: five plain strings without code or markup symbols, then a value with one', () => {
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', 'place=kite ha;rbor'), [
    'anomaly ["query","place"] young symbol ;: none in 5 plain values',
  ]);
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', 'place=gold} maple'), [
    'anomaly ["query","place"] young symbol }: none in 5 plain values',
  ]);
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', 'place=river|stone'), [
    'anomaly ["query","place"] young symbol |: none in 5 plain values',
  ]);
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', 'place=amber fi"eld'), [
    'anomaly ["query","place"] young symbol ": none in 5 plain values',
  ]);
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', 'place=north$gate'), [
    'anomaly ["query","place"] young symbol $: none in 5 plain values',
  ]);
});

test('young endpoint: text punctuation, quoted words, too few values and sentences stay quiet', () => {
  // Text punctuation is not code: an apostrophe, a comma, an ampersand, a hyphen, a dot, a parenthesis.
  for (const v of ["o'brien harbor", 'gold, maple', 'salt & pepper', 'north-east gate', 'st. mary (old)'])
    assert.deepEqual(get(seenValues('/trips', 'place', PLACES), '/trips', `place=${v}`), [], v);
  // A pair of double quotes quotes words, as a search box's phrase does.
  assert.deepEqual(
    get(seenValues('/search', 'q', ['shoes', 'red socks', 'hats', 'blue scarf', 'boots']), '/search', 'q="red socks"'),
    [],
  );
  // Four values only: no evidence yet.
  assert.deepEqual(get(seenValues('/trips', 'place', PLACES.slice(0, 4)), '/trips', 'place=kite ha;rbor'), []);
  // Sentences: their punctuation is language (free text that gains a quote or a semicolon).
  const notes = [
    'please call me at noon',
    'the door is on the left',
    'leave it with the neighbour',
    'ring twice and wait',
    'no plastic bags please',
  ];
  assert.deepEqual(get(seenValues('/orders', 'note', notes), '/orders', 'note=ring twice; then "wait"'), []);
});

test('young endpoint: a field that held code or markup from the start, and values that are not plain strings', () => {
  const snippets = ['<b>bold</b>', 'plain text', 'a {b}', 'x | y', 'hello'];
  assert.deepEqual(get(seenValues('/notes', 'body', snippets), '/notes', 'body=$HOME;'), []);
  // Links are no plain strings: `{}` and `|` are in URL templates.
  const links = [
    'https://a.example/x',
    'https://b.example/y',
    'https://c.example/z',
    'https://d.example/',
    'https://e.example/q',
  ];
  assert.deepEqual(get(seenValues('/hooks', 'url', links), '/hooks', 'url=https://a.example/{id}'), []);
});

test("a resource's endpoints: the name's plain values at two of them judge a third endpoint's first value", () => {
  const d = profiled();
  get(d, '/teams/1', 'label=kite harbor');
  get(d, '/teams/2', 'label=gold maple');
  get(d, '/teams/3', 'label=river stone');
  get(d, '/teams', 'label=amber field');
  get(d, '/teams', 'label=north gate');
  assert.deepEqual(queryHits(d, 'DELETE', '/teams/4', 'label=north%3Cgate'), [
    'anomaly ["query","label"] young symbol <: none in 5 plain values',
  ]);
  // Another resource: its own name.
  assert.deepEqual(queryHits(d, 'DELETE', '/boards/4', 'label=north%3Cgate'), []);
});

test('young endpoint: code symbols in a fifth of the values an established profile has (6 of 30) are the application sending them', () => {
  const d = seenValues('/trips', 'place', PLACES);
  for (let i = 0; i < 6; i++)
    assert.deepEqual(get(d, '/trips', 'place=a;b'), ['anomaly ["query","place"] young symbol ;: none in 5 plain values']);
  assert.deepEqual(get(d, '/trips', 'place=a;b'), []);
});
