/**
 * Parameters and value classes on traffic unlike our generator's (the variants of
 * test/eval/discovery/synth.ts; docs/api-discovery.md "Measured"), as examples: requests in, the
 * parameters, types and templates the inventory lists out. One test per class of error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../node/config/load';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { DiscoveryInventory } from '../../../node/analysis/discovery/inventory';
import { jsonDepth } from '../../../node/analysis/discovery/kept-names';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { softValue } from '../../../node/analysis/discovery/values';
import { tx, type TxSpec } from './tx';

function inventory(extraYaml = ''): DiscoveryInventory {
  const r = loadConfigText(`mode: tcp-capture\n${extraYaml}`, 't.yaml');
  assert.ok('config' in r, JSON.stringify(r));
  return new DiscoveryInventory(discoverySettings(r.config));
}

function feed(inv: DiscoveryInventory, spec: TxSpec): void {
  const t = tx(spec);
  inv.observe(t, 'api.test', extractFacts(t, { decompressBytes: 1 << 20 }), String(t.request.startTs), true);
}

test('caps: a large body loses its deepest fields first, never the query parameters or its top-level fields', () => {
  // A container-create body: 12 fields under $.HostConfig, then the top-level fields a user sets.
  const hostConfig = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Opt${i}`, i]));
  const body = JSON.stringify({ HostConfig: hostConfig, Image: 'nginx', User: 'www', Tty: false });
  const inv = inventory('api_discovery:\n  max_params_per_endpoint: 8\n');
  feed(inv, { method: 'POST', target: '/containers/create?name=web', headers: [['Content-Type', 'application/json']], body });
  // Kept: the query parameter, the body's root, its 4 top-level fields, then the 2 smallest names one level down.
  const [e] = inv.snapshot();
  assert.deepEqual(Object.keys(e.params.query!), ['name']);
  assert.deepEqual(Object.keys(e.params.body!).sort(), [
    '$',
    '$.HostConfig',
    '$.HostConfig.Opt0',
    '$.HostConfig.Opt1',
    '$.Image',
    '$.Tty',
    '$.User',
  ]);
});

test("caps with realistic large bodies (default settings): a body with more values than are looked at keeps its top-level fields, a large answer takes no request parameter's place", () => {
  // 250 options of 2 values each before the fields a user sets: more than the 200 values of a message looked at.
  const hostConfig = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`Opt${i}`, { v: i, on: i % 2 === 0 }]));
  const body = JSON.stringify({ HostConfig: hostConfig, Image: 'nginx', User: 'www', Tty: false });
  // An answer of 300 fields (a settings document).
  const answer = JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`setting_${i}`, i])));
  const inv = inventory();
  for (const q of ['name=web&platform=linux', 'name=db'])
    feed(inv, {
      method: 'POST',
      target: `/v1.43/containers/create?${q}`,
      headers: [['Content-Type', 'application/json']],
      body,
      responseBody: answer,
    });
  const [e] = inv.snapshot();
  assert.deepEqual(Object.keys(e.params.query!), ['name', 'platform']);
  for (const f of ['$', '$.HostConfig', '$.Image', '$.User', '$.Tty']) assert.ok(e.params.body![f] !== undefined, f);
  assert.equal(e.params.body!['$.Image'].count, 2);
  // 100 request parameters kept (the shallowest), 100 response fields kept: separate budgets.
  assert.equal(Object.keys(e.params.query!).length + Object.keys(e.params.body!).length, 100);
  assert.equal(Object.keys(e.responses['200'].body!).length, 100);
});

test('JSON depth of a parameter name (the cap keeps the shallow ones)', () => {
  assert.deepEqual(['offset', '$', '$.a', '$[]', '$.a[].b', '$["a.b"]', '$["a[\\"x"].c'].map(jsonDepth), [0, 0, 1, 1, 3, 1, 2]);
});

test('types: digits with a leading zero are a string (a code), in the query and in the path', () => {
  const inv = inventory();
  for (const [acct, q] of [
    ['00042', 'zip=01234&page=0&limit=20'],
    ['00107', 'zip=90210&page=3&limit=20'],
  ])
    feed(inv, { target: `/accounts/${acct}/invoices?${q}` });
  const [e] = inv.snapshot();
  assert.equal(e.template, '/accounts/{id}/invoices');
  assert.deepEqual(e.params.path!.id.types, ['string']);
  // A zip code is a string even when one of its values has no leading zero; page 0 is a number.
  assert.deepEqual(e.params.query!.zip.types, ['integer', 'string']);
  assert.deepEqual(e.params.query!.page.types, ['integer']);
});

test('noise: a page fetched with GET is not API; an operation answered by HTML or text is', () => {
  const inv = inventory();
  const html: Array<[string, string]> = [['Content-Type', 'text/html; charset=utf-8']];
  feed(inv, { target: '/products/42', responseHeaders: html, responseBody: '<html></html>' });
  feed(inv, {
    method: 'POST',
    target: '/login',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']],
    body: 'user=anna&remember=true',
    responseHeaders: html,
    responseBody: '<html>welcome</html>',
  });
  feed(inv, { method: 'DELETE', target: '/api/notes/7', responseHeaders: html, responseBody: '<p>deleted</p>' });
  feed(inv, { target: '/api/status', responseHeaders: [['Content-Type', 'text/plain']], responseBody: 'ok' });
  feed(inv, { method: 'PUT', target: '/api/notes/7', status: 204, responseHeaders: [], responseBody: '' });
  assert.deepEqual(
    inv
      .snapshot()
      .map((e) => `${e.method} ${e.template}`)
      .sort(),
    ['DELETE /api/notes/{id}', 'GET /api/status', 'POST /login', 'PUT /api/notes/{id}'],
  );
  assert.equal(inv.counters.noiseContentType, 1);
  const login = inv.snapshot().find((e) => e.template === '/login')!;
  assert.deepEqual(Object.keys(login.params.body!).sort(), ['remember', 'user']);
});

test('noise: an HTML answer to a GET that asked for data (Accept: JSON or XML, no HTML) is an API answer, not a page', () => {
  const inv = inventory();
  const html: Array<[string, string]> = [['Content-Type', 'text/html; charset=utf-8']];
  const page = (target: string, accept: string | null) =>
    feed(inv, { target, headers: accept === null ? [] : [['Accept', accept]], responseHeaders: html, responseBody: '<p>x</p>' });
  // API clients: JSON, a vendor JSON type, XML, axios' default list.
  page('/api/reports/7', 'application/json');
  page('/api/exports/3', 'application/vnd.acme.v2+json');
  page('/api/feeds/2', 'application/xml');
  page('/api/notes/5', 'application/json, text/plain, */*');
  // Pages: a browser navigation names HTML, fetch() and curl send */*, and a request may send no Accept.
  page('/products/42', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
  page('/about/1', '*/*');
  page('/help/2', null);
  const templates = (i: DiscoveryInventory) => i.snapshot().map((e) => `${e.method} ${e.template}`);
  assert.deepEqual(templates(inv).sort(), [
    'GET /api/exports/{id}',
    'GET /api/feeds/{id}',
    'GET /api/notes/{id}',
    'GET /api/reports/{id}',
  ]);
  assert.equal(inv.counters.noiseContentType, 3);
  // An image is an asset whatever was asked for.
  feed(inv, { target: '/img/1', headers: [['Accept', 'application/json']], responseHeaders: [['Content-Type', 'image/png']] });
  assert.equal(inv.counters.noiseContentType, 4);
});

test('value class: short random ids of 6-7 characters are value-like; camelCase and brand words are not', () => {
  for (const id of ['XXbOxv', 'EBC4Xd', 'lDVPvve', 'HoCAp85']) assert.ok(softValue(id), id);
  for (const word of ['iPhone', 'GitHub', 'OAuth2', 'eBooks', 'JSONApi', 'getById', 'toHTML', 'macOS'])
    assert.ok(!softValue(word), word);
});

test('value class: random ids of 8+ characters of both cases with one digit inside or a capital and three consonants are value-like; names with numbers are not', () => {
  // One digit inside letters of both cases, a capital and three lower-case consonants.
  for (const id of ['k0yZPVFM', 'tsXecI0e', 'oi7RMUPS', 'PiAplKgzcox', 'QdtfoPbfjel']) assert.ok(softValue(id), id);
  // A digit before a capitalised word or at the end, English consonant clusters, lower-case words with a digit.
  for (const word of [
    's3Bucket',
    'h2Config',
    'ec2Region',
    'OAuth2',
    'getStrings',
    'Christmas',
    'firstName',
    'backgroundColor',
    'web3auth',
    'mp3files',
  ])
    assert.ok(!softValue(word), word);
});

test('value class: short codes of 6-8 letters and digits with one digit inside are value-like; names with one digit are not (i19-realids)', () => {
  for (const id of ['DQE1PH', 'OSMM5SJD', 'VyhA3pX', 'up4lYB', 'U1wrrM', 'Je3OnR']) assert.ok(softValue(id), id);
  // The digit at the end, after a `v`, before a capitalised word (an acronym's letters or one lower-case letter
  // before it), first; all lower case; two capitalised words and no digit.
  for (const word of [
    'OAuth2',
    'HTTP2',
    'listV2',
    'IPv4',
    'getV2',
    's3Bucket',
    'ec2Tags',
    'E2ETest',
    'k8sPods',
    'K8SApi',
    'G7Summit',
    'F1Race',
    '3dFlag',
    'md5sum',
    'mp3info',
    'AppName',
  ])
    assert.ok(!softValue(word), word);
});

test('value class: a two- or three-letter acronym written as a word inside a camelCase name (managementDnsZoneBindings) is a name; vowel-less runs among short or odd runs stay random ids', () => {
  for (const word of ['managementDnsZoneBindings', 'enableSshKeys', 'parseXmlBody', 'privateTcpRoutes'])
    assert.ok(!softValue(word), word);
  // Look-alikes: the run at an end, one-letter runs beside it, short runs around it.
  for (const id of ['TvorwqDp', 'PEizpEfxeCE', 'kTvorwqDpLmxe', 'eCcbMUlakA', 'abDnsZoneBindings']) assert.ok(softValue(id), id);
});

test('templates: short random ids under a collection are a parameter', () => {
  const inv = inventory();
  for (const id of ['XXbOxv', 'EBC4Xd', 'lDVPvve'])
    feed(inv, { target: `/distributions/${id}`, responseBody: '{"name":"x","arch":"y"}' });
  feed(inv, { target: '/distributions/include_remotes', responseBody: '[{"name":"x"}]' });
  assert.deepEqual(
    inv
      .snapshot()
      .map((e) => e.template)
      .sort(),
    ['/distributions/include_remotes', '/distributions/{id}'],
  );
});

test('templates: a client writing literal segments in another case (a case-insensitive server) names the same endpoint', () => {
  const inv = inventory();
  for (const t of ['/api/users/12', '/api/users/34/', '/API/Users/56', '/api/Users/12/orders', '/api/users/34/orders'])
    feed(inv, { target: t, responseBody: '{"id":1}' });
  // User names that differ only in case are two users: never folded.
  for (const t of ['/people/Anna84', '/people/anna84']) feed(inv, { target: t, responseBody: '{"id":1}' });
  assert.deepEqual(
    inv
      .snapshot()
      .map((e) => e.template)
      .sort(),
    ['/api/users/{id}', '/api/users/{id}/orders', '/people/{id}'],
  );
  // The template writes the spelling most requests use, whichever came first.
  const other = inventory();
  for (const t of ['/Top_writer/ai', '/top_writer/go', '/top_writer/ml', '/top_writer/go']) feed(other, { target: t });
  assert.deepEqual(
    other
      .snapshot()
      .map((e) => e.template)
      .sort(),
    ['/top_writer/ai', '/top_writer/go', '/top_writer/ml'],
  );
});
