/**
 * Names right under the API's base path (the root, a version, an API prefix) that are items, not resource
 * names (docs/api-discovery.md "… (branch i19-ids2)"): Google's `/v1/{name}` and `/admin/directory/v1/{name}`,
 * read, patched and deleted by name with no sub-resource and no POST.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** `[METHOD /path, JSON answer]` pairs (GET when no method): the inventory's `METHOD template` lines. */
const templatesByAnswer = (requests: Array<[string, string]>): string[] => inventoryLines(requests);

const CONFIG = '{"name":"x","enforcementMode":"OFF","updateTime":"t"}';

test('leaves right under a version read, patched and deleted as items, answering alike, are one item position (/v1/{name})', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/jackkowalski', CONFIG],
      ['PATCH /v1/jackkowalski', CONFIG],
      ['DELETE /v1/jackkowalski', '{}'],
      ['/v1/sam', CONFIG],
      ['PATCH /v1/sam', CONFIG],
      ['DELETE /v1/theme', '{}'],
      ['/v1/theme', CONFIG],
      ['PATCH /v1/region', CONFIG],
      ['/v1/users', '{"users":[{"id":1}]}'],
      ['POST /v1/users', '{"id":1,"email":"e"}'],
    ]),
    ['DELETE /v1/{id}', 'GET /v1/users', 'GET /v1/{id}', 'PATCH /v1/{id}', 'POST /v1/users'],
  );
});

test('look-alike: singletons right under a version, read and written, each answering a shape of its own, stay literal', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/account', '{"email":"e","plan":"free"}'],
      ['PATCH /v1/account', '{"email":"e","plan":"pro"}'],
      ['/v1/settings', '{"locale":"en","timezone":"UTC"}'],
      ['PUT /v1/settings', '{"locale":"de","timezone":"UTC"}'],
      ['/v1/profile', '{"displayName":"d","avatarUrl":"u"}'],
      ['PATCH /v1/profile', '{"displayName":"d","avatarUrl":"u"}'],
      ['DELETE /v1/cache', '{}'],
    ]),
    [
      'DELETE /v1/cache',
      'GET /v1/account',
      'GET /v1/profile',
      'GET /v1/settings',
      'PATCH /v1/account',
      'PATCH /v1/profile',
      'PUT /v1/settings',
    ],
  );
});

test('look-alike: resource names under a version that list and create (POST) stay literal however alike they answer', () => {
  const list = '{"items":[{"id":1}],"next":"n"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/groups', list],
      ['POST /v1/groups', list],
      ['DELETE /v1/groups', '{}'],
      ['/v1/members', list],
      ['POST /v1/members', list],
      ['PATCH /v1/members', list],
      ['/v1/roles', list],
      ['POST /v1/roles', list],
      ['DELETE /v1/roles', '{}'],
    ]),
    [
      'DELETE /v1/groups',
      'DELETE /v1/roles',
      'GET /v1/groups',
      'GET /v1/members',
      'GET /v1/roles',
      'PATCH /v1/members',
      'POST /v1/groups',
      'POST /v1/members',
      'POST /v1/roles',
    ],
  );
});

test('beside ids that only lead to sub-resources (/v1/{parent}/services), names read, patched and deleted alike are a second pool of items; singletons there stay literal', () => {
  const parents: Array<[string, string]> = [
    ['/v1/01HJDB108F63F8VJCN5PHYGRYB/services', '{"services":[]}'],
    ['/v1/01GWGNGNM3PS5P4FEJWE3ATCN5/services', '{"services":[]}'],
    ['POST /v1/01GQMQM2175KZJ1P308BMNESZG/debugTokens', '{"token":"t"}'],
  ];
  assert.deepEqual(
    templatesByAnswer([
      ...parents,
      ['/v1/jackkowalski', CONFIG],
      ['PATCH /v1/jackkowalski', CONFIG],
      ['DELETE /v1/sam', '{}'],
      ['/v1/sam', CONFIG],
      ['/v1/oliver_silva7', CONFIG],
      ['DELETE /v1/oliver_silva7', '{}'],
      ['PATCH /v1/theme', CONFIG],
    ]),
    ['DELETE /v1/{id}', 'GET /v1/{id}', 'GET /v1/{id}/services', 'PATCH /v1/{id}', 'POST /v1/{id}/debugTokens'],
  );
  assert.deepEqual(
    templatesByAnswer([
      ...parents,
      ['/v1/account', '{"email":"e","plan":"free"}'],
      ['PATCH /v1/account', '{"email":"e","plan":"pro"}'],
      ['/v1/settings', '{"locale":"en","timezone":"UTC"}'],
      ['PUT /v1/settings', '{"locale":"de","timezone":"UTC"}'],
      ['PATCH /v1/profile', '{"displayName":"d","avatarUrl":"u"}'],
    ]),
    [
      'GET /v1/account',
      'GET /v1/settings',
      'GET /v1/{id}/services',
      'PATCH /v1/account',
      'PATCH /v1/profile',
      'POST /v1/{id}/debugTokens',
      'PUT /v1/settings',
    ],
  );
});
