/**
 * Words whose sub-collections' items are written (PUT, PATCH or DELETE under each word's own sub-collection) are
 * items themselves, values of one parameter: a sub-collection of items is a part of each item, as a sub-resource
 * written as an item is (`/{name}/_meta`), while a shared action has no items below it. docs/api-discovery.md
 * "Words whose sub-collections' items are written (branch i19-enum2)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** `METHOD /path` (GET when no method), each answered 200 with the same JSON object. */
const templatesOf = (requests: string[]): string[] =>
  inventoryLines(requests.map((line) => [line, '{"id":"x","name":"y","state":1}']));

/** Under `/inv/skus/` (a plural the word form cannot tell from `status`), each word read and its `/{sub}/{n}` written by `write`. */
function wordsWithSubCollection(parent: string, sub: string, write: string): string[] {
  return ['archived', 'incoming', 'monthly'].flatMap((w, i) => [
    `${parent}/${w}`,
    `${write} ${parent}/${w}/${sub}/${1001 + i}`,
    `${write} ${parent}/${w}/${sub}/${2001 + i}`,
  ]);
}

test('words each read, with a sub-collection whose items they write, are values of one parameter (i19-enum2)', () => {
  assert.deepEqual(templatesOf(wordsWithSubCollection('/inv/skus', 'warehouses', 'PUT')), [
    'GET /inv/skus/{id}',
    'PUT /inv/skus/{id}/warehouses/{warehous_id}',
  ]);
  assert.deepEqual(templatesOf(wordsWithSubCollection('/config/rule', 'targets', 'DELETE')), [
    'DELETE /config/rule/{id}/targets/{target_id}',
    'GET /config/rule/{id}',
  ]);
});

test('look-alikes stay literal: sub-collections only read, plurals with their own collections, one shared action (i19-enum2)', () => {
  // Items below only read: a resource's views may each list the same kind of thing.
  assert.deepEqual(templatesOf(wordsWithSubCollection('/inv/skus', 'warehouses', 'GET')), [
    'GET /inv/skus/archived',
    'GET /inv/skus/archived/warehouses/{id}',
    'GET /inv/skus/incoming',
    'GET /inv/skus/incoming/warehouses/{id}',
    'GET /inv/skus/monthly',
    'GET /inv/skus/monthly/warehouses/{id}',
  ]);
  // Collections beside each other, each with members written: resources, not items.
  const plurals = ['teams', 'projects', 'groups'].flatMap((w, i) => [
    `/org/${w}`,
    `PUT /org/${w}/members/${1001 + i}`,
    `PUT /org/${w}/members/${2001 + i}`,
  ]);
  assert.deepEqual(templatesOf(plurals), [
    'GET /org/groups',
    'GET /org/projects',
    'GET /org/teams',
    'PUT /org/groups/members/{id}',
    'PUT /org/projects/members/{id}',
    'PUT /org/teams/members/{id}',
  ]);
  // One action each (POST, no items below it): resources share verbs.
  const actions = ['archived', 'incoming', 'monthly'].flatMap((w) => [`/inv/skus/${w}`, `POST /inv/skus/${w}/refresh`]);
  assert.deepEqual(templatesOf(actions), [
    'GET /inv/skus/archived',
    'GET /inv/skus/incoming',
    'GET /inv/skus/monthly',
    'POST /inv/skus/archived/refresh',
    'POST /inv/skus/incoming/refresh',
    'POST /inv/skus/monthly/refresh',
  ]);
});
