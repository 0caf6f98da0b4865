/**
 * Sparse levels and leaves, default traffic (issue 19, branch i19-sparse3; docs/api-discovery.md "Sparse leaves…
 * (branch i19-sparse3)"): a parameter's values share one endpoint's requests, thinly and alike; a resource's
 * actions are each requested as an endpoint is, or answer, or take bodies of their own.
 * Each example is a set of requests (method, URL, the server's answer, a JSON body for a write) and the templates
 * the inventory lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** A request: `METHOD /path` (GET when no method), its JSON answer and, for a write, its JSON body. */
type Request = [line: string, answer: string, body?: string];

/** The host's other endpoints, four requests each: the average a parameter's values are measured against. */
const BUSY: Request[] = ['/api/v1/timelines/home', '/api/v1/accounts', '/api/v1/notifications'].flatMap((p) =>
  [1, 2, 3, 4].map((): Request => [p, '{"items":[],"total":0}']),
);
const BUSY_LINES = new Set(BUSY.map(([p]) => `GET ${p}`));

/** The templates of `requests` beside the host's busy endpoints, without those. */
const templatesOf = (requests: Request[]): string[] => inventoryLines([...BUSY, ...requests]).filter((t) => !BUSY_LINES.has(t));

/** `POST prefix/<leaf>` without a body for each leaf, answering `answer(i)`. */
const postsWithoutBody = (prefix: string, leaves: string[], answer: (i: number) => string): Request[] =>
  leaves.map((leaf, i): Request => [`POST ${prefix}/${leaf}`, answer(i)]);

// A game's region set by POST (`/game/{key}/region/{regionCode}`): five codes over three games, one seen once.
const REGION_CODES = ['amberriver', 'harbor-quartz', 'maple-ember', 'amberriver', 'coralpine', 'willowwillow', 'maple-ember'];

test('bodiless POST-only leaves under a silent word, spread thin and answering alike (or `{}`), are one parameter (a region code)', () => {
  // One code's answer is an empty object: no shape to compare, nothing against the others.
  const requests = REGION_CODES.map((code, i): Request => [
    `POST /restv2/game/${301 + (i % 3)}/region/${code}`,
    code === 'willowwillow' ? '{}' : `{"message":"region ${i} set"}`,
  ]);
  assert.deepEqual(templatesOf(requests), ['POST /restv2/game/{id}/region/{region_id}']);
});

test('bodiless POST-only leaves answering no shape (a bare JSON string), spread thin, are one parameter (a coupon code)', () => {
  const codes = ['aspen-violet', 'iriscedar', 'north-cedar', 'iriscedar', 'quartzharbor', 'north-cedar'];
  assert.deepEqual(templatesOf(postsWithoutBody('/api/rnb/pvt/unarchive/coupon', codes, (i) => `"done ${i}"`)), [
    'POST /api/rnb/pvt/unarchive/coupon/{id}',
  ]);
});

test('look-alike: bodiless actions each requested as an endpoint is stay literal (/cache/flush, /clear, /warm)', () => {
  const actions = ['flush', 'clear', 'warm'].flatMap((a) => [a, a, a, a]);
  assert.deepEqual(templatesOf(postsWithoutBody('/api/v1/cache', actions, () => '{"ok":true}')), [
    'POST /api/v1/cache/clear',
    'POST /api/v1/cache/flush',
    'POST /api/v1/cache/warm',
  ]);
});

test('look-alike: bodiless actions under an item that answers stay literal (/jobs/{id}/start, /stop, /cancel)', () => {
  const requests: Request[] = [
    ['/api/v1/jobs/7001', '{"id":7001,"state":"idle"}'],
    ['/api/v1/jobs/7002', '{"id":7002,"state":"idle"}'],
    ...postsWithoutBody('/api/v1/jobs/7001', ['start', 'stop', 'cancel', 'start'], () => '{"ok":true}'),
  ];
  assert.deepEqual(templatesOf(requests), [
    'GET /api/v1/jobs/{id}',
    'POST /api/v1/jobs/{id}/cancel',
    'POST /api/v1/jobs/{id}/start',
    'POST /api/v1/jobs/{id}/stop',
  ]);
});

test("look-alike: bodiless POST-only leaves answering shapes of their own stay literal (a resource's actions)", () => {
  const answers = [
    '{"token":"t","expires":3600}',
    '{"revoked":true}',
    '[{"session":"s1","ip":"1.2.3.4"}]',
    '{"token":"u","expires":60}',
  ];
  assert.deepEqual(
    templatesOf(postsWithoutBody('/api/v1/session', ['refresh', 'revoke', 'list', 'refresh'], (i) => answers[i])),
    ['POST /api/v1/session/list', 'POST /api/v1/session/refresh', 'POST /api/v1/session/revoke'],
  );
});

test('look-alike: POST-only leaves some with a body and some without are actions (/user/login, /user/logout)', () => {
  const requests: Request[] = [
    ['POST /api/v1/user/login', '{"ok":true}', '{"username":"a","password":"b"}'],
    ['POST /api/v1/user/logout', '{"ok":true}'],
    ['POST /api/v1/user/refresh', '{"ok":true}'],
    ['POST /api/v1/user/logout', '{"ok":true}'],
  ];
  assert.deepEqual(templatesOf(requests), ['POST /api/v1/user/login', 'POST /api/v1/user/logout', 'POST /api/v1/user/refresh']);
});

test('look-alike: bodiless POST-only leaves under an item of a collection are its actions (/plans/checkout/readDelegates)', () => {
  const actions = ['deleteAllEnvironments', 'readDelegates', 'writeCodespaces', 'readDelegates', 'resourceDeletionValidate'];
  assert.deepEqual(templatesOf(postsWithoutBody('/api/v1/providers/Microsoft.VSOnline/plans/checkout', actions, () => '')), [
    'POST /api/v1/providers/Microsoft.VSOnline/plans/checkout/deleteAllEnvironments',
    'POST /api/v1/providers/Microsoft.VSOnline/plans/checkout/readDelegates',
    'POST /api/v1/providers/Microsoft.VSOnline/plans/checkout/resourceDeletionValidate',
    'POST /api/v1/providers/Microsoft.VSOnline/plans/checkout/writeCodespaces',
  ]);
});

/** `GET prefix/<leaf>` for each leaf, answering nothing (an empty 200: no shape). */
const readsWithoutAnswer = (prefix: string, leaves: string[]): Request[] =>
  leaves.map((leaf): Request => [`${prefix}/${leaf}`, '']);

test("read-only leaves spread thin beside their collection's list, no answer with a shape, are its items (/architectures/{name})", () => {
  const requests = [
    ...readsWithoutAnswer('/architectures', ['aspen-kite', 'amber-maple', 'riverviolet', 'aspen-kite', 'harbormaple']),
    ...readsWithoutAnswer('', ['architectures', 'architectures', 'architectures', 'architectures']),
    ...readsWithoutAnswer('/architectures', ['quartzsage', 'riverviolet', 'aspen-kite']),
  ];
  assert.deepEqual(templatesOf(requests), ['GET /architectures', 'GET /architectures/{id}']);
});

test("look-alike: a collection's views each requested as an endpoint is stay literal beside its list (/architectures/search)", () => {
  const views = ['search', 'export', 'count'].flatMap((v) => [v, v, v, v]);
  const requests = [
    ...readsWithoutAnswer('', ['architectures', 'architectures', 'architectures']),
    ...readsWithoutAnswer('/architectures', views),
  ];
  assert.deepEqual(templatesOf(requests), [
    'GET /architectures',
    'GET /architectures/count',
    'GET /architectures/export',
    'GET /architectures/search',
  ]);
});
