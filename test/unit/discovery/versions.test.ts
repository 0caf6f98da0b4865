/**
 * One grammar of API versions (branch i19-versions): versions.ts `versionKind` reads a segment as a version as APIs
 * write them, and each place of discovery keeps its own policy on top of it. docs/api-discovery.md "One grammar of
 * API versions (branch i19-versions)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { versionKind } from '../../../node/analysis/discovery/versions';
import { softValue } from '../../../node/analysis/discovery/values';
import { inventoryLines, type ExampleRequest } from './inventory-examples';

test('segments written as versions, by kind', () => {
  const kinds: Array<[string, string]> = [
    ['v1', 'tag'],
    ['v12', 'tag'],
    ['V2', 'tag'],
    ['v1.2', 'release'],
    ['v2_1', 'release'],
    ['v1.2.3', 'release'],
    ['v2beta', 'label'],
    ['v1alpha', 'label'],
    ['v1beta1', 'stage'],
    ['v1alpha2', 'stage'],
    ['v3p1beta1', 'stage'],
    ['v2rc1', 'stage'],
    ['1.0', 'number'],
    ['2.1.3', 'number'],
    ['2020-01-01', 'date'],
    ['2015-03-31', 'date'],
  ];
  for (const [segment, kind] of kinds) assert.equal(versionKind(segment), kind, segment);
});

test('look-alikes that are no version: words starting with v, names with digits, ids', () => {
  for (const segment of [
    'video',
    'vault',
    'v',
    'v1a2',
    'v1-2',
    'ipv4',
    'oauth2',
    'tables_v2',
    'anna84',
    '2020-1-1',
    '1.',
    '.1',
    '',
  ])
    assert.equal(versionKind(segment), null, segment);
});

test('a version of any written kind is no soft value however many digits it has; names with digits are', () => {
  assert.equal(softValue('v12.34'), false);
  assert.equal(softValue('v2_10'), false);
  // A pre-release with its number was a value-like word at request time while the inventory read it as a name (i19-enum5).
  assert.equal(softValue('v1beta1'), false);
  assert.equal(softValue('v3p1beta1'), false);
  // Look-alikes that stay soft: names and keys with digits.
  assert.equal(softValue('anna84'), true);
  assert.equal(softValue('gold_falcon_19'), true);
});

/** `METHOD /path` lines (GET when no method), every answer XML: no JSON shape to compare. */
const templates = (lines: string[]): string[] =>
  inventoryLines(
    lines.map((l): ExampleRequest => [l, '']),
    { xml: true },
  );

test('a request path under a version -> template: the version literal, values below it parameters', () => {
  assert.deepEqual(templates(['/v1.2/users/12', '/v1.2/users/13', '/v1.2/users/14']), ['GET /v1.2/users/{id}']);
  assert.deepEqual(templates(['/2015-03-31/functions/8812', '/2015-03-31/functions/8813']), ['GET /2015-03-31/functions/{id}']);
});

test('two releases joined by a dash are a pair of values (a diff between two releases)', () => {
  assert.deepEqual(templates(['/compare/v1.2-v1.3', '/compare/v2.0-v2.1', '/compare/v1.0-v3.1']), [
    'GET /compare/{id}-{compare_id}',
  ]);
});

test('tags leading to one API are the values of a parameter after the v (versionTag)', () => {
  const api = (v: string): string[] => [`/${v}/users`, `/${v}/orders`, `/${v}/users/12`, `/${v}/orders/7`];
  assert.deepEqual(templates([...api('v1'), ...api('v2'), ...api('v3')]), [
    'GET /v{id}/orders',
    'GET /v{id}/orders/{order_id}',
    'GET /v{id}/users',
    'GET /v{id}/users/{user_id}',
  ]);
});
