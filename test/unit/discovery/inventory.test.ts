import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { defaultConfig, loadConfigText } from '../../../node/config/load';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { DiscoveryInventory } from '../../../node/analysis/discovery/inventory';
import { Inventory } from '../../../node/analysis/discovery/merge';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { capEndpointFacts } from '../../../node/analysis/discovery/kept-names';
import { tx, type TxSpec } from './tx';

const limits = { decompressBytes: 1 << 20 };

function inventory(extraYaml = '') {
  const r = loadConfigText(`mode: tcp-capture\n${extraYaml}`, 't.yaml');
  assert.ok('config' in r, JSON.stringify(r));
  return new DiscoveryInventory(discoverySettings(r.config));
}

function feed(inv: DiscoveryInventory, spec: TxSpec) {
  const t = tx(spec);
  return inv.observe(t, 'api.test', extractFacts(t, limits), String(t.request.startTs), true);
}

function templates(inv: DiscoveryInventory): string[] {
  return inv.snapshot().map((e) => `${e.method} ${e.template}`);
}

test('templates by evidence: numbers, UUIDs, hashes, dates, emails are parameters; /api/users/me stays literal', () => {
  const inv = inventory();
  for (const p of [
    '/api/users/123',
    '/api/users/456',
    '/api/users/me',
    '/api/users/123/orders/7f1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    '/api/files/9e107d9d372bb6826bd81d3542a419d6',
    '/api/reports/2024-02-29',
    '/api/people/bob@example.com',
    '/api/people/ann%40example.com',
    '/api/v1/status',
    '/api//v1/./x/../status/',
  ]) {
    feed(inv, { target: p });
  }
  assert.deepEqual(templates(inv).sort(), [
    'GET /api/files/{id}',
    'GET /api/people/{email}',
    'GET /api/reports/{date}',
    'GET /api/users/me',
    'GET /api/users/{id}',
    'GET /api/users/{id}/orders/{order_id}',
    'GET /api/v1/status',
  ]);
});

test('names answering alike become a parameter; past path_value_threshold their subtrees are merged for good', () => {
  const inv = inventory('api_discovery:\n  path_value_threshold: 5\n');
  const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
  const avatar = (n: string) => JSON.stringify({ url: `/img/${n}.png`, width: 64, height: 64 });
  for (const n of names) feed(inv, { target: `/api/profiles/${n}/avatar`, ts: 1000 + names.indexOf(n), responseBody: avatar(n) });
  feed(inv, { target: '/api/profiles/heidi/avatar', ts: 5000, responseBody: avatar('heidi') });
  const snap = inv.snapshot();
  assert.deepEqual(
    snap.map((e) => e.template),
    ['/api/profiles/{id}/avatar'],
  );
  assert.equal(snap[0].count, names.length + 1);
  assert.deepEqual(snap[0].params.path, { id: { count: names.length + 1, types: ['string'] } });
  assert.equal(inv.counters.endpoints, 1);
  assert.equal(inv.counters.positionsFolded, 1);
});

test('resource names stay literal however many there are (no cardinality limit); values next to them become parameters', () => {
  const inv = inventory();
  const resources = Array.from({ length: 30 }, (_, i) => `resource${String.fromCharCode(97 + (i % 26))}${i >= 26 ? 'x' : ''}s`);
  resources.forEach((r, i) => {
    feed(inv, { target: `/api/v1/${r}`, responseBody: JSON.stringify([{ id: i, [`field_${r}`]: 'x', [`other_${r}`]: 1 }]) });
    feed(inv, {
      target: `/api/v1/${r}/${100 + i}`,
      responseBody: JSON.stringify({ id: i, [`field_${r}`]: 'x', [`other_${r}`]: 1 }),
    });
    feed(inv, {
      method: 'POST',
      target: `/api/v1/${r}`,
      status: 201,
      responseBody: JSON.stringify({ id: i, [`field_${r}`]: 'x' }),
    });
  });
  const t = templates(inv);
  assert.equal(t.length, 90, t.join('\n'));
  assert.ok(t.includes('GET /api/v1/resourceas/{id}') && t.includes('POST /api/v1/resourcedxs'));
});

test('user names, setting keys, short opaque ids and slugs with digits become parameters with few calls each; /user/login stays literal', () => {
  const inv = inventory();
  const user = (n: string) => JSON.stringify({ username: n, email: `${n}@example.com`, id: 7 });
  for (const n of ['anna84', 'gold_falcon_19', 'eCcbMUlakA', 'bob.smith']) {
    feed(inv, { target: `/user/${n}`, responseBody: user(n) });
    feed(inv, { method: 'DELETE', target: `/user/${n}`, status: 204, responseHeaders: [], responseBody: '' });
  }
  for (let i = 0; i < 5; i++)
    feed(inv, {
      target: `/user/login?username=a&password=b`,
      responseBody: '"token-abc"',
      responseHeaders: [['Content-Type', 'application/json']],
    });
  feed(inv, { target: '/user/logout', responseBody: '{"code":200,"message":"ok","type":"x"}' });
  feed(inv, {
    method: 'POST',
    target: '/user/createWithList',
    headers: [['Content-Type', 'application/json']],
    body: '[{"username":"x"}]',
    responseBody: '{"code":200,"message":"ok","type":"x"}',
  });
  for (const t of ['/t/123.json', '/t/456.json', '/t/hello-world-42.json', '/t/new-topic-7.json'])
    feed(inv, { target: t, responseBody: '{"id":1,"title":"t","posts":[]}' });
  assert.deepEqual(templates(inv).sort(), [
    'DELETE /user/{id}',
    'GET /t/{id}.json',
    'GET /user/login',
    'GET /user/logout',
    'GET /user/{id}',
    'POST /user/createWithList',
  ]);
  const get = inv.snapshot().find((e) => e.template === '/user/{id}' && e.method === 'GET')!;
  assert.deepEqual(get.params.path, { id: { count: 4, types: ['string'] } });
});

test('literal leaves answering alike (slugs) become a parameter; resources answering differently stay literal', () => {
  const inv = inventory();
  for (const slug of ['hello-world', 'second-post', 'on-templating']) {
    feed(inv, { target: `/api/articles/${slug}`, responseBody: JSON.stringify({ id: slug.length, title: slug, body: 'x' }) });
  }
  feed(inv, { target: '/api/articles/yet-another', responseBody: JSON.stringify({ id: 1, title: 't', body: 'y' }) });
  feed(inv, { target: '/api/status', responseBody: '{"up":true,"since":"2024-01-01"}' });
  feed(inv, { target: '/api/health', responseBody: '{"db":"ok","cache":"ok"}' });
  feed(inv, { target: '/api/version', responseBody: '{"version":"1.2.3","commit":"abc"}' });
  assert.deepEqual(templates(inv).sort(), ['GET /api/articles/{id}', 'GET /api/health', 'GET /api/status', 'GET /api/version']);
  assert.equal(inv.snapshot().find((e) => e.template === '/api/articles/{id}')!.count, 4);
  const off = inventory('api_discovery:\n  path_similar_threshold: 0\n');
  for (const slug of ['a-b', 'c-d', 'e-f']) feed(off, { target: `/api/articles/${slug}`, responseBody: '{"id":1,"title":"t"}' });
  assert.equal(templates(off).length, 3);
});

test('noise: static assets, non-API content types, error-only and unanswered paths make no endpoint', () => {
  const inv = inventory();
  // The response's media type decides first: JavaScript under .js is static, JSON under .tar.gz is API.
  feed(inv, { target: '/app.js', responseHeaders: [['Content-Type', 'application/javascript']] });
  feed(inv, { target: '/logo.png', responseHeaders: [], responseBody: '' });
  feed(inv, { target: '/api/export/dump.tar.gz' });
  feed(inv, { target: '/page', responseHeaders: [['Content-Type', 'text/html']] });
  feed(inv, { target: '/api/admin', status: 404 });
  feed(inv, { target: '/api/slow', status: null });
  feed(inv, { target: '/api/ok' });
  feed(inv, { target: '/api/ok', status: 500 });
  assert.deepEqual(templates(inv), ['GET /api/export/dump.tar.gz', 'GET /api/ok']);
  const ok = inv.snapshot()[1];
  assert.deepEqual(Object.keys(ok.responses), ['200', '500']);
  assert.deepEqual([inv.counters.noiseStatic, inv.counters.noiseContentType, inv.counters.noiseErrorOnly], [1, 2, 2]);
});

test('parameters: query, header, cookie, JSON and form bodies with types, formats, sensitive kinds, counts', () => {
  const inv = inventory();
  feed(inv, {
    method: 'POST',
    target: '/api/pay?currency=EUR&debug=true',
    headers: [
      ['X-Tenant', 'acme'],
      ['Cookie', 'PHPSESSID=abc; theme=dark'],
      ['Content-Type', 'application/json'],
    ],
    body: JSON.stringify({ card: '4111 1111 1111 1111', amount: 12.5, email: 'ann@b.co', tags: ['x'] }),
    responseBody: '{"id":"7f1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6"}',
  });
  feed(inv, {
    method: 'POST',
    target: '/api/pay?currency=USD',
    headers: [['Content-Type', 'application/json']],
    body: JSON.stringify({ card: '5500 0000 0000 0004', amount: 3 }),
  });
  const [e] = inv.snapshot();
  assert.equal(e.count, 2);
  assert.deepEqual(e.params.query, { currency: { count: 2, types: ['string'] }, debug: { count: 1, types: ['boolean'] } });
  assert.deepEqual(e.params.header, { 'x-tenant': { count: 1, types: ['string'] } });
  assert.deepEqual(Object.keys(e.params.cookie!).sort(), ['PHPSESSID', 'theme']);
  assert.deepEqual(e.params.body!['$.card'], { count: 2, types: ['string'], sensitive: ['card'] });
  assert.deepEqual(e.params.body!['$.amount'], { count: 2, types: ['integer', 'number'] });
  assert.deepEqual(e.params.body!['$.email'], { count: 1, types: ['string'], formats: ['email'], sensitive: ['email'] });
  assert.deepEqual(e.params.body!['$.tags[]'], { count: 1, types: ['string'] });
  assert.deepEqual(e.responses['200'].body!['$.id'], { count: 1, types: ['string'], formats: ['uuid'] });
  assert.deepEqual(e.auth, ['cookie:PHPSESSID']);
});

test('a parameter named twice in one request (repeated query name, JSON path of two types) counts once per request', () => {
  const inv = inventory();
  const spec: TxSpec = {
    method: 'POST',
    target: '/api/tags?tag=a&tag=b&tag=c',
    headers: [['Content-Type', 'application/json']],
    body: '{"items":[1,"x",2.5,null]}',
  };
  feed(inv, spec);
  feed(inv, spec);
  const [e] = inv.snapshot();
  assert.deepEqual(e.params.query, { tag: { count: 2, types: ['string'] } });
  assert.deepEqual(e.params.body!['$.items[]'], { count: 2, types: ['integer', 'null', 'number', 'string'] });
  assert.deepEqual(e.params.body!.$.count, 2);
});

test('response bodies: past the cap the smallest field keys are kept (a body emptied by that has none); kept, in key order', () => {
  const inv = inventory('api_discovery:\n  max_response_fields_per_endpoint: 1\n');
  feed(inv, { target: '/r?q=1', status: 201, responseBody: '7' });
  feed(inv, { target: '/r?q=1', responseBody: '{"a":1,"b":2}' });
  feed(inv, { target: '/r', status: 200, responseHeaders: [], responseBody: '' });
  let [e] = inv.snapshot();
  // `$` of the 200 answer (key r200) is smaller than `$` of the 201 answer (r201), which it evicts.
  assert.equal(JSON.stringify(e.responses['201']), '{"content_types":["application/json"],"count":1}');
  assert.equal(
    JSON.stringify(e.responses['200']),
    '{"body":{"$":{"count":1,"types":["object"]}},"content_types":["application/json"],"count":2}',
  );
  assert.equal(inv.counters.fieldsCapped, 3);
  assert.deepEqual(e.params.query, { q: { count: 2, types: ['integer'] } });
  const other = inventory();
  feed(other, { target: '/r', status: 200, responseHeaders: [], responseBody: '' });
  feed(other, { target: '/r', responseBody: '{"a":1}' });
  feed(other, { target: '/r', responseHeaders: [['Content-Type', 'text/plain']], responseBody: 'x' });
  [e] = other.snapshot();
  assert.equal(
    JSON.stringify(e.responses),
    '{"200":{"body":{"$":{"count":1,"types":["object"]},"$.a":{"count":1,"types":["integer"]}},"content_types":["application/json","text/plain"],"count":3}}',
  );
});

test('caps: hosts, endpoints per host, params per endpoint are counted, never exceeded', () => {
  const inv = inventory('api_discovery:\n  max_endpoints_per_host: 3\n  max_params_per_endpoint: 4\n  max_hosts: 1\n');
  for (const p of ['/a', '/b', '/c', '/d', '/e']) feed(inv, { target: p });
  assert.equal(inv.snapshot().length, 3);
  assert.equal(inv.counters.endpointsCapped, 2);
  feed(inv, { target: '/a?p1=1&p2=2&p3=3&p4=4&p5=5&p6=6' });
  const a = inv.snapshot().find((e) => e.template === '/a')!;
  assert.equal(Object.keys(a.params.query ?? {}).length, 4);
  assert.equal(inv.counters.paramsCapped, 2);
  const t = tx({ target: '/x' });
  inv.observe(t, 'other.test', extractFacts(t, limits), '1', true);
  assert.equal(inv.counters.hostsCapped, 1);
  const total = inventory('api_discovery:\n  max_endpoints: 2\n');
  for (const h of ['h1', 'h2', 'h3']) {
    const x = tx({ target: '/x' });
    total.observe(x, h, extractFacts(x, limits), '1', true);
  }
  assert.deepEqual([total.snapshot().length, total.counters.endpointsCapped], [2, 1]);
});

test('response fields have their own cap: a large answer never pushes out query or body parameters', () => {
  const inv = inventory('api_discovery:\n  max_params_per_endpoint: 10\n  max_response_fields_per_endpoint: 10\n');
  const big = JSON.stringify(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i])));
  feed(inv, { target: '/search', responseBody: big });
  feed(inv, { method: 'GET', target: '/search?offset=10&market=DE', responseBody: big });
  const [e] = inv.snapshot();
  // Keys in a merge's form (sorted), whatever order they were first seen in.
  assert.deepEqual(Object.keys(e.params.query!), ['market', 'offset']);
  assert.equal(Object.keys(e.responses['200'].body!).length, 10);
  assert.ok(inv.counters.fieldsCapped > 0);
  assert.equal(inv.counters.paramsCapped, 0);
});

test('a parameter covering literal values has the types of all its values; a literal can become a parameter and back', () => {
  const inv = inventory();
  const item = JSON.stringify({ id: 1, name: 'n', price: 2.5 });
  for (const p of ['/api/items/123', '/api/items/456', '/api/items/sku-0042', '/api/items/sku-0077'])
    feed(inv, { target: p, responseBody: item });
  let get = inv.snapshot().find((e) => e.method === 'GET')!;
  assert.equal(get.template, '/api/items/{id}');
  assert.deepEqual(get.params.path, { id: { count: 4, types: ['integer', 'string'] } });
  // Two value-like names that answered alike are values of one parameter...
  for (const n of ['red42x', 'blue77y'])
    feed(inv, { method: 'DELETE', target: `/api/tags/${n}`, status: 204, responseHeaders: [], responseBody: '' });
  assert.ok(templates(inv).includes('DELETE /api/tags/{id}'));
  // ...until they turn out to be different things (their answers differ): literal again.
  feed(inv, {
    method: 'POST',
    target: '/api/tags/red42x',
    responseBody: JSON.stringify({ color: 'red', hex: '#f00', rgb: [255, 0, 0] }),
  });
  feed(inv, { method: 'POST', target: '/api/tags/blue77y', responseBody: JSON.stringify({ job: 'x', queued: true, eta: 5 }) });
  assert.deepEqual(
    templates(inv)
      .filter((t) => t.includes('/tags/'))
      .sort(),
    ['DELETE /api/tags/blue77y', 'DELETE /api/tags/red42x', 'POST /api/tags/blue77y', 'POST /api/tags/red42x'],
  );
  get = inv.snapshot().find((e) => e.method === 'GET')!;
  assert.deepEqual(get.params.path, { id: { count: 4, types: ['integer', 'string'] } });
});

test('parameters inside segments and format suffixes: {id}.json, matrix parameters dropped', () => {
  const inv = inventory();
  for (const t of [
    '/t/981.json',
    '/t/982.json',
    '/admin/users/983738.json',
    '/c/ann@example.com.json',
    '/files/report;jsessionid=ABC123',
    '/files/report;jsessionid=DEF456',
  ]) {
    feed(inv, { target: t, responseBody: '{"a":1,"b":2}' });
  }
  assert.deepEqual(templates(inv).sort(), [
    'GET /admin/users/{id}.json',
    'GET /c/{email}.json',
    'GET /files/report',
    'GET /t/{id}.json',
  ]);
});

test('a scanner hitting 10^6 random paths keeps the inventory bounded', () => {
  const inv = inventory();
  const s = discoverySettings(defaultConfig());
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32).toString(36).slice(2, 9);
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 1_000_000; i++) {
    // Every 10th answered 200 (soft-404s), the rest 404: the worst case for templating.
    feed(inv, { target: `/${rnd()}/${rnd()}.php`, status: i % 10 === 0 ? 200 : 404 });
  }
  const snap = inv.snapshot();
  assert.ok(snap.length <= s.maxEndpointsPerHost, `${snap.length} endpoints`);
  // The format suffix stays in the template (`{id2}.php`): docs/api-discovery.md, "Templating".
  assert.deepEqual(
    snap.map((e) => e.template),
    ['/{id}/{id2}.php'],
    JSON.stringify(inv.counters),
  );
  // Words at a position stay apart until path_literal_limit: 404s to the ones not seen answered are noise.
  assert.ok(snap[0].count > 990_000, String(snap[0].count));
  const grown = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  assert.ok(grown < 200, `RSS grew ${grown.toFixed(0)} MiB`);
});

test('deltas taken at any points merge to the inventory (the node exports what the cloud merges)', () => {
  const specs: TxSpec[] = [];
  for (let i = 0; i < 60; i++) {
    specs.push({
      method: i % 3 ? 'GET' : 'POST',
      target: `/api/items/${i % 7}?page=${i}${i % 2 ? '&q=x' : ''}`,
      ts: 1000 + i,
      status: i % 5 ? 200 : 404,
      headers: [['Content-Type', 'application/json']],
      body: i % 3 ? '' : JSON.stringify({ n: i, s: i % 2 ? 'a' : 1 }),
      responseBody: JSON.stringify({ id: i }),
    });
  }
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { maxLength: 6 }), (cuts) => {
      const inv = inventory();
      const merged = new Inventory();
      specs.forEach((s, i) => {
        feed(inv, s);
        if (cuts.includes(i)) for (const d of inv.takeDeltas()) merged.add(d as unknown as Record<string, unknown>);
      });
      const whole = new Inventory();
      for (const e of inv.snapshot()) whole.add(e as unknown as Record<string, unknown>);
      for (const d of inv.takeDeltas()) merged.add(d as unknown as Record<string, unknown>);
      assert.deepEqual(merged.list(), whole.list());
    }),
    { numRuns: 50 },
  );
});

test('content-encoded JSON responses are decoded before their fields are read', () => {
  const inv = inventory();
  const t = tx({ target: '/api/z' });
  const gz = gzipSync(JSON.stringify({ token: 'abc', n: 1 }));
  t.response!.headers.push(['Content-Encoding', 'gzip']);
  t.response!.body = { length: gz.length, sha256: '', inspect: gz, truncated: false, incomplete: false };
  inv.observe(t, 'api.test', extractFacts(t, limits), '1', true);
  assert.deepEqual(Object.keys(inv.snapshot()[0].responses['200'].body!).sort(), ['$', '$.n', '$.token']);
});

test('caps keep the smallest names: any split of the requests, each part capped, merged and cut, is the whole capped (property)', () => {
  const caps = 'api_discovery:\n  max_params_per_endpoint: 3\n  max_response_fields_per_endpoint: 4\n';
  const loaded = loadConfigText(`mode: tcp-capture\n${caps}`, 't.yaml');
  assert.ok('config' in loaded);
  const s = discoverySettings(loaded.config);
  const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
  const request = fc.record({ query: fc.uniqueArray(name, { maxLength: 4 }), body: fc.uniqueArray(name, { maxLength: 5 }) });
  fc.assert(
    fc.property(fc.array(fc.tuple(request, fc.boolean()), { minLength: 1, maxLength: 12 }), (reqs) => {
      const spec = (r: { query: string[]; body: string[] }): TxSpec => ({
        target: `/r${r.query.length > 0 ? '?' : ''}${r.query.map((q) => `${q}=1`).join('&')}`,
        responseBody: JSON.stringify(Object.fromEntries(r.body.map((b) => [b, 1]))),
      });
      const whole = inventory(caps);
      const parts = [inventory(caps), inventory(caps)];
      for (const [r, side] of reqs) {
        feed(whole, spec(r));
        feed(parts[side ? 1 : 0], spec(r));
      }
      const merged = new Inventory();
      for (const p of parts) for (const e of p.snapshot()) merged.add(e as unknown as Record<string, unknown>);
      const cut = merged.list().map((e) => capEndpointFacts(e as never, s.maxParamsPerEndpoint, s.maxResponseFieldsPerEndpoint));
      // Key order aside (the merge sorts keys).
      const canonical = (v: unknown): string =>
        JSON.stringify(v, (_k, x: unknown) =>
          x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
        );
      assert.equal(canonical(cut), canonical(whole.snapshot()));
    }),
    { numRuns: 200 },
  );
});
