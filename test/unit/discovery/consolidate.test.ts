/**
 * Templates consolidated across analysis threads (node/analysis/discovery/consolidate.ts): what
 * one thread kept literal because it saw one value joins the parameter another thread found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidateTemplates } from '../../../node/analysis/discovery/consolidate';
import type { ApiEndpointRecord } from '../../../node/records/types';

function rec(method: string, template: string, count: number, path?: ApiEndpointRecord['params']['path']): ApiEndpointRecord {
  return {
    type: 'api_endpoint',
    ts: '2026-01-01T00:00:00.000000Z',
    host: 'api.test',
    method,
    template,
    count,
    first_seen: '2026-01-01T00:00:00.000000Z',
    last_seen: '2026-01-01T00:00:00.000000Z',
    params: path === undefined ? {} : { path },
    responses: { '200': { count } },
  } as ApiEndpointRecord;
}

const summary = (rs: ApiEndpointRecord[]) =>
  rs.map((r) => `${r.method} ${r.template} ${r.count} ${JSON.stringify(r.params.path ?? {})}`).sort();

test('a value-like literal next to a parameter joins it (any method); words stay literal; facts add up', () => {
  const out = consolidateTemplates([
    rec('GET', '/users/{id}', 3, { id: { count: 3, types: ['integer'] } }),
    rec('GET', '/users/anna52', 1),
    rec('DELETE', '/users/bob77/orders', 2),
    rec('GET', '/users/me', 5),
    rec('GET', '/users/{id}/orders/{order_id}', 4, {
      id: { count: 4, types: ['integer'] },
      order_id: { count: 4, types: ['integer'] },
    }),
  ]);
  assert.deepEqual(summary(out), [
    'DELETE /users/{id}/orders 2 {"id":{"count":2,"types":["string"]}}',
    'GET /users/me 5 {}',
    'GET /users/{id} 4 {"id":{"count":4,"types":["integer","string"]}}',
    'GET /users/{id}/orders/{order_id} 4 {"id":{"count":4,"types":["integer"]},"order_id":{"count":4,"types":["integer"]}}',
  ]);
});

test('two value-like literals alone become a parameter (per format suffix); one stays a name; gRPC is never folded', () => {
  const grpc = { ...rec('POST', '/pkg.Svc/Get42', 1), kind: 'grpc' } as ApiEndpointRecord;
  const out = consolidateTemplates([
    rec('GET', '/t/anna52.json', 1),
    rec('GET', '/t/bob77.json', 1),
    rec('GET', '/u/oauth2', 1),
    rec('GET', '/s/gold_falcon_19', 1),
    grpc,
  ]);
  assert.deepEqual(summary(out), [
    'GET /s/gold_falcon_19 1 {}',
    'GET /t/{id}.json 2 {"id":{"count":2,"types":["string"]}}',
    'GET /u/oauth2 1 {}',
    'POST /pkg.Svc/Get42 1 {}',
  ]);
});

test('a parameter inside a segment (page-{page_id}.atom) stays a parameter, with its facts, when a sibling position is consolidated', () => {
  const out = consolidateTemplates([
    rec('GET', '/feeds/{id}/page-{page_id}.atom', 2, {
      id: { count: 2, types: ['integer'] },
      page_id: { count: 2, types: ['integer'] },
    }),
    rec('GET', '/feeds/anna52/page-{page_id}.atom', 1, { page_id: { count: 1, types: ['integer'] } }),
  ]);
  assert.deepEqual(summary(out), [
    'GET /feeds/{id}/page-{page_id}.atom 3 {"id":{"count":3,"types":["integer","string"]},"page_id":{"count":3,"types":["integer"]}}',
  ]);
});
