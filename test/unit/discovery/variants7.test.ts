/**
 * Real ids and enum words on tuning-7 (branch i19-variants7): value classes the templater did not read as values
 * (`real-ids`) and evidence that turned enum words into names (`enum-words`). docs/api-discovery.md "i19-variants7".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSegment } from '../../../node/analysis/discovery/templates';
import { inventoryLines, type ExampleRequest } from './inventory-examples';

/** `METHOD /path` lines (GET when no method), every answer XML: no JSON shape to compare. */
const templates = (lines: string[]): string[] =>
  inventoryLines(
    lines.map((l): ExampleRequest => [l, '']),
    { xml: true },
  );

test('a base64url id with a separator near its end is one value, not a word before a number', () => {
  // 11 characters of A-Z a-z 0-9 - _ (a video id, a merchant id): `yjCHrdWBr` is no word, so `-4` is no page number.
  for (const id of ['yjCHrdWBr-4', 'kQpZtRmWx_12', 'GfhTqLzwBn-7']) assert.equal(parseSegment(id).prefix, '', id);
  // Look-alikes whose word is a word keep the word literal and the number the value.
  assert.equal(parseSegment('page-12').prefix, 'page-');
  assert.equal(parseSegment('Series-3').prefix, 'Series-');
  assert.equal(parseSegment('iPhone-12').prefix, 'iPhone-');
  assert.equal(parseSegment('pageNumber-12').prefix, 'pageNumber-');
  assert.equal(parseSegment('TEMPLATE-3').prefix, 'TEMPLATE-');
});

test('request paths with base64url merchant ids -> one template per resource', () => {
  const ids = ['eZ4Gafx9304', 'lpBa_uIYFwo', 'yjCHrdWBr-4', 'tDNmwMucfsP'];
  const lines = ids.flatMap((m) => [`/content/v2/${m}/accounts`, `/content/v2/${m}/products`]);
  assert.deepEqual(templates(lines), ['GET /content/v2/{id}/accounts', 'GET /content/v2/{id}/products']);
});

/**
 * Collections under two parameters (`/groups/{group}/workspaces/{workspace}/models`), their items named by enum words,
 * some alike across collections (`weekly` a model and a service), each pair of values seeing one item of each collection
 * with one method: a few requests spread over many raw nodes, as traffic is.
 */
function collectionsWithEnumItems(): string[] {
  const items: Record<string, string[]> = {
    models: ['outgoing', 'published', 'weekly'],
    services: ['public', 'summary', 'weekly'],
    assets: ['incoming', 'public', 'weekly'],
  };
  const below: Record<string, string> = { models: 'metrics', services: 'token', assets: '' };
  const methods = ['GET', 'PATCH', 'DELETE'];
  const lines: string[] = [];
  let turn = 0;
  for (const group of ['8rKnAxrn71', 'RChVDvZ6EE', 'NROzKCNoP'])
    for (const ws of ['Kq7ZN9Vra4y', 'fOdoAXah2', 'TcxFNx35']) {
      const at = `/groups/${group}/workspaces/${ws}`;
      for (const [collection, names] of Object.entries(items)) {
        const item = `${at}/${collection}/${names[turn % 3]}`;
        lines.push(`${at}/${collection}`, `${methods[turn % 3]} ${item}`);
        if (below[collection] !== '') lines.push(`POST ${item}/${below[collection]}`);
        turn++;
      }
      turn++;
    }
  return lines;
}

test('collections whose items share enum words stay names: items alike across collections are no sub-resource of each', () => {
  const got = templates(collectionsWithEnumItems());
  const at = '/groups/{id}/workspaces/{workspace_id}';
  for (const collection of ['models', 'services', 'assets']) assert.ok(got.includes(`GET ${at}/${collection}`), got.join('\n'));
  assert.ok(got.includes(`GET ${at}/models/{model_id}`), got.join('\n'));
  assert.ok(got.includes(`POST ${at}/services/{service_id}/token`), got.join('\n'));
  assert.ok(!got.some((t) => t.includes(`${at}/{`)), got.join('\n'));
});

test('look-alike: names of one parameter sharing a written sub-resource (`/{name}/_meta`) are still one parameter', () => {
  const lines: string[] = [];
  for (const name of ['colour', 'weight', 'height', 'material']) {
    const meta = `/attributes/shop/${name}/_meta`;
    lines.push(`/attributes/shop/${name}`, meta, `PUT ${meta}`, `DELETE ${meta}`);
  }
  assert.deepEqual(templates(lines), [
    'DELETE /attributes/shop/{id}/_meta',
    'GET /attributes/shop/{id}',
    'GET /attributes/shop/{id}/_meta',
    'PUT /attributes/shop/{id}/_meta',
  ]);
});

/** Lists and items of one API's envelope (`{"results": [...], "pagination": {...}}`): every resource answers alike. */
const LIST = '{"api_version":"1.0","pagination":{"page":1,"count":40},"results":[{"amount":12.5,"date":"2024-01-02"}]}';

/** Schedules under one collection, read as lists and items; `views` are each one's own sub-resources. */
function schedules(views: Record<string, string[]>, ids: string[]): ExampleRequest[] {
  const out: ExampleRequest[] = [];
  for (const [name, own] of Object.entries(views)) {
    out.push([`/v1/schedules/${name}/`, LIST]);
    for (const id of ids) out.push([`/v1/schedules/${name}/${id}/`, LIST]);
    for (const view of own) out.push([`/v1/schedules/${name}/${view}/`, LIST]);
  }
  return out;
}

test('names with views of their own stay names before their items, however alike the envelope answers', () => {
  const views = {
    schedule_a: ['by_state', 'by_zip', 'efile'],
    schedule_b: ['by_purpose', 'by_recipient', 'efile'],
    schedule_c: [],
  };
  const got = inventoryLines(schedules(views, ['1044', '1048', '1062']));
  for (const t of [
    'GET /v1/schedules/schedule_a/{id}',
    'GET /v1/schedules/schedule_a/by_zip',
    'GET /v1/schedules/schedule_b/by_purpose',
  ])
    assert.ok(got.includes(t), got.join('\n'));
  assert.ok(!got.some((t) => t.startsWith('GET /v1/schedules/{')), got.join('\n'));
});

test('look-alike: names before values with no views of their own, or views they share, are one parameter', () => {
  const views = { north: ['summary'], south: ['summary'], east: [], west: ['summary'] };
  const got = inventoryLines(schedules(views, ['1044', '1048', '1062']));
  assert.ok(got.includes('GET /v1/schedules/{id}/{schedule_id}'), got.join('\n'));
  assert.ok(got.includes('GET /v1/schedules/{id}/summary'), got.join('\n'));
});
