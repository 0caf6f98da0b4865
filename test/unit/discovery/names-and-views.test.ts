/**
 * Names read as values, leaves read as a second parameter (issue 19, branch i19-names; docs/api-discovery.md "Names
 * with a number inside, views of every item (branch i19-names)"). A name's digits close one of its words
 * (`associatedRoute53HealthChecks`); a generated id's do not (`aB3dE9`). Read-only leaves asked of every item
 * (`/cities/{id}/time`) are the item's views; a second parameter's values spread over the parents as the data does.
 * Each example is a set of requests (method, URL, the server's answer) and the templates the inventory lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeShape, numberedName, softValue, variableSegment } from '../../../node/analysis/discovery/values';
import { inventoryLines } from './inventory-examples';

/** A request: `METHOD /path` (GET when no method) and its JSON answer. */
type Request = [line: string, answer: string];

const templatesOf = (requests: Request[]): string[] => inventoryLines(requests);

test('numberedName: words closed by their numbers before a capitalised word; generated ids and handles are not', () => {
  for (const s of ['associatedRoute53HealthChecks', 'Route53HealthChecks', 'Ipv6Addresses', 'win32Apps', 'sha256Hashes'])
    assert.equal(numberedName(s), true, s);
  // One-letter runs, a lower-case letter after a number, digits at the end (a handle), words of two letters.
  for (const s of ['aB3dE9', 'aB3dE9xY', 'x7Gk2pQ9', 'b63Urz', 'johnSmith84', 'LVNTAYP84Xea', 'e2eTestRuns', 'HealthChecks'])
    assert.equal(numberedName(s), false, s);
});

test('a name with two digits inside is a name, not value-like, however long; generated ids of the same letters stay values', () => {
  // Before: two digits made any segment value-like (softValue), and 20 characters or more an id on their own (variableSegment).
  for (const s of ['associatedRoute53HealthChecks', 'Ipv6Addresses', 'sha256Hashes', 'Windows10Devices']) {
    assert.equal(softValue(s), false, s);
    assert.equal(variableSegment(s), null, s);
    assert.equal(codeShape(s), false, s);
  }
  for (const s of ['aB3dE9', 'aB3dE9xY', 'k0yZPVFM', 'johnSmith84', 'LVNTAYP84Xea']) assert.equal(softValue(s), true, s);
  assert.equal(variableSegment('aB3dE9xYqR7tK2mN5pL8w'), 'id');
});

test('a sub-resource named with a number inside, under every item: /routingcontrol/{id}/associatedRoute53HealthChecks', () => {
  const control = '{"RoutingControl":{"Name":"x","Status":"DEPLOYED"}}';
  const checks = '{"HealthCheckIds":["a"],"NextToken":"t"}';
  const requests: Request[] = [];
  for (const id of ['20289', '22987', '63565', '86115', '88031', '93074']) {
    requests.push([`/routingcontrol/${id}`, control]);
    requests.push([`/routingcontrol/${id}/associatedRoute53HealthChecks`, checks]);
  }
  assert.deepEqual(templatesOf(requests), ['GET /routingcontrol/{id}', 'GET /routingcontrol/{id}/associatedRoute53HealthChecks']);
});

test('look-alike: generated codes with digits in camel-like shapes under every item stay a parameter', () => {
  const item = '{"id":1,"name":"x"}';
  const code = '{"code":"c","valid":true}';
  const requests: Request[] = [];
  const codes = ['aB3dE9', 'kQ7xZ2', 'pL4mN8', 'tR5vW1', 'zY6cX3'];
  ['11', '12', '13', '14'].forEach((id, i) => {
    requests.push([`/accounts/${id}`, item]);
    for (let j = 0; j < 3; j++) requests.push([`/accounts/${id}/${codes[(i + j) % codes.length]}`, code]);
  });
  assert.deepEqual(templatesOf(requests), ['GET /accounts/{id}', 'GET /accounts/{id}/{account_id}']);
});

/** Cities, each asked for some of the four views geodb has; every answer is one envelope `{"data", "errors"}`. */
function cityViews(): Request[] {
  const envelope = '{"data":{"value":1},"errors":[]}';
  const seen: Record<string, string[]> = {
    'harbor-gold-896': ['dateTime', 'distance', 'locatedIn', 'time'],
    'iris-amber-81': ['dateTime', 'distance', 'locatedIn'],
    'kite-nova-534': ['distance', 'locatedIn'],
    'summit-iris-661': ['dateTime', 'locatedIn', 'time'],
  };
  const requests: Request[] = [];
  for (const [city, views] of Object.entries(seen)) {
    requests.push([`/v1/geo/cities/${city}`, '{"data":{"id":1,"name":"n"}}']);
    for (const v of views) requests.push([`/v1/geo/cities/${city}/${v}`, envelope]);
  }
  return requests;
}

test('read-only leaves under most items of a parameter, few and fixed, are the items views: /cities/{id}/dateTime', () => {
  assert.deepEqual(templatesOf(cityViews()), [
    'GET /v1/geo/cities/{id}',
    'GET /v1/geo/cities/{id}/dateTime',
    'GET /v1/geo/cities/{id}/distance',
    'GET /v1/geo/cities/{id}/locatedIn',
    'GET /v1/geo/cities/{id}/time',
  ]);
});

/**
 * Projects and the flags read under each (`/api/v2/flags/{project}/{flag}`): project `i` reads `perProject` flags from
 * flag `step * i` on, and, when `deletes`, deletes the next one.
 */
function flagsOfProjects(projects: string[], perProject: number, step: number, deletes: boolean): Request[] {
  const flags = ['oliver', 'rosatanaka', 'fgarcia', 'jack', 'smith-kevin'];
  const flag = (n: number): string => flags[n % flags.length];
  const requests: Request[] = [];
  projects.forEach((p, i) => {
    requests.push([`/api/v2/flags/${p}`, '{"key":"p","flags":[]}']);
    for (let j = 0; j < perProject; j++) requests.push([`/api/v2/flags/${p}/${flag(step * i + j)}`, '{"key":"f","on":true}']);
    if (deletes) requests.push([`DELETE /api/v2/flags/${p}/${flag(step * i + 1)}`, '{}']);
  });
  return requests;
}

test('look-alike: names under a parameter that are deleted too are a second parameter (flags of projects)', () => {
  const requests = flagsOfProjects(['annakowalski', 'bdubois', 'tomgarcia', 'rosarossi'], 3, 1, true);
  assert.deepEqual(templatesOf(requests), [
    'DELETE /api/v2/flags/{id}/{flag_id}',
    'GET /api/v2/flags/{id}',
    'GET /api/v2/flags/{id}/{flag_id}',
  ]);
});

test('look-alike: read-only leaf names each under a few of the parameter values are a second parameter (flags read only)', () => {
  // Six projects, two flags read under each: every flag under two or three of them, fewer than half.
  const projects = ['annakowalski', 'bdubois', 'tomgarcia', 'rosarossi', 'ninaweber', 'carlasilva'];
  assert.deepEqual(templatesOf(flagsOfProjects(projects, 2, 2, false)), [
    'GET /api/v2/flags/{id}',
    'GET /api/v2/flags/{id}/{flag_id}',
  ]);
});
