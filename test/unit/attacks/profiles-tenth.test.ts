/**
 * Parameter profiles, tenth round (docs/detection.md "Young endpoints by their types (branch
 * i18-profiles10)"), as readable examples: an endpoint or resource called a few times, then a
 * request, and the `anomaly` hits (point and rule) it gives. A young parameter is judged by its
 * type only, and only when its evidence agrees on a narrow family (numbers, booleans, uuids, dates,
 * emails, IPv4 addresses): its endpoint's own first three values, or its name's values at two
 * endpoints of its resource.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type AttackDetector } from '../../../node/analysis/attacks';
import { profiled, queryHits, seenValues } from './helpers';

const get = (d: AttackDetector, path: string, query: string): string[] => queryHits(d, 'GET', path, query);

test('young endpoint: its own first three values of one type family, then a value of another', () => {
  assert.deepEqual(get(seenValues('/reports', 'page', ['1', '2', '3']), '/reports', 'page=2x'), [
    'anomaly ["query","page"] young type string: number in 3 of 3 values',
  ]);
  assert.deepEqual(get(seenValues('/reports', 'active', ['true', 'false', 'true']), '/reports', 'active=tr%3Bue'), [
    'anomaly ["query","active"] young type string: boolean in 3 of 3 values',
  ]);
  assert.deepEqual(
    get(seenValues('/reports', 'since', ['2024-01-05', '2024-02-11', '2024-03-09']), '/reports', 'since=2024-0l-05'),
    ['anomaly ["query","since"] young type string: date in 3 of 3 values'],
  );
  // A hundred digits is no integer a client holds (past 2^53): a string (of hex digits).
  assert.deepEqual(get(seenValues('/reports', 'page', ['1', '2', '3']), '/reports', `page=${'4'.repeat(100)}`), [
    'anomaly ["query","page"] young type string:hex: number in 3 of 3 values',
  ]);
});

test('young endpoint: ordinary variation of its first values stays quiet', () => {
  // A new number, a price among integers (one family), a date-time among dates (one family).
  assert.deepEqual(get(seenValues('/reports', 'page', ['1', '2', '3']), '/reports', 'page=12345678'), []);
  assert.deepEqual(get(seenValues('/reports', 'amount', ['10', '25', '40']), '/reports', 'amount=4.75'), []);
  assert.deepEqual(
    get(seenValues('/reports', 'since', ['2024-01-05', '2024-02-11', '2024-03-09']), '/reports', 'since=2024-04-01T10:00:00Z'),
    [],
  );
  // Fewer than three values: no evidence yet.
  assert.deepEqual(get(seenValues('/reports', 'page', ['1', '2']), '/reports', 'page=last'), []);
  // Words are not judged by type: a new enum word, a search with digits.
  assert.deepEqual(get(seenValues('/reports', 'sort', ['name', 'date', 'price']), '/reports', 'sort=created_at'), []);
  assert.deepEqual(get(seenValues('/reports', 'q', ['shoes', 'red socks', 'hats']), '/reports', 'q=size%2042%20boots'), []);
  // Values of mixed types from the start: the endpoint says the name takes both.
  assert.deepEqual(get(seenValues('/reports', 'limit', ['10', 'all', '20']), '/reports', 'limit=none'), []);
});

test('young endpoint: a type that breaks it in a fifth of the values an established profile has (6 of 30) is the application sending both', () => {
  const d = seenValues('/reports', 'limit', ['10', '20', '30']);
  for (let i = 0; i < 6; i++)
    assert.deepEqual(get(d, '/reports', 'limit=all'), ['anomaly ["query","limit"] young type string: number in 3 of 3 values']);
  assert.deepEqual(get(d, '/reports', 'limit=all'), []);
});

test("a resource's endpoints: the name's values at two of them judge a third endpoint's first value", () => {
  const d = profiled();
  get(d, '/users/101', 'team_id=4');
  get(d, '/users/102', 'team_id=7');
  get(d, '/users', 'team_id=3');
  // DELETE /users/{} was never called: its first team_id is judged by GET /users/{} and GET /users.
  assert.deepEqual(queryHits(d, 'DELETE', '/users/103', 'team_id=4x'), [
    'anomaly ["query","team_id"] young type string: number in 3 of 3 values',
  ]);
  assert.deepEqual(queryHits(d, 'PUT', '/users/104', 'team_id=12'), []);
});

test("a resource's endpoints: not one endpoint's values alone, nor another resource's", () => {
  const one = profiled();
  for (const id of ['101', '102', '105']) get(one, `/users/${id}`, 'team_id=4');
  // Only GET /users/{} sent values (three, but one endpoint): not the resource's agreement.
  assert.deepEqual(queryHits(one, 'DELETE', '/users/103', 'team_id=x'), []);
  const two = profiled();
  get(two, '/users/101', 'team_id=4');
  get(two, '/users/102', 'team_id=7');
  get(two, '/users', 'team_id=3');
  // `/boards` is another resource, whose team_id is a slug: a name with two meanings on one host.
  assert.deepEqual(get(two, '/boards/9', 'team_id=t-alpha'), []);
});
