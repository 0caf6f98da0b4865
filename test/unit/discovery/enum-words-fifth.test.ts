/**
 * Enum words read as literals, fifth round (branch i19-enum5): names with nothing but custom methods that cross each
 * other under a singular word (`/v3beta1/summary:detectIntent`, `/v3beta1/weekly:matchIntent`), and tag maps read and
 * posted where one of them was requested once (`GET /tags/daily` once). docs/api-discovery.md "Crossed custom methods
 * under a singular word, a tag map requested once (branch i19-enum5)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines, type ExampleRequest } from './inventory-examples';

/** `METHOD /path` lines (GET when no method), every answer XML: no JSON shape to compare. */
const templates = (lines: string[]): string[] =>
  inventoryLines(
    lines.map((l): ExampleRequest => [l, '']),
    { xml: true },
  );

/** Each line `times` times. */
const repeated = (lines: string[], times: number): string[] => lines.flatMap((l) => Array<string>(times).fill(l));

/** The rest of the host: two endpoints asked for five times each. */
const HOST = repeated(['/v3beta1/projects', 'POST /v3beta1/projects'], 5);

test('under a singular word, names with nothing but custom methods that cross each other, requested thinly, are one parameter', () => {
  // Dialogflow's `/v3beta1/{session}:detectIntent` with enum words for the sessions (`v3beta1` is no `v<n>` tag).
  const sessions = [
    'POST /v3beta1/summary:detectIntent',
    'POST /v3beta1/weekly:detectIntent',
    'POST /v3beta1/internal:detectIntent',
    'POST /v3beta1/summary:matchIntent',
    'POST /v3beta1/internal:matchIntent',
  ];
  assert.deepEqual(templates([...HOST, ...sessions]), [
    'GET /v3beta1/projects',
    'POST /v3beta1/projects',
    'POST /v3beta1/{id}:detectIntent',
    'POST /v3beta1/{id}:matchIntent',
  ]);
  // The same under a plain singular word.
  assert.deepEqual(templates([...HOST, ...sessions.map((l) => l.replace('/v3beta1/', '/v3beta1/session/'))]), [
    'GET /v3beta1/projects',
    'POST /v3beta1/projects',
    'POST /v3beta1/session/{id}:detectIntent',
    'POST /v3beta1/session/{id}:matchIntent',
  ]);
});

test('look-alike stays literal: resource names of a singular word sharing custom methods, each asked for as an endpoint is', () => {
  const account = repeated(
    [
      'POST /v3beta1/account/billing:export',
      'POST /v3beta1/account/audit:export',
      'POST /v3beta1/account/audit:purge',
      'POST /v3beta1/account/usage:purge',
    ],
    5,
  );
  assert.deepEqual(templates([...HOST, ...account]), [
    'GET /v3beta1/projects',
    'POST /v3beta1/account/audit:export',
    'POST /v3beta1/account/audit:purge',
    'POST /v3beta1/account/billing:export',
    'POST /v3beta1/account/usage:purge',
    'POST /v3beta1/projects',
  ]);
});

test('look-alike stays literal: custom methods of a singular word that do not cross (each on one name)', () => {
  const verbs = [
    'POST /v3beta1/account/billing:export',
    'POST /v3beta1/account/audit:purge',
    'POST /v3beta1/account/usage:verify',
  ];
  assert.deepEqual(templates([...HOST, ...verbs]), [
    'GET /v3beta1/projects',
    'POST /v3beta1/account/audit:purge',
    'POST /v3beta1/account/billing:export',
    'POST /v3beta1/account/usage:verify',
    'POST /v3beta1/projects',
  ]);
});

/** `[line, JSON answer]` pairs: the rest of the host, two endpoints asked for five times each. */
const ORDERS: Array<[string, string]> = repeated(['/api/orders', 'POST /api/orders'], 5).map((l): [string, string] => [
  l,
  l.startsWith('POST') ? '{"id":"o1","total":3,"currency":"EUR"}' : '{"items":[{"id":"o1","total":3}],"next":null}',
]);

/** AWS's `GET|POST /tags/{resourceArn}` with words as the resources: tag maps empty, POSTs answered with no body. */
const TAG_MAPS: Array<[string, string]> = [
  ['/api/tags/active', '{}'],
  ['POST /api/tags/active', ''],
  ['/api/tags/monthly', '{}'],
  ['POST /api/tags/monthly', ''],
  ['/api/tags/summary', '{}'],
  ['POST /api/tags/summary', ''],
];

test('tag maps read and posted with empty answers, and one more read once: one request shows one method, all are items', () => {
  assert.deepEqual(inventoryLines([...ORDERS, ...TAG_MAPS, ['/api/tags/daily', '{}']]), [
    'GET /api/orders',
    'GET /api/tags/{id}',
    'POST /api/orders',
    'POST /api/tags/{id}',
  ]);
});

test('look-alike stays literal: a leaf only read twice beside tag maps read and posted; two read and posted with one read once', () => {
  const readTwice: Array<[string, string]> = [
    ['/api/tags/daily', '{}'],
    ['/api/tags/daily', '{}'],
  ];
  assert.ok(inventoryLines([...ORDERS, ...TAG_MAPS, ...readTwice]).includes('GET /api/tags/daily'));
  const two = TAG_MAPS.slice(0, 4);
  assert.ok(inventoryLines([...ORDERS, ...two, ['/api/tags/daily', '{}']]).includes('GET /api/tags/daily'));
});

test('look-alike stays literal: one custom method on names seen under several parents is no cross (/apps/-/x:batchGet)', () => {
  // Google's `-` wildcard for every app of a project: each config name has one method, seen again under each project.
  const configs = ['appAttestConfig', 'deviceCheckConfig', 'playIntegrityConfig'];
  const projects = ['north-river-12', 'amber-lake-7', 'stone-peak-31'];
  const lines = projects.flatMap((p) => configs.map((c) => `/v1/projects/${p}/apps/-/${c}:batchGet`));
  assert.deepEqual(templates([...repeated(['/v1/status', 'POST /v1/status'], 10), ...lines]), [
    'GET /v1/projects/{id}/apps/-/appAttestConfig:batchGet',
    'GET /v1/projects/{id}/apps/-/deviceCheckConfig:batchGet',
    'GET /v1/projects/{id}/apps/-/playIntegrityConfig:batchGet',
    'GET /v1/status',
    'POST /v1/status',
  ]);
});
