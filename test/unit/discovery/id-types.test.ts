/**
 * Types of ids made of digits, as examples (docs/api-discovery.md "Types of ids"): requests and
 * answers in, the path parameter's type out. Digits are an `integer` unless the traffic shows a
 * string: a leading zero, a value past 2^53, or the API writing the same ids as JSON strings in
 * its own answers (the item, its collection's list, the collection's named lists and creations).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../node/config/load';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { DiscoveryInventory } from '../../../node/analysis/discovery/inventory';
import { itemPositions } from '../../../node/analysis/discovery/path-types';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { classifyText, digitsType } from '../../../node/analysis/discovery/values';
import type { ApiEndpointRecord } from '../../../node/records/types';
import { tx, type TxSpec } from './tx';

function inventory(): DiscoveryInventory {
  const r = loadConfigText('mode: tcp-capture\n', 't.yaml');
  assert.ok('config' in r, JSON.stringify(r));
  return new DiscoveryInventory(discoverySettings(r.config));
}

function feed(inv: DiscoveryInventory, specs: TxSpec[]): void {
  for (const spec of specs) {
    const t = tx(spec);
    inv.observe(t, 'api.test', extractFacts(t, { decompressBytes: 1 << 20 }), String(t.request.startTs), true);
  }
}

function pathTypes(records: ApiEndpointRecord[], method: string, template: string): Record<string, string[]> {
  const e = records.find((r) => r.method === method && r.template === template);
  assert.ok(e !== undefined, `${method} ${template} in ${records.map((r) => `${r.method} ${r.template}`).join(', ')}`);
  return Object.fromEntries(Object.entries(e.params.path ?? {}).map(([k, v]) => [k, v.types]));
}

const json = (v: unknown): string => JSON.stringify(v);

test('ids the item answers with as JSON strings are strings: GET /users/4417 → {"id": "4417"}', () => {
  const inv = inventory();
  feed(inv, [
    { target: '/users/4417', responseBody: json({ id: '4417', name: 'anna' }) },
    { target: '/users/4421', responseBody: json({ id: '4421', name: 'ben' }) },
    { method: 'DELETE', target: '/users/4417', status: 204, responseBody: '' },
  ]);
  const records = inv.snapshot();
  assert.deepEqual(pathTypes(records, 'GET', '/users/{id}'), { id: ['string'] });
  // DELETE answers nothing: the GET's answer says what the ids of the position are.
  assert.deepEqual(pathTypes(records, 'DELETE', '/users/{id}'), { id: ['string'] });
});

test('ids answered as JSON numbers, or never answered, stay integers', () => {
  const inv = inventory();
  feed(inv, [
    { target: '/orders/12', responseBody: json({ id: 12, total: 9.5 }) },
    { target: '/orders/13', responseBody: json({ id: 13, total: 2.25 }) },
    { method: 'DELETE', target: '/tickets/7', status: 204, responseBody: '' },
    { method: 'DELETE', target: '/tickets/9', status: 204, responseBody: '' },
  ]);
  const records = inv.snapshot();
  assert.deepEqual(pathTypes(records, 'GET', '/orders/{id}'), { id: ['integer'] });
  assert.deepEqual(pathTypes(records, 'DELETE', '/tickets/{id}'), { id: ['integer'] });
});

test("the collection's list, its named lists and its creation say it too (Docker: GET /containers/json, POST /containers/create)", () => {
  const inv = inventory();
  feed(inv, [
    { target: '/v1.33/containers/json', responseBody: json([{ Id: '8812', Names: ['/web'] }]) },
    { method: 'POST', target: '/v1.33/containers/create', status: 201, responseBody: json({ Id: '8813', Warnings: [] }) },
    { method: 'POST', target: '/v1.33/containers/8812/stop', status: 204, responseBody: '' },
    { method: 'POST', target: '/v1.33/containers/8813/stop', status: 204, responseBody: '' },
    // A list under its collection, wrapped: `$.items[].id`.
    { target: '/api/sites', responseBody: json({ items: [{ id: '301' }, { id: '302' }], total: 2 }) },
    { method: 'DELETE', target: '/api/sites/301', status: 204, responseBody: '' },
    { method: 'DELETE', target: '/api/sites/302', status: 204, responseBody: '' },
  ]);
  const records = inv.snapshot();
  assert.deepEqual(pathTypes(records, 'POST', '/v1.33/containers/{id}/stop'), { id: ['string'] });
  assert.deepEqual(pathTypes(records, 'DELETE', '/api/sites/{id}'), { id: ['string'] });
});

test("the item's own id is the shallowest one: $.id before $.settings.id; $.ssh_key.id when the item is wrapped", () => {
  const inv = inventory();
  feed(inv, [
    { target: '/sites/51', responseBody: json({ id: '51', settings: { id: 7 } }) },
    { target: '/sites/52', responseBody: json({ id: '52', settings: { id: 8 } }) },
    { target: '/ssh_keys/4', responseBody: json({ ssh_key: { id: '4', name: 'laptop' } }) },
    { target: '/ssh_keys/5', responseBody: json({ ssh_key: { id: '5', name: 'desk' } }) },
    // A named id of the resource (`user_id` under /users) counts, another resource's (`owner_id`) does not.
    { target: '/teams/8', responseBody: json({ team_id: '8', owner_id: 3 }) },
    { target: '/teams/9', responseBody: json({ team_id: '9', owner_id: 4 }) },
  ]);
  const records = inv.snapshot();
  assert.deepEqual(pathTypes(records, 'GET', '/sites/{id}'), { id: ['string'] });
  assert.deepEqual(pathTypes(records, 'GET', '/ssh_keys/{id}'), { id: ['string'] });
  assert.deepEqual(pathTypes(records, 'GET', '/teams/{id}'), { id: ['string'] });
});

test('an id field of another shape (a uuid, a hash) is not these digits: the path stays integer', () => {
  const inv = inventory();
  feed(inv, [
    { target: '/invoices/1001', responseBody: json({ id: '0b7e6a52-4c1e-4f0e-9d1f-3f4a2b9c8d11', number: 1001 }) },
    { target: '/invoices/1002', responseBody: json({ id: '6f1c2d3e-8a9b-4c0d-9e1f-2a3b4c5d6e7f', number: 1002 }) },
  ]);
  assert.deepEqual(pathTypes(inv.snapshot(), 'GET', '/invoices/{id}'), { id: ['integer'] });
});

test('deltas carry the type the inventory knows when they are cut (the evidence of facts already exported counts)', () => {
  const inv = inventory();
  feed(inv, [{ target: '/users/4417', responseBody: json({ id: '4417' }) }]);
  inv.takeDeltas();
  feed(inv, [{ method: 'DELETE', target: '/users/4417', status: 204, responseBody: '' }]);
  const [d] = inv.takeDeltas();
  assert.equal(d.method, 'DELETE');
  assert.deepEqual(d.params.path?.id.types, ['string']);
});

test('digits past 2^53 are a string (a 64-bit snowflake id no JSON client holds as a number), in the path and the query', () => {
  assert.equal(digitsType('9007199254740991'), 'integer');
  assert.equal(digitsType('9007199254740992'), 'string');
  assert.equal(digitsType('1790712390123456789'), 'string');
  assert.equal(digitsType('00042'), 'string');
  assert.equal(digitsType('0'), 'integer');
  assert.equal(classifyText('9007199254740991').type, 'integer');
  assert.equal(classifyText('-9007199254740991').type, 'integer');
  assert.equal(classifyText('-9007199254740992').type, 'string');
  assert.equal(classifyText('1790712390123456789').type, 'string');
  const inv = inventory();
  feed(inv, [
    { target: '/statuses/1790712390123456789?since_id=1790712390123450000&count=20', status: 204, responseBody: '' },
    { target: '/statuses/1790712390123456790?since_id=1790712390123450001&count=50', status: 204, responseBody: '' },
  ]);
  const [e] = inv.snapshot();
  assert.equal(e.template, '/statuses/{id}');
  assert.deepEqual(e.params.path!.id.types, ['string']);
  assert.deepEqual(e.params.query!.since_id.types, ['string']);
  assert.deepEqual(e.params.query!.count.types, ['integer']);
});

test('item positions of a template: one per path parameter, null where a parameter shares its segment or follows another', () => {
  assert.deepEqual(itemPositions('/v1/containers/{id}/json'), ['/v1/containers/{id}']);
  assert.deepEqual(itemPositions('/t/{id}.json'), ['/t/{id}.json']);
  assert.deepEqual(itemPositions('/worker/{id}:{worker_id}'), [null, null]);
  assert.deepEqual(itemPositions('/reports/{id}.{format}'), [null, null]);
  assert.deepEqual(itemPositions('/{id}/projects/{project_id}/{id2}'), [null, '/{id}/projects/{project_id}', null]);
});
