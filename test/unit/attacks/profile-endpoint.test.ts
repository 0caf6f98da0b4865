/**
 * The endpoint a request is profiled under (ProfileStore.endpoint, node/analysis/attacks/profile/
 * profiles.ts) is the one of its host, method and path template (pathTemplate), whatever the raw-path
 * cache holds: the same object for every request of that template, a new one for a new template
 * until max_endpoints, then null. The cache remembers only paths that are their own template (a
 * digit in a name: `/api/v1/orders`), not paths with an id, which are nearly always new
 * (docs/performance.md "The attack stage per transaction (branch i22-attacks4)").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ProfileStore } from '../../../node/analysis/attacks/profile/profiles';
import { DEFAULT_ANOMALY_SETTINGS } from '../../../node/analysis/attacks/profile/settings';
import { pathTemplate } from '../../../node/analysis/attacks/profile/vocabulary';

const PATHS = [
  '/api/v1/orders',
  '/api/v1/orders/',
  '/api/v2/orders',
  '/oauth2/token',
  '/api/orders/1234',
  '/api/orders/98',
  '/api/v1/orders/98/items',
  '/api/v1/orders/7/items',
  '/u/anna@example.org',
  '/x/2026-01-05',
  '/x/{}',
  '//v1//5',
  '/login',
  '/',
  '',
  'v1',
];
type Endpoint = NonNullable<ReturnType<ProfileStore['endpoint']>>;

const request = fc.record({
  host: fc.constantFrom('shop.example', 'api.example'),
  method: fc.constantFrom('GET', 'POST'),
  path: fc.oneof(
    fc.constantFrom(...PATHS),
    fc.integer({ min: 0, max: 40 }).map((n) => `/api/v1/users/${n}`),
    fc.integer({ min: 0, max: 3 }).map((n) => `/v${n}/cart`),
  ),
});

test('the same endpoint for every request of a host, method and path template; a new one until the cap, then null', () => {
  fc.assert(
    fc.property(fc.array(request, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), (requests, maxEndpoints) => {
      const store = new ProfileStore({ ...DEFAULT_ANOMALY_SETTINGS, maxEndpoints });
      const byTemplate = new Map<string, Endpoint>();
      for (const r of requests) {
        // A new string per request, as the request view makes.
        const e = store.endpoint(r.host, r.method, (' ' + r.path).slice(1));
        const key = `${r.host}\n${r.method}\n${pathTemplate(r.path)}`;
        const before = byTemplate.get(key);
        if (before !== undefined) assert.equal(e, before, JSON.stringify(r));
        else if (byTemplate.size >= maxEndpoints) assert.equal(e, null, JSON.stringify(r));
        else {
          assert.ok(e !== null && ![...byTemplate.values()].includes(e), JSON.stringify(r));
          byTemplate.set(key, e);
        }
      }
      assert.equal(store.counters.endpoints, byTemplate.size);
    }),
    { numRuns: 3000 },
  );
});

test('the raw-path cache holds the paths that are their own template, not those with an id', () => {
  const store = new ProfileStore(DEFAULT_ANOMALY_SETTINGS);
  const cached = (): number => (store as unknown as { resolvedSize: number }).resolvedSize;
  for (let id = 0; id < 100; id++) store.endpoint('h', 'GET', `/api/v1/users/${id}`);
  assert.equal(cached(), 0);
  for (let i = 0; i < 5; i++) store.endpoint('h', 'GET', '/api/v1/users');
  assert.equal(cached(), 1);
  // A path without a digit or `@` is its own template and needs no cache.
  store.endpoint('h', 'GET', '/api/users');
  assert.equal(cached(), 1);
  assert.equal(store.counters.endpoints, 3);
});
