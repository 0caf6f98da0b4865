/**
 * Word leaves read by GET beside each other (branch i19-leaves): names the grammar of API paths keeps literal whatever
 * their siblings answer. Grouped views (`/totals/by_entity`, `/contributions/by_state`) and the collections of a
 * collection of collections (`/dictionaries/countries`, `currencies`, `product_types`); enum words and names beside
 * them stay one parameter. docs/api-discovery.md "Word leaves read by GET beside each other (branch i19-leaves)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines, type ExampleRequest } from './inventory-examples';

/** Each path read once, every answer the same paged list (an envelope every report of the API has). */
const read = (paths: string[]): ExampleRequest[] =>
  paths.map((p): ExampleRequest => [p, '{"pagination":{"page":1,"count":2},"results":[{"name":"x","code":"y"}]}']);

/** The rest of the host: a list and an item read a few times each. */
const HOST: ExampleRequest[] = [...Array<string>(4).fill('/v1/users'), '/v1/users/12', '/v1/users/13', '/v1/users/14'].map(
  (p): ExampleRequest => [p, '{"id":12,"email":"a@b.c"}'],
);

test('collections of a collection of collections, read alike, stay literal', () => {
  const dictionaries = read(['/v1/dictionaries/countries', '/v1/dictionaries/currencies', '/v1/dictionaries/product_types']);
  assert.deepEqual(inventoryLines([...HOST, ...dictionaries]), [
    'GET /v1/dictionaries/countries',
    'GET /v1/dictionaries/currencies',
    'GET /v1/dictionaries/product_types',
    'GET /v1/users',
    'GET /v1/users/{id}',
  ]);
  // Names searched by kind, camelCase and snake_case plurals (`/names/audit_committees`, `/resources/userMediaLists`).
  const names = read(['/v1/names/candidates', '/v1/names/committees', '/v1/names/audit_committees', '/v1/names/userMediaLists']);
  assert.deepEqual(inventoryLines([...HOST, ...names]), [
    'GET /v1/names/audit_committees',
    'GET /v1/names/candidates',
    'GET /v1/names/committees',
    'GET /v1/names/userMediaLists',
    'GET /v1/users',
    'GET /v1/users/{id}',
  ]);
});

test('look-alike stays a parameter: enum words and names beside plurals, plurals written as items', () => {
  // Enum words read alike: one parameter (`/reports/{period}`).
  const periods = read(['/v1/reports/daily', '/v1/reports/weekly', '/v1/reports/monthly']);
  assert.deepEqual(inventoryLines([...HOST, ...periods]), ['GET /v1/reports/{id}', 'GET /v1/users', 'GET /v1/users/{id}']);
  // A name that is no plural among plurals: the position is judged as before (one parameter).
  const mixed = read(['/v1/tags/countries', '/v1/tags/currencies', '/v1/tags/amber-gold']);
  assert.deepEqual(inventoryLines([...HOST, ...mixed]), ['GET /v1/tags/{id}', 'GET /v1/users', 'GET /v1/users/{id}']);
  // Setting keys that are plurals, each written as an item (`PUT /settings/alerts`): items, not collections.
  const settings = ['alerts', 'backups', 'themes'].flatMap((k): ExampleRequest[] => [
    [`/v1/settings/${k}`, '{"key":"k","value":"v"}'],
    [`PUT /v1/settings/${k}`, '{"key":"k","value":"v"}', '{"value":"v"}'],
  ]);
  assert.deepEqual(inventoryLines([...HOST, ...settings]), [
    'GET /v1/settings/{id}',
    'GET /v1/users',
    'GET /v1/users/{id}',
    'PUT /v1/settings/{id}',
  ]);
});

test('grouped views (`by_<dimension>`) stay literal beside each other and beside a parameter', () => {
  const views = read(['/v1/contributions/by_candidate', '/v1/contributions/by_size', '/v1/contributions/by_state']);
  assert.deepEqual(inventoryLines([...HOST, ...views]), [
    'GET /v1/contributions/by_candidate',
    'GET /v1/contributions/by_size',
    'GET /v1/contributions/by_state',
    'GET /v1/users',
    'GET /v1/users/{id}',
  ]);
  // Beside the values of a parameter (`/totals/{entity_type}` with enum words): the view stays literal, the values a parameter.
  const totals = read(['/v1/totals/pac', '/v1/totals/party', '/v1/totals/presidential', '/v1/totals/by_entity']);
  assert.deepEqual(inventoryLines([...HOST, ...totals]), [
    'GET /v1/totals/by_entity',
    'GET /v1/totals/{id}',
    'GET /v1/users',
    'GET /v1/users/{id}',
  ]);
});

test('look-alike stays a parameter: names that only start with `by`', () => {
  const names = read(['/v1/tags/bypass', '/v1/tags/byline', '/v1/tags/amber']);
  assert.deepEqual(inventoryLines([...HOST, ...names]), ['GET /v1/tags/{id}', 'GET /v1/users', 'GET /v1/users/{id}']);
});
