/**
 * Enum words before a further parameter level: under a singular word, words that each lead to items written by name
 * (`PUT /providers/Acme.Network/private/{name}`) with the same sub-resources below the items are one parameter's values,
 * an enum before a name, even where each word also has an action of its own beside its items. docs/api-discovery.md
 * "Enum words before a written name (branch i19-enum4, seventeenth session)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** `METHOD /path` lines (GET when no method), each answered 200 with `body` ('' by default: no shape to compare). */
const templates = (lines: string[], body = ''): string[] => inventoryLines(lines.map((l) => [l, body]));

/** Each `[word, item, line]`: `METHOD` and a tail after `/<base>/<word>/<item>` ('' for the item itself). */
function under(base: string, rows: Array<[string, string, string, string]>): string[] {
  return rows.map(([method, word, item, tail]) => `${method} ${base}/${word}${item === '' ? '' : `/${item}`}${tail}`);
}

/** Each of `words` still literal after `prefix` in some template of `out`. */
function assertLiteral(out: string[], prefix: string, words: string[]): void {
  for (const word of words)
    assert.ok(
      out.some((t) => t.includes(`${prefix}${word}/`)),
      `${word} literal in ${out.join(', ')}`,
    );
}

const NET = '/v1/subscriptions/8213/providers/Acme.Network';

/** Three resource types (`active`, `detailed`, `private`), each with items written by name and actions on them. */
const RESOURCE_TYPES: Array<[string, string, string, string]> = [
  ['PUT', 'active', 'aspen-ultra-617', ''],
  ['PATCH', 'active', 'sage-iris-542', ''],
  ['DELETE', 'active', 'jade-aspen-238', ''],
  ['POST', 'active', 'maple-lotus-978', '/patchCompleted'],
  ['POST', 'active', 'north-jade-287', '/creationValidate'],
  ['POST', 'active', '', '/readBegin'],
  ['PATCH', 'detailed', 'sage-iris-542', ''],
  ['PUT', 'detailed', 'north-jade-287', ''],
  ['POST', 'detailed', 'cedar-quartz-829', '/patchCompleted'],
  ['POST', 'detailed', 'jade-aspen-238', '/readBegin'],
  ['DELETE', 'private', 'maple-lotus-978', ''],
  ['PUT', 'private', 'aspen-ultra-962', ''],
  ['POST', 'private', 'cedar-quartz-829', '/patchCompleted'],
  ['POST', 'private', 'north-jade-287', '/creationCompleted'],
  ['POST', 'private', '', '/readBegin'],
];

test('words under a singular word, each leading to items written by name with actions in common, are an enum before a name (i19-enum4)', () => {
  assert.deepEqual(templates(under(NET, RESOURCE_TYPES)), [
    'DELETE /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}',
    'PATCH /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}',
    'POST /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/readBegin',
    'POST /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}/creationCompleted',
    'POST /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}/creationValidate',
    'POST /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}/patchCompleted',
    'POST /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}/readBegin',
    'PUT /v1/subscriptions/{id}/providers/Acme.Network/{acme_network_id}/{id2}',
  ]);
});

test('look-alike stays literal: singular collections of their own, items written but no sub-resource in common (i19-enum4)', () => {
  // `/admin/user/{name}/password`, `/admin/group/{name}/members`, `/admin/role/{name}/grants`: each kind of item its own parts.
  const lines = under('/admin', [
    ['PUT', 'user', 'aspen-ultra-617', ''],
    ['DELETE', 'user', 'sage-iris-542', ''],
    ['POST', 'user', 'jade-aspen-238', '/password'],
    ['POST', 'user', 'maple-lotus-978', '/password'],
    ['PUT', 'group', 'north-jade-287', ''],
    ['DELETE', 'group', 'cedar-quartz-829', ''],
    ['POST', 'group', 'aspen-ultra-962', '/members'],
    ['POST', 'group', 'north-jade-287', '/members'],
    ['PUT', 'role', 'sage-iris-542', ''],
    ['PATCH', 'role', 'jade-aspen-238', ''],
    ['POST', 'role', 'maple-lotus-978', '/grants'],
    ['POST', 'role', 'aspen-ultra-617', '/grants'],
  ]);
  assertLiteral(templates(lines), '/admin/', ['user', 'group', 'role']);
});

test('look-alike stays literal: plurals beside each other, each a collection with items written and actions in common (i19-enum4)', () => {
  // `/org/teams/{id}/archive`, `/org/projects/{id}/archive`, `/org/members/{id}/archive`: collections of their own.
  const lines = under(
    '/org/7781',
    ['teams', 'projects', 'members'].flatMap((word): Array<[string, string, string, string]> => [
      ['PUT', word, 'aspen-ultra-617', ''],
      ['DELETE', word, 'sage-iris-542', ''],
      ['POST', word, 'jade-aspen-238', '/archive'],
      ['POST', word, 'north-jade-287', '/archive'],
    ]),
  );
  assertLiteral(templates(lines), '/', ['teams', 'projects', 'members']);
});

test('look-alike stays literal: words whose items are only read, with sub-resources in common (i19-enum4)', () => {
  // `/catalog/book/{id}/reviews`, `/catalog/film/{id}/reviews`, `/catalog/song/{id}/reviews`: read-only kinds of items,
  // judged by the rules before this change (their answers), not by written items.
  const lines = under('/catalog', [
    ['GET', 'book', 'aspen-ultra-617', '/reviews'],
    ['GET', 'book', 'sage-iris-542', '/reviews'],
    ['GET', 'book', 'sage-iris-542', '/related'],
    ['GET', 'film', 'north-jade-287', '/reviews'],
    ['GET', 'film', 'jade-aspen-238', '/related'],
    ['GET', 'song', 'maple-lotus-978', '/reviews'],
    ['GET', 'song', 'cedar-quartz-829', '/related'],
  ]);
  assertLiteral(templates(lines, '{"reviews":[{"stars":5}]}'), '/catalog/', ['book', 'film', 'song']);
});
