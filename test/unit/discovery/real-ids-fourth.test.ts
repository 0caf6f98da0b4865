/**
 * Value classes of ids and names, fourth round (docs/api-discovery.md "… (branch i19-ids4)"): slugs of words going
 * where the numbers or ids of their position go (`/players/winter-blue-tips-great` beside `/players/{id}`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** `[METHOD /path, JSON answer]` pairs (GET when no method; an empty answer is a 204): the inventory's `METHOD template` lines. */
const templatesByAnswer = (requests: Array<[string, string]>): string[] => inventoryLines(requests, { emptyIs204: true });

const PLAYER = '{"PlayerID":1,"Name":"n","Team":"t"}';

test('slugs of words read as the numbers beside them are read are more of the values (/players/{id})', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v3/players/20000441', PLAYER],
      ['/v3/players/20000571', PLAYER],
      ['/v3/players/20001012', PLAYER],
      ['/v3/players/winter-blue-tips-great', PLAYER],
      ['/v3/players/summer-notes-world', PLAYER],
    ]),
    ['GET /v3/players/{id}'],
  );
});

test('slugs of words under a value, read as its values are, are values too (/groups/{id}/hasMember/{id})', () => {
  const member = '{"isMember":true}';
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/groups/7/hasMember/1041', member],
      ['/v1/groups/8/hasMember/2277', member],
      ['/v1/groups/9/hasMember/north-a-lake', member],
      ['/v1/groups/9/hasMember/window-morning-cooking', member],
      ['/v1/groups/7/hasMember/using-local', member],
    ]),
    ['GET /v1/groups/{id}/hasMember/{hasmember_id}'],
  );
});

test('look-alike: one slug beside the numbers stays literal, the API’s own page (/players/most-active)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v3/players/20000441', PLAYER],
      ['/v3/players/20000571', PLAYER],
      ['/v3/players/20001012', PLAYER],
      ['/v3/players/most-active', PLAYER],
    ]),
    ['GET /v3/players/most-active', 'GET /v3/players/{id}'],
  );
});

test('look-alike: slugs answering otherwise than the values (lists beside an item) stay literal', () => {
  const list = '[{"PlayerID":1,"Name":"n","Team":"t"}]';
  assert.deepEqual(
    templatesByAnswer([
      ['/v3/players/20000441', PLAYER],
      ['/v3/players/20000571', PLAYER],
      ['/v3/players/20001012', PLAYER],
      ['/v3/players/most-active', list],
      ['/v3/players/top-rated', list],
    ]),
    ['GET /v3/players/most-active', 'GET /v3/players/top-rated', 'GET /v3/players/{id}'],
  );
});

test('look-alike: slugs read as the values are but also written, where the values are only read, stay literal', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v3/players/20000441', PLAYER],
      ['/v3/players/20000571', PLAYER],
      ['/v3/players/20001012', PLAYER],
      ['/v3/players/bulk-import', PLAYER],
      ['POST /v3/players/bulk-import', PLAYER],
      ['/v3/players/bulk-update', PLAYER],
      ['POST /v3/players/bulk-update', PLAYER],
    ]),
    [
      'GET /v3/players/bulk-import',
      'GET /v3/players/bulk-update',
      'GET /v3/players/{id}',
      'POST /v3/players/bulk-import',
      'POST /v3/players/bulk-update',
    ],
  );
});

test('look-alike: slugs with sub-resources of their own stay literal (/players/free-agents/stats)', () => {
  assert.deepEqual(
    templatesByAnswer([
      ['/v3/players/20000441', PLAYER],
      ['/v3/players/20000571', PLAYER],
      ['/v3/players/20001012', PLAYER],
      ['/v3/players/free-agents', PLAYER],
      ['/v3/players/free-agents/stats', '{"n":1}'],
      ['/v3/players/practice-squad', PLAYER],
      ['/v3/players/practice-squad/stats', '{"n":1}'],
    ]),
    [
      'GET /v3/players/free-agents',
      'GET /v3/players/free-agents/stats',
      'GET /v3/players/practice-squad',
      'GET /v3/players/practice-squad/stats',
      'GET /v3/players/{id}',
    ],
  );
});

const U1 = '5c90b2ac-d201-4dc8-a58f-eeb6bbe006e3';
const U2 = '67b9dce3-4da7-427e-a488-9c832198e60a';
const U3 = 'ee211bd6-5b97-4aeb-acc4-bc9b8b3212a3';
const DEAL = '{"name":"n","state":"ACTIVE"}';
/** Google-style items right under the version, asked custom methods (`/v1/{name}:pause`). */
const ITEMS: Array<[string, string]> = [
  [`/v1/${U1}`, DEAL],
  [`/v1/${U2}`, DEAL],
  [`POST /v1/${U1}:pause`, DEAL],
  [`POST /v1/${U2}:pause`, DEAL],
  [`POST /v1/${U2}:resume`, DEAL],
  [`POST /v1/${U3}:resume`, DEAL],
  [`POST /v1/${U3}:activate`, DEAL],
];

test("a name under the version asked the values' custom methods is one more of them (/v1/{name}:pause)", () => {
  assert.deepEqual(
    templatesByAnswer([
      ...ITEMS,
      ['/v1/min-timeout', DEAL],
      ['POST /v1/min-timeout:pause', DEAL],
      ['POST /v1/min-timeout:resume', DEAL],
      ['POST /v1/min-timeout:accept', DEAL],
    ]),
    ['GET /v1/{id}', 'POST /v1/{id}:accept', 'POST /v1/{id}:activate', 'POST /v1/{id}:pause', 'POST /v1/{id}:resume'],
  );
});

test("look-alike: names under the version with methods of their own, one method in common, or a collection's, stay literal", () => {
  assert.deepEqual(
    templatesByAnswer([
      ...ITEMS,
      ['POST /v1/transfer:upload', '{"mediaId":"m"}'],
      ['POST /v1/transfer:download', '{"mediaId":"m"}'],
      ['POST /v1/transfer:cancel', '{"mediaId":"m"}'],
      ['POST /v1/transfer:pause', DEAL],
      ['POST /v1/transfer:resume', DEAL],
      ['POST /v1/batch:pause', DEAL],
      ['POST /v1/deals:pause', DEAL],
      ['POST /v1/deals:resume', DEAL],
    ]),
    [
      'GET /v1/{id}',
      'POST /v1/batch:pause',
      'POST /v1/deals:pause',
      'POST /v1/deals:resume',
      'POST /v1/transfer:cancel',
      'POST /v1/transfer:download',
      'POST /v1/transfer:pause',
      'POST /v1/transfer:resume',
      'POST /v1/transfer:upload',
      'POST /v1/{id}:activate',
      'POST /v1/{id}:pause',
      'POST /v1/{id}:resume',
    ],
  );
});

test('look-alike: a name asked the values’ custom methods but answering otherwise stays literal', () => {
  const other = '[{"operation":"o","done":true}]';
  assert.deepEqual(
    templatesByAnswer([...ITEMS, ['POST /v1/operations-queue:pause', other], ['POST /v1/operations-queue:resume', other]]),
    [
      'GET /v1/{id}',
      'POST /v1/operations-queue:pause',
      'POST /v1/operations-queue:resume',
      'POST /v1/{id}:activate',
      'POST /v1/{id}:pause',
      'POST /v1/{id}:resume',
    ],
  );
});
